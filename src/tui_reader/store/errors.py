"""The store's errors, and the one place where `sqlite3` exceptions become them.

Everything above the store catches these types; nothing there reads SQLite's error text or imports `sqlite3`.
`store_error` picks the class from SQLite's result code (`sqlite_errorcode`, primary code in the low byte),
never from the message. `sqlite_boundary` applies it to every public method of the `AnnotationStore` facade,
so reads, writes and merges all raise the same types; `AnnotationStore.write()` applies it to the body of a
transaction too (callers of `store.write()` run their own store calls inside it).
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")


class StoreError(Exception):
    """A problem the user can act on; the message is one clear line."""


class SpanError(StoreError):
    """A span that would break `text[start:end] == span.text` or name an unknown document."""


class BusyError(StoreError):
    """The database stayed locked by another writer longer than the busy timeout."""


class ReadOnlyError(StoreError):
    """The database cannot be written: a read-only file, folder or connection."""


class CorruptError(StoreError):
    """The file is not an SQLite database, or a damaged one."""


class DatabaseError(StoreError):
    """Any other error SQLite reported (a full disk, an I/O error, a constraint); the message is SQLite's."""


# SQLite primary result codes (https://sqlite.org/rescode.html)
_SQLITE_BUSY, _SQLITE_LOCKED, _SQLITE_READONLY, _SQLITE_CORRUPT, _SQLITE_NOTADB = 5, 6, 8, 11, 26
_CLASSES: dict[int, type[StoreError]] = {
    _SQLITE_BUSY: BusyError, _SQLITE_LOCKED: BusyError, _SQLITE_READONLY: ReadOnlyError,
    _SQLITE_CORRUPT: CorruptError, _SQLITE_NOTADB: CorruptError,
}  # fmt: skip


def error_class(error: sqlite3.Error) -> type[StoreError]:
    """The StoreError subclass for a sqlite3 exception, from its result code (none: an API misuse)."""
    code = getattr(error, "sqlite_errorcode", None)
    return DatabaseError if code is None else _CLASSES.get(code & 0xFF, DatabaseError)


def store_error(error: sqlite3.Error, path: str | Path, *, busy_timeout_ms: int, message: str | None = None) -> StoreError:
    """The StoreError to raise for `error` met while using the database at `path`.

    `message` replaces the default one-line message of its class (the class still comes from the code).
    """
    cls = error_class(error)
    if message is None:
        if cls is BusyError:
            message = f"{path}: database is busy (another writer held it for over {busy_timeout_ms / 1000:g} s)"
        elif cls is ReadOnlyError:
            message = f"{path}: database is read-only (annotations could not be saved)"
        elif cls is CorruptError:
            message = f"{path}: the database file is damaged ({error})"
        else:
            message = f"{path}: database error: {error}"  # "database or disk is full": which file
    return cls(message)


def _translating(fn: Callable[..., Any]) -> Callable[..., Any]:
    if fn.__code__.co_flags & 0x20:  # CO_GENERATOR: errors happen while it is iterated, not when called

        def gen_wrapper(self: Any, *args: Any, **kwargs: Any) -> Iterator[Any]:
            try:
                yield from fn(self, *args, **kwargs)
            except sqlite3.Error as e:
                raise store_error(e, self.path, busy_timeout_ms=self.busy_timeout_ms) from e

        return _named_like(gen_wrapper, fn)

    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return fn(self, *args, **kwargs)
        except sqlite3.Error as e:
            raise store_error(e, self.path, busy_timeout_ms=self.busy_timeout_ms) from e

    return _named_like(wrapper, fn)


def _named_like(wrapper: Callable[..., Any], fn: Callable[..., Any]) -> Callable[..., Any]:
    # what functools.wraps does, for the few attributes help() and tracebacks show (4x cheaper at import)
    wrapper.__name__, wrapper.__qualname__, wrapper.__doc__ = fn.__name__, fn.__qualname__, fn.__doc__
    wrapper.__module__, wrapper.__wrapped__ = fn.__module__, fn  # type: ignore[attr-defined]
    return wrapper


def sqlite_boundary(cls: type[T]) -> type[T]:
    """Wrap every public method and property of `cls` (and of the mixins it is composed of) so that a sqlite3
    exception leaves it as a StoreError subclass. Methods marked with `@maps_own_errors` map errors themselves."""
    seen: set[str] = set()
    for klass in cls.__mro__[:-1]:  # the class itself first, so an override is the one wrapped
        for name, attr in list(vars(klass).items()):
            if name.startswith("_") or name in seen:
                continue
            seen.add(name)
            if isinstance(attr, property) and attr.fget is not None:
                setattr(cls, name, property(_translating(attr.fget), attr.fset, attr.fdel, attr.__doc__))
            elif callable(attr) and hasattr(attr, "__code__") and not getattr(attr, "_maps_own_errors", False):
                setattr(cls, name, _translating(attr))
    return cls


def maps_own_errors(fn: Callable[..., T]) -> Callable[..., T]:
    """Mark a method that turns sqlite3 errors into StoreErrors itself (a context manager, a custom message)."""
    fn._maps_own_errors = True  # type: ignore[attr-defined]
    return fn


def retry_busy(fn: Callable[[], Any], *, attempts: int = 5, first_delay: float = 0.05) -> Any:
    """Call `fn`, retrying with exponential backoff while the database reports busy (for the UI side)."""
    delay = first_delay
    for i in range(attempts):
        try:
            return fn()
        except BusyError:
            if i == attempts - 1:
                raise
            time.sleep(delay)
            delay *= 2
    return None

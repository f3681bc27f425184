"""Copy to the system clipboard with pyperclip, falling back to OSC 52 (`App.copy_to_clipboard`).

pyperclip shells out to xclip/xsel/wl-copy/klipper; a broken one prints to stderr, and Textual draws the screen
on stderr, so those messages would land over the app. Redirecting fd 2 around the call is not safe either:
Textual's writer thread could be flushing a frame into it at that moment. Instead every subprocess pyperclip
starts gets `stderr=DEVNULL` (through a small proxy of the `subprocess` module seen by pyperclip only).
"""

from __future__ import annotations

import subprocess
from types import ModuleType
from typing import Any, Protocol


class _QuietSubprocess(ModuleType):
    """`subprocess` as pyperclip sees it: children never inherit the terminal's stderr."""

    def __init__(self) -> None:
        super().__init__("subprocess")

    def __getattr__(self, name: str) -> Any:
        return getattr(subprocess, name)

    @staticmethod
    def Popen(*args: Any, **kw: Any) -> subprocess.Popen[Any]:  # noqa: N802 - mirrors subprocess.Popen
        kw.setdefault("stderr", subprocess.DEVNULL)
        return subprocess.Popen(*args, **kw)

    @staticmethod
    def check_call(*args: Any, **kw: Any) -> int:
        kw.setdefault("stderr", subprocess.DEVNULL)
        return subprocess.check_call(*args, **kw)

    @staticmethod
    def call(*args: Any, **kw: Any) -> int:
        kw.setdefault("stderr", subprocess.DEVNULL)
        return subprocess.call(*args, **kw)


def _quiet_pyperclip() -> ModuleType:
    import pyperclip

    if not isinstance(getattr(pyperclip, "subprocess", None), _QuietSubprocess):
        pyperclip.subprocess = _QuietSubprocess()  # type: ignore[attr-defined]
    return pyperclip


class SupportsOSC52(Protocol):
    def copy_to_clipboard(self, text: str) -> None: ...


def copy_text(app: SupportsOSC52, text: str) -> str:
    """Copy `text`; returns "system" when pyperclip did it, "osc52" when the terminal was asked instead."""
    try:
        _quiet_pyperclip().copy(text)
        return "system"
    except Exception:  # noqa: BLE001 - PyperclipException, a missing/broken helper program, anything
        app.copy_to_clipboard(text)
        return "osc52"

"""DESIGN's layer rules, checked on the source (docs/architecture.md draws them):

- the core (every module outside `tui/` and the front ends `cli`, `serve`, `startup`, `__main__`) never imports
  Textual, Rich, textual-serve or click, nor anything from `tui_reader.tui`: the CLI and the app share it;
- the front ends reach the TUI only lazily (inside a function), so `tui-reader export` never loads Textual;
- no import cycle between tui_reader's modules, counting imports made inside functions too.

The database rules (no SQL outside `store/`, `tui/` never imports sqlite3) are in test_architecture_store.py.
Mutation checks done by hand: `from textual.content import Content` added to review.py fails the first test;
`from tui_reader.cli import main` added at the top of tui/app.py fails the cycle test.
"""

from __future__ import annotations

import ast
from pathlib import Path

import tui_reader

PACKAGE = Path(tui_reader.__file__).parent
SRC = PACKAGE.parent
FRONT_ENDS = {"tui_reader.cli", "tui_reader.serve", "tui_reader.startup", "tui_reader.__main__",
              "tui_reader.cli.common", "tui_reader.cli.data", "tui_reader.cli.assist", "tui_reader.cli.team"}  # fmt: skip
UI_PACKAGES = {"textual", "rich", "textual_serve", "click"}


def module_name(path: Path) -> str:
    parts = path.relative_to(SRC).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in PACKAGE.rglob("*.py")}


def imports(path: Path, *, top_level_only: bool = False) -> list[tuple[int, str]]:
    """(line, absolute module name) of every import in `path` (relative ones resolved); with `top_level_only`,
    only those run when the module is imported (not inside a function)."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = list(ast.walk(tree))
    if top_level_only:
        lazy = {id(n) for fn in nodes if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef))
                for n in ast.walk(fn)}  # fmt: skip
        nodes = [n for n in nodes if id(n) not in lazy]
    found: list[tuple[int, str]] = []
    for node in nodes:
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(parts + ([node.module] if node.module else []))
            for a in node.names:
                full = f"{base}.{a.name}"
                found.append((node.lineno, full if full in MODULES else base))
    return found


def core_modules() -> dict[str, Path]:
    assert {n for n in MODULES if n.startswith("tui_reader.cli.")} <= FRONT_ENDS  # a new cli module: list it
    core = {n: p for n, p in MODULES.items() if not n.startswith("tui_reader.tui") and n not in FRONT_ENDS}
    assert {"tui_reader.review", "tui_reader.actions", "tui_reader.store", "tui_reader.exporting"} <= set(core)
    return core


def test_the_core_never_imports_textual_or_the_tui() -> None:
    bad = [f"{name}:{line}: {mod}" for name, path in core_modules().items() for line, mod in imports(path)
           if mod.split(".")[0] in UI_PACKAGES or mod.startswith("tui_reader.tui")]  # fmt: skip
    assert bad == []


def test_the_front_ends_load_the_tui_only_when_they_run_it() -> None:
    bad = [f"{name}:{line}: {mod}" for name in FRONT_ENDS if name in MODULES
           for line, mod in imports(MODULES[name], top_level_only=True)
           if mod.split(".")[0] == "textual" or mod.startswith("tui_reader.tui")]  # fmt: skip
    assert bad == []


def import_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for name, path in MODULES.items():
        deps = set()
        for _, mod in imports(path):
            while mod and mod not in MODULES:
                mod = mod.rpartition(".")[0]
            if mod and mod != name and not name.startswith(mod + "."):  # a package's own parent: not a cycle
                deps.add(mod)
        graph[name] = deps
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycles_between_modules_lazy_imports_included() -> None:
    graph = import_graph()
    assert "tui_reader.tui.app" in graph["tui_reader.cli"]  # the walk sees lazy imports
    assert cycles(graph) == []

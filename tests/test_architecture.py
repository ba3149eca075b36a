"""The house rules that import-linter does not check (docs/architecture.md): no private names
imported across modules, caspian modules imported at module level unless they pull a heavy
optional dependency, and a unit pipeline that never loads torch."""

from __future__ import annotations

import ast
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "caspian"
# Optional heavy dependencies: imported inside the functions that need them, never at module level
# of a module that a light path (the CLI's --help, the gazetteer pipeline, the web app) imports.
HEAVY = {"torch", "transformers", "tokenizers", "spacy", "natasha", "dask", "distributed", "playwright"}


def _module_name(path: Path) -> str:
    parts = path.relative_to(SRC).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def _modules() -> dict[str, ast.Module]:
    return {_module_name(p): ast.parse(p.read_text(encoding="utf-8")) for p in PACKAGE.rglob("*.py")}


def _imports(tree: ast.AST, top_level: bool) -> list[tuple[ast.stmt, str, list[str]]]:
    """(node, module, names) of the imports at module level (`top_level`) or inside functions."""
    found: list[tuple[ast.stmt, str, list[str]]] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inner = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            if isinstance(child, ast.Import) and in_function != top_level:
                found.extend((child, alias.name, []) for alias in child.names)
            elif isinstance(child, ast.ImportFrom) and child.module and in_function != top_level and not child.level:
                found.append((child, child.module, [alias.name for alias in child.names]))
            visit(child, inner)

    visit(tree, False)
    return found


@cache
def _heavy_modules() -> frozenset[str]:
    """Caspian modules that import a heavy dependency at module level, directly or through another."""
    modules = _modules()
    direct: dict[str, set[str]] = {}
    heavy: set[str] = set()
    for name, tree in modules.items():
        direct[name] = set()
        for _, module, names in _imports(tree, top_level=True):
            if module.split(".")[0] in HEAVY:
                heavy.add(name)
            elif module.startswith("caspian"):
                direct[name] |= {f"{module}.{n}" if f"{module}.{n}" in modules else module for n in names or [""]}
    changed = True
    while changed:
        changed = False
        for name, deps in direct.items():
            if name not in heavy and deps & heavy:
                heavy.add(name)
                changed = True
    return frozenset(heavy)


def test_no_module_imports_a_private_name_from_another_module() -> None:
    offenders = [
        f"{name}: from {module} import {n}"
        for name, tree in _modules().items()
        for top in (True, False)
        for _, module, names in _imports(tree, top)
        if module.startswith("caspian") and module != name
        for n in names
        if n.startswith("_") and not n.startswith("__")
    ]
    assert offenders == []


def test_caspian_modules_are_imported_at_module_level_unless_they_pull_a_heavy_dependency() -> None:
    heavy = _heavy_modules()
    offenders = [
        f"{name}:{node.lineno}: {module}"
        for name, tree in _modules().items()
        # the root package's lazy facade (`caspian.extract`): every `import caspian.x` runs it first
        if name != "caspian"
        for node, module, names in _imports(tree, top_level=False)
        if module.startswith("caspian") and module not in heavy and not any(f"{module}.{n}" in heavy for n in names)
    ]
    assert offenders == []


def test_the_heavy_module_finder_sees_the_transformer_backend() -> None:
    """The rule above is only as good as this list: the e5 runtime must be in it, the CLI must not."""
    heavy = _heavy_modules()
    assert any(name.startswith("caspian.ner") for name in heavy)
    assert "caspian.cli.app" not in heavy and "caspian.stages.facts" not in heavy


@pytest.mark.slow  # a subprocess; `pytest -m "not slow"` checks the same of itself (tests/conftest.py)
def test_the_cli_the_web_app_and_a_gazetteer_pipeline_run_without_torch(tmp_path: Path) -> None:
    script = """
import sys
import caspian.cli.app, caspian.web, caspian.kb
from caspian.document import Document
from caspian.pipeline import Pipeline
from caspian.readers.sample import sample_articles
from caspian.settings import Settings
pipeline = Pipeline.from_settings(Settings(stage_options={"entities": {"backend": "gazetteer"}}))
docs = [pipeline.run_one(Document(raw=p.read_text(encoding="utf-8"), path=str(p))) for p in sample_articles()[:6]]
assert all(isinstance(d, Document) and d.entities for d in docs), docs
loaded = sorted(m for m in sys.modules if m.split(".")[0] in {"torch", "transformers", "spacy"})
print(",".join(loaded))
"""
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.strip() == ""

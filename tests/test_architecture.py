"""The package's shape: layers, sizes, one owner per concept, clientside code in assets."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import timeline
from timeline.web import ids

PACKAGE = Path(timeline.__file__).resolve().parent
ASSETS = PACKAGE.parent / "assets"
# which layer may import which: data flows one way. "options" is the commands' shared
# options (timeline/options.py), which each subpackage's command uses; "cli" wires them all.
ALLOWED = {
    "model": {"model"},
    "load": {"model", "load"},
    "query": {"model", "load", "query"},
    "chart": {"model", "query", "chart"},
    "export": {"model", "load", "query", "chart", "export"},
    "options": {"model", "load", "query", "export", "options"},
    "report": {"model", "load", "query", "chart", "export", "options", "report"},
    "web": {"model", "load", "query", "chart", "export", "web", "report"},
    "draft": {"model", "load", "options", "draft"},
    "synth": {"model", "synth"},
    "interchange": {"model", "load", "export", "options", "interchange"},
    "review": {"model", "load", "query", "chart", "export", "web", "options", "review"},
    "publish": {"model", "load", "query", "chart", "export", "options", "report", "publish"},
    "pack": {"model", "load", "query", "options", "pack"},
    "cli": {
        "model", "load", "query", "export", "options", "report", "web", "draft", "synth",
        "interchange", "review", "publish", "pack",
    },
}  # fmt: skip


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_no_module_is_over_450_lines() -> None:
    long = {
        p.relative_to(PACKAGE): n for p in modules() if (n := len(p.read_text().splitlines())) > 450
    }
    assert not long


def test_every_subpackage_says_what_belongs_in_it() -> None:
    packages = [p for p in PACKAGE.iterdir() if (p / "__init__.py").exists()]
    assert len(packages) >= 4
    for package in packages:
        docstring = ast.get_docstring(ast.parse((package / "__init__.py").read_text()))
        assert docstring and len(docstring) > 20, package.name


def _layer(path: Path) -> str:
    """A module's layer: its subpackage, or a top-level module's own name."""
    parts = path.relative_to(PACKAGE).parts
    return parts[0] if len(parts) > 1 else path.stem


def test_every_module_belongs_to_a_layer() -> None:
    loose = {"__init__", "__main__"}  # the package's own entry points
    assert {_layer(p) for p in modules()} - loose == set(ALLOWED)


def test_layers_import_only_what_comes_before_them() -> None:
    for path in modules():
        layer = _layer(path)
        if layer not in ALLOWED:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            for name in names:
                if name.startswith("timeline."):
                    target = name.split(".")[1]
                    assert target in ALLOWED[layer], f"{path.relative_to(PACKAGE)} imports {name}"


def test_no_id_keyed_module_caches() -> None:
    for path in modules():
        assert not re.search(r"(?<!def )\bid\((dataset|self)\)", path.read_text()), path


def test_clientside_code_lives_in_assets_and_uses_the_real_ids() -> None:
    script = (ASSETS / "timeline.js").read_text()
    for name in re.findall(
        r'clientside\("(\w+)"\)', (PACKAGE / "web" / "callbacks.py").read_text()
    ):
        assert f"{name}: function" in script
    for component in re.findall(r"'#?([a-z-]+)'", script):
        if component in {"url", "event-list", "event-rows", "details-panel", "timeline-graph"}:
            assert component in vars(ids).values()
    assert "function(" not in (PACKAGE / "web" / "callbacks.py").read_text()

"""No dead code: every function, class, method, property and constant of the package is used
by the package, its tests, its benchmarks or its docs scripts (vulture, a static reading)."""

from __future__ import annotations

from pathlib import Path

from vulture import Vulture

ROOT = Path(__file__).resolve().parent.parent
# Called by something vulture cannot read: Dash and Flask call decorated functions; pyarrow
# calls a file object's protocol methods; the HTML report's Jinja2 template reads fields;
# html.parser calls a parser's handle_* methods.
CALLED_BY_FRAMEWORKS = [
    "readable", "readinto", "source_title", "link", "__getattr__",
    "handle_starttag", "handle_endtag",
]  # fmt: skip
DECORATORS = ["@app.callback", "@app.server.*", "@server.*", "@main.*", "@click.*"]


def test_nothing_in_the_package_is_unused() -> None:
    scan = Vulture(ignore_names=CALLED_BY_FRAMEWORKS, ignore_decorators=DECORATORS)
    scan.scavenge([str(ROOT / d) for d in ("timeline", "tests", "bench", "docs")])
    package = str(ROOT / "timeline")
    unused = [
        f"{item.filename}:{item.first_lineno}: {item.typ} {item.name}"
        for item in scan.get_unused_code(min_confidence=60)
        # attributes set on python-docx's and Flask's objects are how those are configured
        if str(item.filename).startswith(package) and item.typ != "attribute"
    ]
    assert not unused, "\n".join(unused)

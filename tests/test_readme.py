"""Keep the README honest: every column the loader accepts and every command is documented,
and every command the README names exists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from timeline.cli import main
from timeline.model.schema import TABLES, TableSpec

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def section(title: str) -> str:
    """The README text under a '### title' heading, up to the next heading of any level."""
    match = re.search(rf"^###\s+{re.escape(title)}\s*$(.*?)(?=^#{{1,3}}\s)", README, re.M | re.S)
    assert match, f"README has no '### {title}' section"
    return match.group(1)


@pytest.mark.parametrize("spec", TABLES, ids=lambda s: s.file)
def test_every_column_the_loader_accepts_is_documented(spec: TableSpec):
    text = section(f"`{spec.file}`")
    missing = [name for name in spec.names if f"`{name}`" not in text]
    assert not missing, f"{spec.file} columns missing from the README: {missing}"


def test_every_name_the_loader_takes_for_itself_is_listed():
    taken = re.search(r"A few names are taken by columns the loader computes.*?\n\n", README, re.S)
    assert taken, "README does not list the column names the loader computes"
    for spec in TABLES:
        missing = [name for name in spec.derived if f"`{name}`" not in taken.group(0)]
        assert not missing, f"{spec.file}: computed columns missing from the README: {missing}"


def test_every_metadata_field_is_documented():
    from timeline.model.metadata import FIELDS, STATUSES

    text = section("`metadata.json` (optional)")
    missing = [name for name in (*FIELDS, *STATUSES) if f"`{name}`" not in text]
    assert not missing, f"metadata.json fields or statuses missing from the README: {missing}"


def code_in_readme() -> str:
    """Fenced blocks and inline code: where the README shows commands to type."""
    fenced = re.findall(r"```[a-z]*\n(.*?)```", README, re.S)
    inline = re.findall(r"`([^`\n]+)`", re.sub(r"```.*?```", "", README, flags=re.S))
    return "\n".join(fenced + inline)


def test_every_command_named_in_the_readme_exists():
    named = set(re.findall(r"(?:^|[\s/])timeline (\w[\w-]*)", code_in_readme(), re.M))
    assert named, "the README shows no commands"
    unknown = named - set(main.commands)
    assert not unknown, f"README names commands that do not exist: {sorted(unknown)}"


def test_every_command_is_documented():
    for name in main.commands:
        assert f"timeline {name}" in README, f"`timeline {name}` is not in the README"


def test_url_parameters_are_documented():
    from timeline.web import urlstate

    for name in urlstate.PARAMETERS:
        assert f"`{name}`" in README, f"URL parameter {name!r} is not in the README"


def test_every_url_example_works_on_the_bundled_dataset():
    """Each example in the README's parameter table names things the bundled dataset has:
    decoded against it, none is ignored."""
    from timeline.load.bundled import bundled_data
    from timeline.load.loader import load_dataset
    from timeline.web.urlstate import decode_for

    table = section("Sharing a view: URL parameters")
    examples = re.findall(r"\| `(\?[^`]+)` \|$", table, re.M)
    assert len(examples) >= 10
    dataset = load_dataset(bundled_data())
    for example in examples:
        _, notices = decode_for(example, dataset)
        assert notices == [], (example, notices)

"""Every command's --help explains each option, image sizes show the bounds the export keeps,
and every command names its output the same way: -o/--output."""

from __future__ import annotations

from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from timeline.cli import main
from timeline.export.images import MAX_SCALE, MAX_SIDE, MIN_SCALE, MIN_SIDE

COMMANDS = sorted(main.commands)


def options(name: str) -> list[click.Option]:
    return [p for p in main.commands[name].params if isinstance(p, click.Option)]


@pytest.mark.parametrize("name", COMMANDS)
def test_every_option_of_every_command_has_help(name: str) -> None:
    result = CliRunner().invoke(main, [name, "--help"])
    assert result.exit_code == 0, result.output
    missing = [option.opts for option in options(name) if not option.help]
    assert not missing, f"timeline {name}: options without help: {missing}"


def test_size_options_show_the_export_bounds() -> None:
    text = CliRunner().invoke(main, ["export", "--help"]).output
    assert text.count(f"{MIN_SIDE}<=x<={MAX_SIDE}") == 2  # --width and --height
    assert f"{MIN_SCALE}<=x<={MAX_SCALE}" in text


def test_out_of_bounds_sizes_are_reported_together_in_the_exports_words(
    tiny_dataset: Path, tmp_path: Path
) -> None:
    out = tmp_path / "x.png"
    result = CliRunner().invoke(
        main,
        ["export", "--data", str(tiny_dataset), "--height", "100", "--scale", "9", "-o", str(out)],
    )
    assert result.exit_code == 1
    assert f"height 100 is outside {MIN_SIDE}-{MAX_SIDE} pixels" in result.output
    assert f"scale 9 is outside {MIN_SCALE:g}-{MAX_SCALE:g}" in result.output
    assert not out.exists()
    typo = CliRunner().invoke(main, ["export", "--width", "wide", "-o", str(out)])
    assert typo.exit_code == 2 and "not a valid integer" in typo.output


WRITERS = [name for name in COMMANDS if any(option.name == "out" for option in options(name))]


@pytest.mark.parametrize("name", WRITERS)
def test_every_command_spells_its_output_o_output(name: str) -> None:
    (option,) = [option for option in options(name) if option.name == "out"]
    assert option.opts == ["-o", "--output"]


def test_the_commands_that_write_are_all_checked() -> None:
    assert set(WRITERS) == {"draft", "export", "pack", "publish", "report", "review", "synth"}

"""A non-editable install, run from another directory, finds the bundled data and assets."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
         "-w", str(out), str(REPO)],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return next(out.glob("timeline-*.whl"))


def test_wheel_ships_the_dataset_and_assets(wheel: Path):
    names = zipfile.ZipFile(wheel).namelist()
    for required in (
        "timeline/data/events.csv",
        "timeline/data/excerpts.csv",
        "timeline/data/sources.csv",
        "timeline/data/vocabulary.csv",
        "timeline/assets/style.css",
        "timeline/report/templates/report.html",
        "timeline/report/templates/report.css",
    ):
        assert required in names
    assert sum(n.startswith("timeline/data/sources/") for n in names) >= 5
    assert not any(n.startswith("tests/") for n in names)


def test_wheel_carries_the_licence_pyproject_names(wheel: Path):
    archive = zipfile.ZipFile(wheel)
    names = archive.namelist()
    (licence,) = [n for n in names if n.endswith(".dist-info/licenses/LICENSE")]
    assert archive.read(licence).startswith(b"MIT License")
    (metadata,) = [n for n in names if n.endswith(".dist-info/METADATA")]
    assert "License-Expression: MIT" in archive.read(metadata).decode("utf-8")


def test_installed_wheel_checks_bundled_data_from_another_directory(wheel: Path, tmp_path: Path):
    site = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(site),
         str(wheel)],
        check=True,
        capture_output=True,
    )  # fmt: skip
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(site)}
    probe = subprocess.run(
        [sys.executable, "-c",
         "import timeline, timeline.load.bundled as p; print(timeline.__file__); "
         "print(p.bundled_data()); print(p.bundled_assets())"],
        cwd=elsewhere, env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    module, data, assets = probe.stdout.split()
    assert module.startswith(str(site))
    assert data.startswith(str(site)) and Path(data, "events.csv").is_file()
    assert assets.startswith(str(site)) and Path(assets, "style.css").is_file()
    check = subprocess.run(
        [sys.executable, "-m", "timeline", "check"],
        cwd=elsewhere, env=env, capture_output=True, text=True,
    )  # fmt: skip
    assert check.returncode == 0, check.stderr
    assert check.stdout.startswith("ok: ")


def test_source_checkout_falls_back_to_the_repository_folders():
    from timeline.load.bundled import bundled_assets, bundled_data

    assert bundled_data() == REPO / "data"
    assert bundled_assets() == REPO / "assets"

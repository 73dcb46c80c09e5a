"""The wheel's dependency list is complete for drafting from web pages: installed without
extras into a fresh virtual environment (with the pip it comes with), it drafts an HTML
article. trafilatura's cleaner once came only through an lxml extra that pip did not find,
and every .html draft ended in an ImportError."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import HTML_ARTICLE

REPO = Path(__file__).resolve().parents[2]
_INSTALL_TIMEOUT = 900  # a hang guard for a cold download, not a speed check


def _run(args: list[str], **kwargs) -> subprocess.CompletedProcess[str]:  # type: ignore[no-untyped-def]
    return subprocess.run(args, capture_output=True, text=True, check=False, **kwargs)


@pytest.mark.slow
def test_wheel_without_extras_drafts_an_html_page(tmp_path: Path) -> None:
    built = _run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
         "-w", str(tmp_path / "wheel"), str(REPO)],
    )  # fmt: skip
    assert built.returncode == 0, built.stderr
    (wheel,) = (tmp_path / "wheel").glob("timeline-*.whl")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    venv = tmp_path / "venv"
    made = _run([sys.executable, "-m", "venv", str(venv)], env=env)
    assert made.returncode == 0, made.stderr
    python = venv / "bin" / "python"
    installed = _run(
        # --no-compile: bytecode is what Python writes on import anyway; compiling plotly's
        # thousands of modules up front was half of this test's time
        [str(python), "-m", "pip", "install", "--quiet", "--no-compile", str(wheel)],
        env=env,
        timeout=_INSTALL_TIMEOUT,
    )
    assert installed.returncode == 0, installed.stderr[-2000:]

    given = tmp_path / "in"
    (given / "sources").mkdir(parents=True)
    (given / "sources" / "grain-deal.html").write_text(HTML_ARTICLE, encoding="utf-8")
    drafted = _run(
        [str(python), "-m", "timeline", "draft", str(given), "-o", str(tmp_path / "out")],
        cwd=tmp_path,  # not the checkout: the installed package is what runs
        env=env,
    )
    assert drafted.returncode == 0, drafted.stderr[-2000:]
    assert "Traceback" not in drafted.stderr
    assert drafted.stdout.startswith("1 articles, ")
    text = (tmp_path / "out" / "sources" / "grain-deal.txt").read_text(encoding="utf-8")
    assert "grain agreement" in text

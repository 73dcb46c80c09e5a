"""One Kaleido browser kept open between images and prints (timeline.export.warm): reused while
it would be started the same way, closed when idle, replaced when it died, killed when it
hangs, and never mixing up the images of renders asked for at once."""

from __future__ import annotations

import asyncio
import io
import os
import signal
import subprocess
import threading

import kaleido
import pytest
from chromium import GUARD_S, running, until
from PIL import Image

from timeline.export import ImageSize, render_static
from timeline.export.browser import kaleido_options, offline_args, require_chromium
from timeline.export.warm import KALEIDO, BrowserDidNotStart, WarmKaleido

pytestmark = pytest.mark.chromium


def figure(title: str, width: int = 400) -> tuple[dict, dict]:
    spec = {"data": [{"y": [1, 3, 2], "type": "scatter"}], "layout": {"title": {"text": title}}}
    return spec, {"format": "png", "width": width, "height": 300, "scale": 1}


def pixels(png: bytes) -> tuple[tuple[int, int], bytes]:
    image = Image.open(io.BytesIO(png)).convert("RGB")
    return image.size, image.tobytes()


@pytest.fixture
def warm(kopts: dict) -> WarmKaleido:
    """The process's renderer, the one exports use, with a browser open (likely left open by
    an earlier export: each start costs seconds); its count of starts begins at 0."""
    KALEIDO.render(*figure("open"), kopts)
    KALEIDO.starts = 0
    return KALEIDO


@pytest.fixture(scope="module")
def kopts() -> dict:
    return kaleido_options(require_chromium())


def test_images_after_the_first_reuse_the_browser_and_equal_a_new_browsers(warm, kopts):
    first, second = figure("first"), figure("second", width=500)
    got = [warm.render(*first, kopts), warm.render(*second, kopts)]
    assert warm.starts == 0 and warm.is_open
    fresh = kaleido.calc_fig_sync(second[0], opts=second[1], kopts=dict(kopts))  # its own browser
    assert pixels(got[1]) == pixels(fresh)
    assert pixels(got[0])[0] == (400, 300) and pixels(got[1])[0] == (500, 300)


def test_a_browser_started_otherwise_is_not_reused(warm, kopts, monkeypatch):
    warm.render(*figure("a"), kopts)
    monkeypatch.setenv("TZ", "Asia/Pyongyang")  # a new browser would draw in it
    warm.render(*figure("b"), kopts)
    assert warm.starts == 1
    warm.render(*figure("c"), kopts)
    assert warm.starts == 1


def test_an_idle_browser_is_closed_and_its_process_ends(kopts):
    warm = WarmKaleido(idle=0.2)
    try:
        warm.render(*figure("idle"), kopts)
        process = warm._kaleido.subprocess
        assert until(lambda: not warm.is_open)
        assert until(lambda: process.poll() is not None)
    finally:
        warm.close()


def test_a_browser_that_died_between_images_is_replaced(warm, kopts):
    warm.render(*figure("before"), kopts)
    os.kill(warm._kaleido.subprocess.pid, signal.SIGKILL)
    size, _ = pixels(warm.render(*figure("after"), kopts))
    assert size == (400, 300) and warm.starts == 1


def test_a_failed_image_is_said_and_the_next_one_is_made(warm, kopts):
    spec, opts = figure("bad")
    with pytest.raises(ValueError, match="nope"):
        warm.render(spec, {**opts, "format": "nope"}, kopts)
    assert not warm.is_open  # closed on failure: the next image starts afresh
    assert pixels(warm.render(spec, opts, kopts))[0] == (400, 300)


def test_a_browser_that_goes_away_during_a_job_is_an_error_and_is_replaced(warm, kopts):
    """Choreographer cancels every pending command when its browser closes: that is said as
    an error (never a bare CancelledError), and a reused browser that died is replaced."""
    calls: list[int] = []

    async def dies_once(kaleido) -> bytes:  # type: ignore[no-untyped-def]
        calls.append(kaleido.subprocess.pid)
        if len(calls) == 1:
            os.killpg(kaleido.subprocess.pid, signal.SIGKILL)
            kaleido.subprocess.wait()  # dead, as a browser that crashed mid-job is
            raise asyncio.CancelledError
        return b"made"

    assert warm._do(dies_once, kopts, GUARD_S) == b"made"
    assert warm.starts == 1 and calls[0] != calls[1]
    calls.clear()
    fresh = WarmKaleido(close_at_exit=False)
    try:
        with pytest.raises(RuntimeError, match="closed during the job"):
            fresh._do(dies_once, kopts, GUARD_S)  # a new browser: said, not tried again
        assert len(calls) == 1 and not fresh.is_open
    finally:
        fresh.close()


def test_a_job_that_hangs_kills_the_browser_at_the_deadline(warm, kopts):
    async def hangs(kaleido) -> bytes:  # type: ignore[no-untyped-def]
        await asyncio.sleep(3600)
        return b""

    process = warm._kaleido.subprocess
    with pytest.raises(TimeoutError, match="within 1 s"):
        warm._do(hangs, kopts, 1)
    assert process.wait(GUARD_S) == -signal.SIGKILL  # killed, not asked to close
    assert not warm.is_open


def test_an_image_that_would_wait_long_is_made_in_a_browser_of_its_own(kopts):
    renderer = WarmKaleido(image_wait=0.1, close_at_exit=False)
    got: list[bytes] = []
    try:
        with renderer._lock:  # a long print holds the open browser all the while
            drawer = threading.Thread(
                target=lambda: got.append(renderer.render(*figure("x"), kopts))
            )
            drawer.start()
            drawer.join(GUARD_S)
            assert got and pixels(got[0])[0] == (400, 300)  # made while the browser was held
        assert renderer.starts == 0 and not renderer.is_open
    finally:
        renderer.close()


def test_a_browser_that_cannot_start_is_said_and_leaves_nothing_running(kopts, tmp_path):
    broken = tmp_path / "broken-chrome"
    broken.write_text("#!/bin/sh\nexit 3\n")
    broken.chmod(0o755)
    renderer = WarmKaleido()
    threads = threading.active_count()
    with pytest.raises(BrowserDidNotStart, match=r"close immediately"):
        renderer.render(*figure("never"), {**kopts, "path": str(broken)})
    assert not renderer.is_open and renderer.starts == 0
    assert until(lambda: threading.active_count() <= threads)  # its loop's thread ended


def test_a_browser_that_does_not_answer_is_stopped_at_the_deadline(kopts, tmp_path):
    silent = tmp_path / "silent-chrome"
    silent.write_text("#!/bin/sh\nexec sleep 600\n")  # starts, and never speaks
    silent.chmod(0o755)
    renderer = WarmKaleido(timeout=2)
    with pytest.raises(TimeoutError):
        renderer.render(*figure("never"), {**kopts, "path": str(silent)})
    assert not renderer.is_open
    assert until(lambda: not running(str(silent)))  # stopped, with its wrapper


def test_images_asked_for_at_once_each_get_their_own(warm, kopts):
    widths = [300, 420, 540, 660]
    got: dict[int, bytes] = {}

    def ask(width: int) -> None:
        got[width] = warm.render(*figure(f"w{width}", width), kopts)

    threads = [threading.Thread(target=ask, args=(w,)) for w in widths]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(GUARD_S)
    assert sorted(got) == widths
    assert all(pixels(got[w])[0] == (w, 300) for w in widths)
    assert warm.starts == 0


def page_texts(pdf: bytes) -> list[tuple[tuple[float, float], str]]:
    from pypdf import PdfReader

    pages = PdfReader(io.BytesIO(pdf)).pages
    return [((float(p.mediabox.width), float(p.mediabox.height)), p.extract_text()) for p in pages]


PRINTED = """<!doctype html><html><head><style>@page { size: A5; margin: 1cm }
h1 { break-after: page }</style></head><body><h1>First page</h1><p>Second page</p></body></html>"""


def test_a_pdf_is_printed_in_the_open_browser_as_chromiums_own_print_would(warm, kopts, tmp_path):
    page = tmp_path / "page.html"
    page.write_text(PRINTED, encoding="utf-8")
    tabs = set(warm._kaleido.tabs)
    printed = warm.print_pdf(page.as_uri(), kopts, timeout=GUARD_S)
    assert warm.starts == 0 and warm.is_open
    assert set(warm._kaleido.tabs) == tabs  # the print's own tab was closed
    own = tmp_path / "own.pdf"
    subprocess.run(
        [kopts["path"], *offline_args(), f"--user-data-dir={tmp_path / 'profile'}",
         "--no-pdf-header-footer", f"--print-to-pdf={own}", page.as_uri()],
        capture_output=True, timeout=GUARD_S, check=False,
    )  # fmt: skip
    got, expected = page_texts(printed), page_texts(own.read_bytes())
    assert got == expected and len(got) == 2  # the CSS page size and break, as Chromium's own
    assert abs(got[0][0][0] - 419.5) < 2  # A5 wide
    assert "First page" in got[0][1] and "Second page" in got[1][1]


def test_a_print_that_fails_is_said_and_the_next_one_is_printed(warm, kopts, tmp_path):
    with pytest.raises(RuntimeError, match="did not open"):
        warm.print_pdf((tmp_path / "missing.html").as_uri(), kopts, timeout=GUARD_S)
    assert not warm.is_open
    page = tmp_path / "page.html"
    page.write_text(PRINTED, encoding="utf-8")
    assert len(page_texts(warm.print_pdf(page.as_uri(), kopts, timeout=GUARD_S))) == 2


def test_static_exports_use_the_processs_open_browser(warm):
    import plotly.graph_objects as go

    fig = go.Figure(go.Scatter(y=[1, 2]))
    png = render_static(fig, "png", ImageSize(400, 300, 1))
    svg = render_static(fig, "svg", ImageSize(400, 300, 1))
    assert pixels(png)[0] == (400, 300) and svg.lstrip().startswith(b"<svg")
    assert warm.starts == 0

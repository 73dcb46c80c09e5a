"""One Kaleido, with its Chromium, kept open between a process's images and printed PDFs.

Starting Kaleido's browser costs about 2.5 s on a two-core machine; an image from an open one
about 0.4 s. The app exports and a report renders chart parts one after another, then prints
its PDF, so the first image starts the browser and the next ones, and the print, reuse it;
after :data:`IDLE_S` seconds without a job it is closed, so a server does not hold a browser
it no longer uses.

Jobs are done one at a time. Images use Kaleido's tab (reloaded between images, so nothing of
one chart is left for the next); a print gets a tab of its own, closed after it. An image that
would wait more than :data:`IMAGE_WAIT_S` for the browser (a long print holds it) is made in a
browser of its own instead, and a print does not wait at all (its caller prints another way),
so one report's print never eats another's time. A browser is reused only if it would be
started the same way again (the same Kaleido options and offline flags; the same proxies, time
zone, language, fonts and folders in the environment); otherwise it is closed and a new one
started. A job that fails closes the browser, and one that hangs kills it, so the next one
starts afresh and a deadline is not overrun by a polite close.
"""

from __future__ import annotations

import asyncio
import atexit
import base64
import concurrent.futures
import contextlib
import os
import re
import signal
import threading
import time
from collections.abc import Callable, Coroutine
from typing import Any, NamedTuple

from timeline.export.browser import offline_args

IDLE_S = 60.0
RENDER_TIMEOUT_S = 180.0  # a hang guard: Kaleido gives each image 90 s of its own
CLOSE_TIMEOUT_S = 30.0
IMAGE_WAIT_S = 5.0  # images take about 0.4 s: a longer wait is a print or a hung image
# Kaleido 1.x takes the first JavaScript context the browser announces after it navigates to
# its page; on a busy machine that can be the blank page's, where its script is not defined,
# and the image fails with this. A new browser gets it right: a few more tries, then the error.
KALEIDO_RACE = "kaleido_scopes is not defined"
RACE_RETRIES = 3  # one was not enough on a 2-core machine also running a Spark cluster
# How a page is printed: the page size and margins of its CSS (@page), with its backgrounds,
# and no header or footer (Chromium's own --print-to-pdf prints with these).
PRINT_OPTIONS = {"preferCSSPageSize": True, "printBackground": True, "displayHeaderFooter": False}

Job = Callable[[Any], Coroutine[Any, Any, bytes]]


class BrowserBusy(RuntimeError):
    """The open browser is doing another job and the caller chose not to wait for it."""


class BrowserDidNotStart(RuntimeError):
    """The browser exited or failed while starting (its own message kept): nothing to reuse,
    and a caller may try another way to start it."""


class _Deadline(NamedTuple):
    at: float  # time.monotonic()
    seconds: float  # the budget it was set with, for the message


class WarmKaleido:
    """A Kaleido opened on first use and kept open while jobs keep coming (see module)."""

    def __init__(
        self,
        idle: float = IDLE_S,
        timeout: float = RENDER_TIMEOUT_S,
        *,
        image_wait: float = IMAGE_WAIT_S,
        close_at_exit: bool = True,
    ) -> None:
        self.idle, self.timeout, self.image_wait = idle, timeout, image_wait
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._kaleido: Any = None
        self._starting: Any = None  # a Kaleido being opened, until its opener takes it
        self._stale = False  # the last job left something open in the browser
        self._key: tuple | None = None
        self._timer: threading.Timer | None = None
        self.starts = 0  # browsers started so far: what reuse saves is visible
        self._exit_hook_due = close_at_exit  # registered with the first browser it opens

    def render(self, spec: dict, opts: dict, kopts: dict[str, Any]) -> bytes:
        """The image bytes of the figure ``spec`` with Kaleido's ``opts``, from a Kaleido
        started with ``kopts`` (reused when one started alike is open). When the browser is
        still busy after ``image_wait`` seconds, a browser of its own makes the image. Kaleido's
        blank-page race (:data:`KALEIDO_RACE`) is tried again in a new browser."""

        async def image(kaleido: Any) -> bytes:
            return await kaleido.calc_fig(spec, opts=opts)

        for attempt in range(1 + RACE_RETRIES):
            try:
                return self._do_or_own(image, kopts)
            except Exception as exc:  # the failed browser is closed: a try starts a new one
                if attempt == RACE_RETRIES or KALEIDO_RACE not in str(exc):
                    raise
        raise AssertionError("unreachable")  # the loop returns or raises

    def _do_or_own(self, job: Job, kopts: dict[str, Any]) -> bytes:
        try:
            return self._do(job, kopts, self.timeout, wait=self.image_wait)
        except BrowserBusy:
            own = WarmKaleido(self.idle, self.timeout, close_at_exit=False)
            try:
                return own._do(job, kopts, self.timeout)
            finally:
                own.close()

    def print_pdf(self, url: str, kopts: dict[str, Any], *, timeout: float) -> bytes:
        """The PDF Chromium prints of the page at ``url`` (see :data:`PRINT_OPTIONS`), in a
        new tab of the browser images are made in; ``timeout`` bounds the whole of it,
        starting a browser included. A browser busy with another job raises
        :class:`BrowserBusy` at once: a long print would otherwise hold the next."""

        async def printed(kaleido: Any) -> bytes:
            data, closed = await _print(kaleido, url)
            self._stale = self._stale or not closed
            return data

        return self._do(printed, kopts, timeout, wait=0)

    def _do(
        self, job: Job, kopts: dict[str, Any], timeout: float, *, wait: float | None = None
    ) -> bytes:
        """Run ``job`` on the open browser (started if needed) within ``timeout`` seconds of
        having it, after waiting at most ``wait`` seconds for it (None: as long as it takes),
        else :class:`BrowserBusy`. A reused browser found dead after a failure (it died since
        the last job) is replaced once; any failure closes it."""
        key = _launch_key(kopts)
        if not self._lock.acquire(timeout=-1 if wait is None else wait):
            raise BrowserBusy("the browser is doing another job")
        try:
            return self._locked(job, kopts, key, _Deadline(time.monotonic() + timeout, timeout))
        finally:
            self._lock.release()

    # ---- under the lock ----

    def _locked(self, job: Job, kopts: dict[str, Any], key: tuple, deadline: _Deadline) -> bytes:
        self._disarm()
        try:
            if self._key != key:
                self._shut()
            reused = self._kaleido is not None
            try:
                data = self._job(job, kopts, key, deadline)
            except Exception:
                if not reused or self._alive():
                    raise  # closed below
                self._shut()
                data = self._job(job, kopts, key, deadline)  # it died since: once more
            if self._stale:  # a tab it could not close: the next job gets a clean browser
                self._shut()
            return data
        except BaseException:
            self._shut()
            raise
        finally:
            self._arm()

    @property
    def is_open(self) -> bool:
        return self._kaleido is not None

    def close(self) -> None:
        """Close the browser now, if one is open."""
        with self._lock:
            self._disarm()
            self._shut()

    def _job(self, job: Job, kopts: dict[str, Any], key: tuple, deadline: _Deadline) -> bytes:
        if self._kaleido is None:
            self._open(kopts, key, deadline)
        return self._run(job(self._kaleido), deadline)

    def _open(self, kopts: dict[str, Any], key: tuple, deadline: _Deadline) -> None:
        from kaleido import Kaleido

        loop = asyncio.new_event_loop()
        thread = threading.Thread(target=loop.run_forever, name="kaleido", daemon=True)
        thread.start()
        self._loop, self._thread = loop, thread

        async def started() -> Any:
            kaleido = self._starting = Kaleido(**kopts)
            try:
                await kaleido.open()
            except BaseException as exc:  # failed or timed out half-way: none left running
                with contextlib.suppress(Exception):
                    await kaleido.close()
                if isinstance(exc, Exception):
                    raise BrowserDidNotStart(str(exc)) from exc
                raise
            return kaleido

        self._kaleido = self._run(started(), deadline)
        self._starting = None
        self._key = key
        self.starts += 1
        if self._exit_hook_due:
            # registered after Kaleido's temporary folders, so it runs before their
            # finalizers (atexit runs last-registered first) and they are removed by close
            atexit.register(self.close)
            self._exit_hook_due = False

    def _alive(self) -> bool:
        process = getattr(self._kaleido, "subprocess", None)
        return process is not None and process.poll() is None

    def _run(self, coroutine: Coroutine[Any, Any, Any], deadline: _Deadline) -> Any:
        assert self._loop is not None
        future = asyncio.run_coroutine_threadsafe(coroutine, self._loop)
        try:
            return future.result(timeout=max(0.0, deadline.at - time.monotonic()))
        except concurrent.futures.TimeoutError:
            for hung in (self._kaleido, self._starting):  # a close would wait on it first
                _kill(hung)
            future.cancel()
            raise TimeoutError(
                f"the browser did not finish within {deadline.seconds:g} s"
            ) from None
        except concurrent.futures.CancelledError:  # the browser went away: its broker
            raise RuntimeError("the browser closed during the job") from None  # cancels all

    def _shut(self) -> None:
        """Close the browser and its loop; whatever fails while closing is past caring."""
        kaleido, starting, loop, thread = self._kaleido, self._starting, self._loop, self._thread
        self._kaleido = self._starting = self._loop = self._thread = self._key = None
        self._stale = False
        if loop is None:
            return
        for browser in (kaleido, starting):  # a browser that died closes as well as it can
            if browser is not None:
                with contextlib.suppress(Exception):
                    closing = asyncio.run_coroutine_threadsafe(browser.close(), loop)
                    closing.result(CLOSE_TIMEOUT_S)
        with contextlib.suppress(Exception):  # e.g. the watchdog of a browser that died
            asyncio.run_coroutine_threadsafe(_cancel_the_rest(), loop).result(CLOSE_TIMEOUT_S)
        loop.call_soon_threadsafe(loop.stop)
        if thread is not None:
            thread.join(CLOSE_TIMEOUT_S)
        if not loop.is_running():
            loop.close()

    def _arm(self) -> None:
        if self._kaleido is not None:
            self._timer = threading.Timer(self.idle, self._close_if_idle)
            self._timer.daemon = True
            self._timer.start()

    def _disarm(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _close_if_idle(self) -> None:
        with self._lock:
            if self._timer is not None and self._timer is threading.current_thread():
                self._timer = None
                self._shut()


# Evaluated in the page once its navigation has committed: settles when the document and
# everything it loads (images, fonts) are in, as Chromium's own --print-to-pdf waits.
_LOADED = """new Promise((done) => {
    const fonts = () => document.fonts.ready.then(() => done(location.href));
    if (document.readyState === "complete") fonts();
    else addEventListener("load", fonts, {once: true});
})"""


async def _print(kaleido: Any, url: str) -> tuple[bytes, bool]:
    """Print the page at ``url`` in a tab of its own, closed afterwards (whether it could be
    closed is the second value): loaded, then printed as Chromium's --print-to-pdf prints."""
    tab = await kaleido.create_tab(url="")
    closed = False
    try:
        navigated = _answer(await tab.send_command("Page.navigate", params={"url": url}))
        if navigated.get("errorText"):
            raise RuntimeError(f"the page did not open: {navigated['errorText']}")
        loaded = {"expression": _LOADED, "awaitPromise": True, "returnByValue": True}
        _answer(await tab.send_command("Runtime.evaluate", params=loaded))
        printed = _answer(await tab.send_command("Page.printToPDF", params=PRINT_OPTIONS))
        data = base64.b64decode(printed["data"])
    finally:
        with contextlib.suppress(Exception):  # a browser that died has no tab to close
            _answer(await kaleido.close_tab(tab.target_id))
            closed = True
    return data, closed


def _kill(kaleido: Any) -> None:
    """Kill a hung browser and its wrapper (their own process group) at once."""
    process = getattr(kaleido, "subprocess", None)
    if process is not None and process.poll() is None:
        with contextlib.suppress(OSError):
            os.killpg(process.pid, signal.SIGKILL)


def _answer(response: dict) -> dict:
    """The result of a DevTools command, or its error raised."""
    if "error" in response:
        error = response["error"]
        raise RuntimeError(f"the browser refused: {error.get('message', error)}")
    return response.get("result", {})


async def _cancel_the_rest() -> None:
    """Cancel the loop's other tasks, so none is left pending when it stops."""
    rest = [task for task in asyncio.all_tasks() if task is not asyncio.current_task()]
    for task in rest:
        task.cancel()
    await asyncio.gather(*rest, return_exceptions=True)


# The environment a browser reads at its start that changes where it connects, what it draws
# (time zone, language, fonts) or where it writes.
_BROWSER_ENVIRONMENT = re.compile(
    r"^(?:.*_proxy|tz|lang|language|lc_.*|fontconfig_.*|home|tmpdir|xdg_.*)$", re.IGNORECASE
)


def _launch_key(kopts: dict[str, Any]) -> tuple:
    """What a browser is started from: reused only while all of it is unchanged."""
    environment = {k: v for k, v in os.environ.items() if _BROWSER_ENVIRONMENT.match(k)}
    return (tuple(sorted(kopts.items())), tuple(offline_args()), tuple(sorted(environment.items())))


KALEIDO = WarmKaleido()

"""One Kaleido, with its Chromium, kept open between a process's images.

Starting Kaleido's browser costs about 2.5 s on a two-core machine; an image from an open one
about 0.4 s. The app exports and a report renders chart parts one after another, so the first
image starts the browser and the next ones reuse it; after :data:`IDLE_S` seconds without an
image it is closed, so a server does not hold a browser it no longer uses.

Images are made one at a time (one tab; Kaleido reloads it between images, so nothing of one
chart is left for the next). A browser is reused only if it would be started the same way again
(the same Kaleido options and offline flags; the same proxies, time zone, language, fonts and
folders in the environment); otherwise it is closed and a new one started. A render that fails
or hangs closes the browser, so the next image starts afresh.
"""

from __future__ import annotations

import asyncio
import atexit
import concurrent.futures
import contextlib
import os
import re
import threading
from collections.abc import Coroutine
from typing import Any

from timeline.export.browser import offline_args

IDLE_S = 60.0
RENDER_TIMEOUT_S = 180.0  # a hang guard: Kaleido gives each image 90 s of its own
CLOSE_TIMEOUT_S = 30.0


class WarmKaleido:
    """A Kaleido opened on first use and kept open while images keep coming (see module)."""

    def __init__(self, idle: float = IDLE_S, timeout: float = RENDER_TIMEOUT_S) -> None:
        self.idle, self.timeout = idle, timeout
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._kaleido: Any = None
        self._key: tuple | None = None
        self._timer: threading.Timer | None = None
        self.starts = 0  # browsers started so far: what reuse saves is visible
        self._closes_at_exit = False

    def render(self, spec: dict, opts: dict, kopts: dict[str, Any]) -> bytes:
        """The image bytes of the figure ``spec`` with Kaleido's ``opts``, from a Kaleido
        started with ``kopts`` (reused when one started alike is open). A reused browser
        found dead after a failure (it died since the last image) is replaced once."""
        key = _launch_key(kopts)
        with self._lock:
            self._disarm()
            try:
                if self._key != key:
                    self._shut()
                reused = self._kaleido is not None
                try:
                    return self._image(spec, opts, kopts, key)
                except Exception:
                    if not reused or self._alive():
                        raise  # closed below
                self._shut()
                return self._image(spec, opts, kopts, key)  # the browser died since: once more
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

    # ---- under the lock ----

    def _image(self, spec: dict, opts: dict, kopts: dict[str, Any], key: tuple) -> bytes:
        if self._kaleido is None:
            self._open(kopts, key)
        return self._run(self._kaleido.calc_fig(spec, opts=opts), self.timeout)

    def _open(self, kopts: dict[str, Any], key: tuple) -> None:
        from kaleido import Kaleido

        loop = asyncio.new_event_loop()
        thread = threading.Thread(target=loop.run_forever, name="kaleido", daemon=True)
        thread.start()
        self._loop, self._thread = loop, thread

        async def started() -> Any:
            kaleido = Kaleido(**kopts)
            try:
                await kaleido.open()
            except BaseException:  # failed or timed out half-way: no browser left running
                with contextlib.suppress(Exception):
                    await kaleido.close()
                raise
            return kaleido

        self._kaleido = self._run(started(), self.timeout)
        self._key = key
        self.starts += 1
        if not self._closes_at_exit:
            # registered after Kaleido's temporary folders, so it runs before their
            # finalizers (atexit runs last-registered first) and they are removed by close
            atexit.register(self.close)
            self._closes_at_exit = True

    def _alive(self) -> bool:
        process = getattr(self._kaleido, "subprocess", None)
        return process is not None and process.poll() is None

    def _run(self, coroutine: Coroutine[Any, Any, Any], timeout: float) -> Any:
        assert self._loop is not None
        future = asyncio.run_coroutine_threadsafe(coroutine, self._loop)
        try:
            return future.result(timeout=timeout)
        except concurrent.futures.TimeoutError:
            future.cancel()
            raise TimeoutError(f"no image from the browser in {timeout:.0f} s") from None

    def _shut(self) -> None:
        """Close the browser and its loop; whatever fails while closing is past caring."""
        kaleido, loop, thread = self._kaleido, self._loop, self._thread
        self._kaleido = self._loop = self._thread = self._key = None
        if loop is None:
            return
        if kaleido is not None:  # a browser that died closes as well as it can
            with contextlib.suppress(Exception):
                asyncio.run_coroutine_threadsafe(kaleido.close(), loop).result(CLOSE_TIMEOUT_S)
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

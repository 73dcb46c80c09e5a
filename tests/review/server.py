"""A real `timeline review` process on a free loopback port, for the tests that need one."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FuturesTimeout
from pathlib import Path

from timeline.web.client import Callbacks


def _read_line(path: Path) -> str:
    with open(path) as fifo:
        return fifo.readline()


ROOT = Path(__file__).resolve().parents[2]


class ReviewProcess:
    """``timeline review DIR --port 0``: its URL and token, read from what it prints."""

    def __init__(self, folder: Path, env: dict[str, str] | None = None) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "timeline", "review", str(folder), "--port", "0"],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, **(env or {})},
        )
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        assert "?token=" in line, line + self.process.stderr.read()
        self.url = line.split(" at ", 1)[1].split()[0]
        self.base, self.token = self.url.split("?token=")
        with urllib.request.urlopen(self.base + "_dash-dependencies") as answer:
            self.callbacks = Callbacks(json.load(answer))

    def post(self, body: bytes, *, token: str | None = None, host: str | None = None) -> int:
        """POST a callback request; the HTTP status."""
        headers = {"Content-Type": "application/json"}
        if token is not None:
            headers["X-Review-Token"] = token
        if host is not None:
            headers["Host"] = host
        request = urllib.request.Request(
            self.base + "_dash-update-component", data=body, headers=headers, method="POST"
        )
        try:
            with urllib.request.urlopen(request) as answer:
                return answer.status
        except urllib.error.HTTPError as error:
            return error.code

    def post_ignoring_kill(self, body: bytes) -> None:
        """:meth:`post` with the token, from a thread whose server may be killed meanwhile."""
        with contextlib.suppress(OSError):
            self.post(body, token=self.token)

    def action(self, button: str, current: str) -> bytes:
        """The request a click on ``button`` sends with ``current`` under the cursor."""
        return self.callbacks.payload(
            "review-version.data", {"review-current.data": current}, changed=[f"{button}.n_clicks"]
        )

    def reached(self, fifo: Path) -> int:
        """The save point the process says it has reached (it then waits for us). Read from a
        thread, so that a process that dies instead fails the test rather than hanging it."""
        with ThreadPoolExecutor(1) as reader:
            line = reader.submit(_read_line, fifo)
            while True:
                try:
                    return int(line.result(timeout=5))
                except FuturesTimeout:
                    if self.process.poll() is not None:
                        with open(fifo, "w") as unblock:  # let the reading thread end
                            unblock.write("-1\n")
                        raise AssertionError(self.process.stderr.read()) from None

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        for stream in (self.process.stdout, self.process.stderr):
            if stream is not None:
                stream.close()

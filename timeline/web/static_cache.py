"""Compressed static files, kept: each script is compressed once per encoding, not per page.

flask-compress compresses every response as it is sent. For the page's scripts (1.6 MB, of
which plotly.js is 1.2 MB) that costs about 40 ms of CPU on every page load, in the very
moments the server is also rendering the page's layout. Its cache hooks let it keep the
compressed bytes of responses that never change while the server runs: the package's assets
and Dash's component suites, fetched whole with GET. Everything else (the layout, callbacks,
articles, ranges of a file) is compressed afresh, as before.
"""

from __future__ import annotations

from flask import Flask, Request, Response, request

STATIC_PREFIXES = ("/assets/", "/_dash-component-suites/")
NOT_KEPT = ""  # the cache key of a response that must not be kept


def static_key(request: Request) -> str:
    """The key of a whole static file's response, else NOT_KEPT.

    The path alone, not the query: the files do not change while the server runs (the
    ``?m=`` version query only busts browsers' caches), and a key per query string would let
    anyone grow the cache without bound by varying it. Only responses with status 200 are
    compressed, so the keys are the package's existing files: a bounded set."""
    if request.method != "GET" or "Range" in request.headers:
        return NOT_KEPT
    if not request.path.startswith(STATIC_PREFIXES):
        return NOT_KEPT
    return request.path


class StaticCache:
    """flask-compress's cache backend: compressed bodies of static files, by key."""

    def __init__(self) -> None:
        self._bodies: dict[str, bytes] = {}

    def get(self, key: str) -> bytes | None:
        return self._bodies.get(key)

    def set(self, key: str, value: bytes) -> None:
        # keys are "<encoding>;<static_key>": the ones ending in ";" are not kept
        if not key.endswith(";" + NOT_KEPT):
            self._bodies[key] = value


def keep_compressed_static_files(server: Flask) -> None:
    """Configure flask-compress (before Dash starts it) to keep static files compressed."""
    server.config["COMPRESS_CACHE_KEY"] = static_key
    server.config["COMPRESS_CACHE_BACKEND"] = StaticCache


def read_whole(response: Response) -> Response:
    """A static file as bytes, not a stream: flask-compress keeps (and gzips) only those.

    Register it after flask-compress (Flask runs later hooks first), so it runs before it."""
    if response.status_code == 200 and response.is_streamed and static_key(request):
        response.direct_passthrough = False
        response.set_data(response.get_data())
    return response

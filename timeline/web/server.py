"""The WSGI server settings, in one place: ``timeline serve`` and the tests use the same ones.

waitress is set up for clients that misbehave: stalled connections are many before they
lock anyone out, and are dropped soon. When the app listens on loopback only, requests whose
``Host`` is not a loopback name are refused, so a web page that rebinds its own domain name
to 127.0.0.1 (DNS rebinding) cannot read the app. Anything beyond loopback belongs behind a
reverse proxy (see the README's robustness section).
"""

from __future__ import annotations

import ipaddress
import socket
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from typing import Any

LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})

# Stalled sockets cost a file descriptor and a little memory each, not a worker thread: allow
# many, drop them after CHANNEL_TIMEOUT seconds of silence, and look for them often.
CONNECTION_LIMIT = 1000
CHANNEL_TIMEOUT = 20
CLEANUP_INTERVAL = 5
MAX_REQUEST_BODY = 8 << 20  # callback requests are small; refuse huge bodies before buffering
MAX_REQUEST_HEADER = 64 << 10
# Keep reading a connection while its request runs, so a visitor who closes the page is noticed:
# waitress then skips that visitor's requests still waiting for a thread, and a running report
# asks ``waitress.client_disconnected`` between its stages (timeline.web.renders).
REQUEST_LOOKAHEAD = 1


def serve_options(threads: int = 4) -> dict[str, Any]:
    """Keyword arguments for ``waitress.serve`` / ``waitress.create_server``."""
    return {
        "threads": threads,
        "connection_limit": CONNECTION_LIMIT,
        "channel_timeout": CHANNEL_TIMEOUT,
        "cleanup_interval": CLEANUP_INTERVAL,
        "asyncore_use_poll": True,  # select() stops at 1024 descriptors; poll() does not
        "max_request_body_size": MAX_REQUEST_BODY,
        "max_request_header_size": MAX_REQUEST_HEADER,
        "channel_request_lookahead": REQUEST_LOOKAHEAD,
        "ident": "timeline",
    }


class BadHost(ValueError):
    """A ``--host`` value that cannot be listened on; the message is one line."""


def check_host(host: str) -> None:
    """Raise :class:`BadHost` unless ``host`` is an address or a name that resolves."""
    if not host.strip():
        raise BadHost("--host is empty; use 127.0.0.1 (this machine only) or an address")
    try:
        socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise BadHost(f"--host {host!r} is not an address or a known name ({reason})") from None


def is_loopback(host: str) -> bool:
    """Whether ``host`` (a listen address or a Host header's name) is this machine only."""
    name = host.strip("[]").lower()
    if name in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def host_name(header: str) -> str:
    """The name of a ``Host`` header without its port: ``[::1]:8050`` -> ``::1``."""
    header = header.strip()
    if header.startswith("["):
        return header[1 : header.find("]")] if "]" in header else header
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


Wsgi = Callable[[dict, Callable], Iterable[bytes]]


def loopback_hosts_only(app: Wsgi) -> Wsgi:
    """WSGI middleware: 403 for any request whose ``Host`` is not a loopback name."""

    def guarded(environ: dict, start_response: Callable) -> Iterable[bytes]:
        header = environ.get("HTTP_HOST") or environ.get("SERVER_NAME", "")
        if not is_loopback(host_name(header)):
            body = b"Forbidden: this server answers only to localhost / 127.0.0.1.\n"
            start_response(
                "403 Forbidden",
                [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(body)))],
            )
            return [body]
        return app(environ, start_response)

    return guarded


def wsgi_for(app: Wsgi, host: str) -> Wsgi:
    """The application to serve on ``host``: Host-checked when bound to loopback."""
    return loopback_hosts_only(app) if is_loopback(host) else app


def create_server(app: Wsgi, host: str = "127.0.0.1", port: int = 0, threads: int = 4) -> Any:
    """A waitress server with :func:`serve_options`, not yet running (call ``.run()``)."""
    import waitress

    return waitress.create_server(
        wsgi_for(app, host), host=host, port=port, **serve_options(threads)
    )


@contextmanager
def running(server: Any, timeout: float = 10.0) -> Iterator[str]:
    """Run ``server`` (from :func:`create_server`) in a background thread; yields its base URL.

    On leaving, the answers in progress are finished, then the listening socket and every
    connection (kept-alive ones included) are closed from the server's own loop, so its thread
    ends at once instead of when the last client hangs up. Tests, the load benchmark and
    scripts use it to serve the app as ``timeline serve`` does.
    """
    thread = threading.Thread(target=server.run, daemon=True, name="waitress")
    thread.start()
    try:
        yield f"http://{server.effective_host}:{server.effective_port}/"
    finally:
        stop(server, thread, timeout)


def stop(server: Any, thread: threading.Thread, timeout: float = 10.0) -> None:
    """Stop ``server`` running ``server.run()`` in ``thread``; raise if the thread lives on."""
    from waitress import wasyncore

    server.task_dispatcher.shutdown(timeout=timeout)  # workers finish what they answer
    if thread.is_alive():  # close everything from the loop's thread: its map is not shared
        with suppress(OSError):  # a closed trigger: the loop is closing the map itself
            server.trigger.pull_trigger(lambda: wasyncore.close_all(server._map))
        thread.join(timeout)
    else:
        wasyncore.close_all(server._map)
    if thread.is_alive():
        raise RuntimeError(f"the server on port {server.effective_port} did not stop")

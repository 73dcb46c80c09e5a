"""`timeline serve`: loopback by default, waitress unless --debug, clean refusals."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from click.testing import CliRunner

from timeline.cli import main


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> list[dict]:
    """Record what would be served instead of blocking in waitress."""
    import waitress

    calls: list[dict] = []
    monkeypatch.setattr(waitress, "serve", lambda app, **kw: calls.append({"app": app, **kw}))
    return calls


def test_serves_on_loopback_with_waitress_by_default(tiny_dataset: Path, served: list[dict]):
    result = CliRunner().invoke(main, ["serve", "--data", str(tiny_dataset)])
    assert result.exit_code == 0, result.output
    assert "http://127.0.0.1:8050/" in result.output
    assert "warning" not in result.output
    (call,) = served
    assert call["host"] == "127.0.0.1" and call["port"] == 8050
    assert call["max_request_body_size"] <= 16 << 20


def test_binding_beyond_loopback_warns(tiny_dataset: Path, served: list[dict]):
    result = CliRunner().invoke(main, ["serve", "--data", str(tiny_dataset), "--host", "0.0.0.0"])
    assert result.exit_code == 0
    assert "warning: listening on 0.0.0.0" in result.output
    assert served[0]["host"] == "0.0.0.0"


def test_refuses_an_invalid_dataset_with_the_check_messages(make_dataset, served: list[dict]):
    folder = make_dataset(
        events=[
            {
                "id": "x",
                "date": "2024-02-30",
                "title": "Bad",
                "actors": "Ruritania",
                "themes": "treaty",
                "date_basis": "stated",
            }
        ],
        excerpts=[],
    )
    result = CliRunner().invoke(main, ["serve", "--data", str(folder)])
    assert result.exit_code == 1
    assert "events.csv:2: column 'date': value '2024-02-30'" in result.output
    assert "Traceback" not in result.output
    assert served == []


def test_a_port_in_use_is_one_clear_line(tiny_dataset: Path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(
            main, ["serve", "--data", str(tiny_dataset), "--port", str(port)]
        )
    assert result.exit_code == 1
    assert f"cannot listen on 127.0.0.1:{port}" in result.output
    assert "Traceback" not in result.output


def test_a_server_run_in_the_background_stops_at_once_with_a_connection_kept_alive(
    tiny_dataset: Path,
):
    """What the browser tests, the hostile-client tests and bench/load.py serve with: the
    factory ``timeline serve``'s settings come from, stopped by closing every connection from
    the server's own loop (no clock: the kept-alive socket is found closed, the thread gone)."""
    import http.client
    import threading

    from timeline.web.app import create_app
    from timeline.web.server import create_server, running

    server = create_server(create_app(tiny_dataset).server, host="127.0.0.1", port=0, threads=2)
    with running(server) as url:
        assert url == f"http://127.0.0.1:{server.effective_port}/"
        kept = http.client.HTTPConnection("127.0.0.1", server.effective_port, timeout=30)
        kept.request("GET", "/_dash-layout")
        response = kept.getresponse()
        assert response.status == 200 and response.read()
        assert response.getheader("Server") == "timeline"  # the factory's settings
        assert not response.will_close  # the browser's way: the connection stays open
    try:
        assert kept.sock.recv(1) == b"", "the server closed the kept-alive connection"
    finally:
        kept.close()
    assert not [t for t in threading.enumerate() if t.name == "waitress"]
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", server.effective_port)).close()

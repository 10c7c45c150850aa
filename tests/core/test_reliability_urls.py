"""URL import against hostile servers (local threads, no network): redirects to other schemes or
to private addresses, a server that drips one byte at a time, and Ctrl+C during a transfer."""

from __future__ import annotations

import http.server
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from llmstudio.core.errors import JobCancelled
from llmstudio.core.jobs import CancelToken
from llmstudio.core.project import Project
from llmstudio.core.sources.importer import ImportOptions, import_paths


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Project]:
    with Project.create(tmp_path / "project") as p:
        yield p


def texts(project: Project) -> list[str]:
    return [r[0] for r in project.db.execute("SELECT text FROM documents ORDER BY id")]


Route = Callable[[http.server.BaseHTTPRequestHandler], None]


@contextmanager
def serve(host: str, routes: dict[str, Route]) -> Iterator[str]:
    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            route = routes.get(self.path)
            if route is None:
                self.send_error(404, "Not Found")
                return
            try:
                route(self)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the importer hung up on purpose

    server = http.server.ThreadingHTTPServer((host, 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def text(body: bytes) -> Route:
    def route(h: http.server.BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/plain")
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.write(body)

    return route


def redirect(location: str) -> Route:
    def route(h: http.server.BaseHTTPRequestHandler) -> None:
        h.send_response(302)
        h.send_header("Location", location)
        h.send_header("Content-Length", "0")
        h.end_headers()

    return route


def drip(seconds_between: float, total_bytes: int, sent: list[int] | None = None,
         ended: threading.Event | None = None) -> Route:
    """One byte at a time, never idle long enough for a per-read timeout."""

    def route(h: http.server.BaseHTTPRequestHandler) -> None:
        try:
            h.send_response(200)
            h.send_header("Content-Type", "text/plain")
            h.send_header("Content-Length", str(total_bytes))
            h.end_headers()
            for _ in range(total_bytes):
                h.wfile.write(b"x")
                h.wfile.flush()
                if sent is not None:
                    sent.append(1)
                time.sleep(seconds_between)
        finally:
            if ended is not None:
                ended.set()

    return route


def test_a_redirect_to_another_private_address_is_refused(project: Project) -> None:
    inner_routes: dict[str, Route] = {"/secret": text(b"internal secret")}
    outer_routes: dict[str, Route] = {"/here": redirect("/page"), "/page": text(b"the page you asked for")}
    with serve("127.0.0.2", inner_routes) as inner, serve("127.0.0.1", outer_routes) as outer:
        outer_routes["/go"] = redirect(f"{inner}/secret")
        summary = import_paths(project, [f"{outer}/go", f"{outer}/here"])
    assert texts(project) == ["the page you asked for"]  # the same host you typed is fine
    (problem,) = [p for p in summary.problems if p.severity == "rejected"]
    assert "127.0.0.2" in problem.reason and "private" in problem.reason


def test_a_private_address_you_typed_yourself_is_fetched(project: Project) -> None:
    with serve("127.0.0.2", {"/notes": text(b"notes on a local server")}) as inner:
        import_paths(project, [f"{inner}/notes"])
    assert texts(project) == ["notes on a local server"]


def test_a_redirect_to_ftp_is_refused(project: Project) -> None:
    with serve("127.0.0.1", {"/go": redirect("ftp://127.0.0.1/file.txt")}) as base:
        summary = import_paths(project, [f"{base}/go"])
    assert project.document_count() == 0
    (problem,) = summary.problems
    assert "ftp://" in problem.reason and "http" in problem.reason


def test_a_server_dripping_bytes_is_cut_off_by_the_transfer_limit(project: Project) -> None:
    # 0.05 s between bytes never trips the 1 s "no answer" timeout; the whole transfer is over 1.5 s.
    with serve("127.0.0.1", {"/drip": drip(0.05, 60)}) as base:
        summary = import_paths(project, [f"{base}/drip"], ImportOptions(url_timeout_s=1, url_transfer_s=1.5))
    assert project.document_count() == 0
    (problem,) = summary.problems
    assert "longer than 1.5 s" in problem.reason


def test_cancel_stops_a_transfer_in_progress(project: Project) -> None:
    cancel = CancelToken()
    sent: list[int] = []
    ended = threading.Event()
    threading.Timer(0.3, cancel.cancel).start()
    with serve("127.0.0.1", {"/drip": drip(0.1, 40, sent, ended)}) as base:
        with pytest.raises(JobCancelled):
            import_paths(project, [f"{base}/drip"], ImportOptions(url_timeout_s=30, url_transfer_s=600), cancel=cancel)
        # The importer hung up instead of reading the page to its end first.
        assert ended.wait(10)
        assert len(sent) < 40
    assert project.document_count() == 0

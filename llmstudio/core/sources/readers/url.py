"""Web pages from a list of URLs: http(s) only, with a size cap, timeouts and clear errors.

A page is downloaded into memory up to ``url_max_mb`` (a larger one is refused, not
truncated). Two limits bound a transfer: ``url_timeout_s`` for a silent server (connecting,
or between two reads) and ``url_transfer_s`` for the whole transfer, so a server dripping
one byte at a time is cut off too. The transfer runs on a helper thread while the caller
watches the cancel token and the deadline, so Ctrl+C or Cancel is honoured at once and the
connection is closed. Redirects are followed only to http(s), and only to a public address
unless the private or loopback address is the host the user typed (a page must not bounce
the importer into the user's own network). Each failure is one line a person understands.
"""

from __future__ import annotations

import http.client
import io
import ipaddress
import socket
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from email.message import Message
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from llmstudio.core.errors import JobCancelled
from llmstudio.core.jobs import CancelToken
from llmstudio.core.sources.readers.base import MB, FileRejected, ImportOptions

_CHUNK = 64 * 1024
_POLL_S = 0.05
_USER_AGENT = "llmstudio-import/0.1 (+local desktop app)"
_CONTENT_SUFFIX = {
    "text/html": ".html", "application/xhtml+xml": ".html", "text/plain": ".txt",
    "text/markdown": ".md", "application/json": ".json", "application/x-ndjson": ".jsonl",
    "application/jsonl": ".jsonl", "text/csv": ".csv", "text/tab-separated-values": ".tsv",
    "application/pdf": ".pdf", "application/gzip": ".gz", "application/zip": ".zip",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
}


def is_url(value: str) -> bool:
    return str(value).lower().startswith(("http://", "https://"))


@dataclass
class Download:
    url: str
    name: str
    """A name whose extension tells the reader the format (from the path or Content-Type)."""
    data: io.BytesIO
    content_type: str


def is_private_host(host: str) -> bool:
    """True when ``host`` is, or resolves to, a loopback, private, link-local or reserved address."""
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except OSError:
        return False  # unresolvable: the connection fails with its own message
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
        if (address.is_private or address.is_loopback or address.is_link_local or address.is_reserved
                or address.is_multicast or address.is_unspecified):
            return True
    return False


class _CheckedRedirects(urllib.request.HTTPRedirectHandler):
    """Follows a redirect only to http(s), and to a private address only if it is the typed host."""

    def __init__(self, typed_host: str) -> None:
        self.typed_host = typed_host.lower()

    def redirect_request(self, req: Any, fp: Any, code: int, msg: str, headers: Any, newurl: str) -> Any:
        parts = urlsplit(newurl)
        if parts.scheme.lower() not in ("http", "https"):
            raise FileRejected(f"the server redirected to {newurl}, which is not an http:// or https:// "
                               "address; not followed")
        host = (parts.hostname or "").lower()
        if host != self.typed_host and is_private_host(host):
            raise FileRejected(
                f"the server redirected to {host}, a private or local address; not followed (type that "
                "address yourself to import from your own network)"
            )
        return super().redirect_request(req, fp, code, msg, headers, newurl)


class _Transfer:
    """One download on a helper thread; the caller may abandon it (cancel, deadline) at any time."""

    def __init__(self, url: str, options: ImportOptions) -> None:
        self.url = url
        self.options = options
        self.done = threading.Event()
        self.stop = threading.Event()
        self.result: tuple[io.BytesIO, str] | None = None
        self.error: BaseException | None = None
        self._response: http.client.HTTPResponse | None = None

    def run(self) -> None:
        try:
            self.result = self._download()
        except BaseException as exc:  # noqa: BLE001 - handed to the waiting caller, who re-raises it
            self.error = exc
        finally:
            self.done.set()

    def abort(self) -> None:
        """Stop reading and hang up, so a blocked read returns at once."""
        self.stop.set()
        response = self._response
        sock = getattr(getattr(getattr(response, "fp", None), "raw", None), "_sock", None)
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def _download(self) -> tuple[io.BytesIO, str]:
        options = self.options
        limit = int(options.url_max_mb * MB)
        opener = urllib.request.build_opener(_CheckedRedirects(urlsplit(self.url).hostname or ""))
        request = urllib.request.Request(self.url, headers={"User-Agent": _USER_AGENT})
        with opener.open(request, timeout=options.url_timeout_s) as response:
            self._response = response
            if self.stop.is_set():
                raise JobCancelled()
            headers: Message = response.headers
            declared = headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > limit:
                raise FileRejected(
                    f"the page is {int(declared) / MB:.1f} MB, over the {options.url_max_mb:g} MB "
                    "limit (url_max_mb)"
                )
            buffer = io.BytesIO()
            while not self.stop.is_set():
                chunk = response.read1(_CHUNK)  # returns what has arrived: no waiting for a full chunk
                if not chunk:
                    break
                buffer.write(chunk)
                if buffer.tell() > limit:
                    raise FileRejected(
                        f"the page is over the {options.url_max_mb:g} MB limit (url_max_mb); stopped"
                    )
            return buffer, headers.get_content_type()


def fetch(url: str, options: ImportOptions, cancel: CancelToken) -> Download:
    """Download one URL or raise ``FileRejected`` saying why not (``JobCancelled`` on cancel)."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise FileRejected("only http:// and https:// addresses can be imported")
    transfer = _Transfer(url, options)
    thread = threading.Thread(target=transfer.run, name="url-download", daemon=True)
    deadline = time.monotonic() + options.url_transfer_s
    thread.start()
    while not transfer.done.wait(_POLL_S):
        if cancel.cancelled:
            transfer.abort()
            raise JobCancelled()
        if time.monotonic() > deadline:
            transfer.abort()
            raise FileRejected(
                f"the download took longer than {options.url_transfer_s:g} s (url_transfer_s); stopped"
            )
    if transfer.error is not None:
        raise _explain(transfer.error, options) from transfer.error
    assert transfer.result is not None
    buffer, content_type = transfer.result
    buffer.seek(0)
    return Download(url, _name_for(url, content_type), buffer, content_type)


def _explain(exc: BaseException, options: ImportOptions) -> BaseException:
    """The one-line reason for a failed transfer."""
    if isinstance(exc, (FileRejected, JobCancelled)):
        return exc
    if isinstance(exc, urllib.error.HTTPError):
        return FileRejected(f"the server answered HTTP {exc.code} {exc.reason}")
    if isinstance(exc, urllib.error.URLError):
        reason = exc.reason
        if isinstance(reason, FileRejected):
            return reason
        if isinstance(reason, TimeoutError):
            return FileRejected(f"no answer within {options.url_timeout_s:g} s")
        return FileRejected(f"cannot reach the server ({reason})")
    if isinstance(exc, TimeoutError):
        return FileRejected(f"no answer within {options.url_timeout_s:g} s")
    if isinstance(exc, (OSError, ValueError, http.client.HTTPException)):
        return FileRejected(f"the download failed ({exc})")
    return exc


def _name_for(url: str, content_type: str) -> str:
    from llmstudio.core.sources.readers.dispatch import ARCHIVE_SUFFIXES, SUFFIX_FORMATS
    from llmstudio.core.sources.readers.streams import COMPRESSION_SUFFIXES

    last = urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1] or "index"
    suffix = PurePosixPath(last.lower()).suffix
    if suffix in SUFFIX_FORMATS or suffix in ARCHIVE_SUFFIXES or suffix in COMPRESSION_SUFFIXES:
        return last
    return last + _CONTENT_SUFFIX.get(content_type, ".txt")

"""Web pages from a list of URLs: http(s) only, with a size cap, timeouts and clear errors.

A page is downloaded into memory up to ``url_max_mb`` (a larger one is refused, not
truncated), with a per-read timeout and an overall deadline, checking the cancel token
between chunks. Each failure is one line a person understands: which URL, what went
wrong (HTTP status, no answer, too large), and nothing else is affected.
"""

from __future__ import annotations

import io
import socket
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from email.message import Message
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from llmstudio.core.sources.readers.base import MB, FileRejected, ImportOptions
from llmstudio.core.jobs import CancelToken

_CHUNK = 64 * 1024
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


def fetch(url: str, options: ImportOptions, cancel: CancelToken) -> Download:
    """Download one URL or raise ``FileRejected`` saying why not."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise FileRejected("only http:// and https:// addresses can be imported")
    limit = int(options.url_max_mb * MB)
    request = urllib.request.Request(url, headers={"User-Agent": _USER_AGENT})
    deadline = time.monotonic() + options.url_timeout_s * 3
    try:
        with urllib.request.urlopen(request, timeout=options.url_timeout_s) as response:
            headers: Message = response.headers
            declared = headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > limit:
                raise FileRejected(
                    f"the page is {int(declared) / MB:.1f} MB, over the {options.url_max_mb:g} MB "
                    "limit (url_max_mb)"
                )
            buffer = io.BytesIO()
            while True:
                cancel.raise_if_cancelled()
                if time.monotonic() > deadline:
                    raise FileRejected(
                        f"the download took longer than {options.url_timeout_s * 3:g} s; stopped"
                    )
                chunk = response.read(_CHUNK)
                if not chunk:
                    break
                buffer.write(chunk)
                if buffer.tell() > limit:
                    raise FileRejected(
                        f"the page is over the {options.url_max_mb:g} MB limit (url_max_mb); stopped"
                    )
            content_type = headers.get_content_type()
    except FileRejected:
        raise
    except urllib.error.HTTPError as exc:
        raise FileRejected(f"the server answered HTTP {exc.code} {exc.reason}") from exc
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, (socket.timeout, TimeoutError)):
            raise FileRejected(f"no answer within {options.url_timeout_s:g} s") from exc
        raise FileRejected(f"cannot reach the server ({reason})") from exc
    except TimeoutError as exc:
        raise FileRejected(f"no answer within {options.url_timeout_s:g} s") from exc
    except (OSError, ValueError) as exc:
        raise FileRejected(f"the download failed ({exc})") from exc
    buffer.seek(0)
    return Download(url, _name_for(url, content_type), buffer, content_type)


def _name_for(url: str, content_type: str) -> str:
    from llmstudio.core.sources.readers.dispatch import ARCHIVE_SUFFIXES, SUFFIX_FORMATS
    from llmstudio.core.sources.readers.streams import COMPRESSION_SUFFIXES

    last = urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1] or "index"
    suffix = PurePosixPath(last.lower()).suffix
    if suffix in SUFFIX_FORMATS or suffix in ARCHIVE_SUFFIXES or suffix in COMPRESSION_SUFFIXES:
        return last
    return last + _CONTENT_SUFFIX.get(content_type, ".txt")

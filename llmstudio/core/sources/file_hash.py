"""The content hash of an imported file, at once or on a helper thread beside the import.

Every imported file's blake2b-128 is recorded in ``import_files`` so that the same bytes
imported again are noticed and skipped. Hashing a large file costs about a tenth of its
import, and the import needs the hash before it starts only when the project already
holds a file of exactly the same size: no other file can have the same bytes. Otherwise
the hash is computed on a thread that reads the file a second time while the import
parses it; ``hashlib`` and file reads release the GIL, so on a second core it costs no
wall time. Files are only ever recorded once they were read unchanged (size and mtime
compared before and after), so the thread hashes the bytes the import read.
"""

from __future__ import annotations

import hashlib
import io
import sqlite3
import threading
from typing import BinaryIO

from llmstudio.core.jobs import CancelToken

_CHUNK = 1024 * 1024
BACKGROUND_MIN_BYTES = 4 * _CHUNK  # below this the thread costs more than it saves


def hash_stream(stream: BinaryIO, cancel: CancelToken) -> str:
    """blake2b-128 of the whole stream, which is left at its start."""
    if isinstance(stream, io.BytesIO):
        return hashlib.blake2b(stream.getbuffer(), digest_size=16).hexdigest()
    digest = hashlib.blake2b(digest_size=16)
    while True:
        chunk = stream.read(_CHUNK)
        if not chunk:
            break
        digest.update(chunk)
        cancel.raise_if_cancelled()
    stream.seek(0)
    return digest.hexdigest()


def same_size_imported(conn: sqlite3.Connection, size: int) -> bool:
    """Whether the project records an imported file of exactly ``size`` bytes."""
    row = conn.execute("SELECT 1 FROM import_files WHERE bytes = ? AND documents > 0 LIMIT 1", (size,)).fetchone()
    return row is not None


class FileDigest:
    """The hash of one file, either known at once or computed on a thread (call ``close``)."""

    def __init__(self, digest: str | None = None) -> None:
        self.known = digest
        """The hash when it was computed before the import (needed to check for an earlier one)."""
        self._digest = digest
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._path = ""

    @classmethod
    def beside(cls, path: str) -> FileDigest:
        """Start hashing ``path`` on a helper thread."""
        pending = cls()
        pending._path = path
        pending._thread = threading.Thread(target=pending._run, name="llmstudio-file-hash", daemon=True)
        pending._thread.start()
        return pending

    def _run(self) -> None:
        try:
            digest = hashlib.blake2b(digest_size=16)
            buffer = bytearray(_CHUNK)
            view = memoryview(buffer)
            with open(self._path, "rb", buffering=0) as handle:
                while not self._stop.is_set():
                    n = handle.readinto(buffer)
                    if not n:
                        self._digest = digest.hexdigest()
                        return
                    digest.update(view[:n])
        except OSError:
            return  # ``result`` falls back to the stream

    def result(self, stream: BinaryIO, cancel: CancelToken) -> str:
        """The hash (waiting for the thread); hashes ``stream`` itself if the thread could not."""
        self.close()
        if self._digest is None:
            stream.seek(0)
            self._digest = hash_stream(stream, cancel)
        return self._digest

    def close(self) -> None:
        """Wait for the thread to finish."""
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def cancel(self) -> None:
        """Stop the thread early (the file was skipped, rejected or the import failed)."""
        self._stop.set()
        self.close()

    def __enter__(self) -> FileDigest:
        return self

    def __exit__(self, *exc: object) -> None:
        self.cancel()

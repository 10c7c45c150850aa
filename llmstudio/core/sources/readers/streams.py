"""Byte streams: peeking at a head, decompressing with bomb limits, never touching the disk.

Compressed files are read through the standard library's (and zstandard's) streaming
decoders. ``BombGuard`` counts what comes out against what went in and stops a stream
that expands past the ratio or size limit, so a 40 KB file that claims to hold 40 GB is
refused after a few megabytes instead of filling memory or the project. Every decoder
error (truncated, corrupt) becomes a ``FileRejected`` naming the file.
"""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import tarfile
import zipfile
import zlib
from collections.abc import Callable
from typing import BinaryIO

from llmstudio.core.sources.readers.base import MB, FileRejected, MissingDependency, ReadContext

HEAD_BYTES = 64 * 1024
# A ratio check before this much output would trip on tiny, very regular files.
RATIO_GRACE_BYTES = 16 * MB

COMPRESSION_SUFFIXES = {".gz": "gz", ".gzip": "gz", ".bz2": "bz2", ".xz": "xz", ".zst": "zst"}
# Short names for compressed tars: .tgz is .tar.gz, and so on.
TAR_ALIASES = {".tgz": "gz", ".tbz2": "bz2", ".tbz": "bz2", ".txz": "xz", ".tzst": "zst"}
_MAGIC = (
    (b"\x1f\x8b", "gz"),
    (b"BZh", "bz2"),
    (b"\xfd7zXZ\x00", "xz"),
    (b"\x28\xb5\x2f\xfd", "zst"),
)


COMPRESSION_MAGIC = tuple(magic for magic, _ in _MAGIC)
"""What a compressed stream starts with (any of the kinds above)."""


def sniff_compression(head: bytes) -> str | None:
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    return None


class CountingStream(io.RawIOBase):
    """Counts the bytes read through it (the compressed side of a decoder)."""

    def __init__(self, inner: BinaryIO) -> None:
        super().__init__()
        self._inner = inner
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self._inner.read(len(buffer))
        n = len(data)
        buffer[:n] = data
        self.count += n
        return n


class HeadStream(io.RawIOBase):
    """Serves ``head`` first, then the rest of ``inner``: a peek that works on any stream."""

    def __init__(self, head: bytes, inner: BinaryIO) -> None:
        super().__init__()
        self._head = memoryview(head)
        self._pos = 0
        self._inner = inner

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        if self._pos < len(self._head):
            n = min(len(buffer), len(self._head) - self._pos)
            buffer[:n] = self._head[self._pos : self._pos + n]
            self._pos += n
            return n
        data = self._inner.read(len(buffer))
        n = len(data)
        buffer[:n] = data
        return n


def peek(stream: BinaryIO, size: int = HEAD_BYTES) -> tuple[bytes, BinaryIO]:
    """Read up to ``size`` bytes and return them with a stream that still starts at byte 0."""
    chunks: list[bytes] = []
    have = 0
    while have < size:
        chunk = stream.read(size - have)
        if not chunk:
            break
        chunks.append(chunk)
        have += len(chunk)
    head = b"".join(chunks)
    if stream.seekable():
        stream.seek(0)
        return head, stream
    return head, io.BufferedReader(HeadStream(head, stream), buffer_size=1 * MB)


class KeepOpen(io.RawIOBase):
    """A view of ``inner`` whose ``close`` leaves ``inner`` open (a TextIOWrapper closes its
    buffer when it is collected; the importer still needs the file after the reader)."""

    def __init__(self, inner: BinaryIO) -> None:
        super().__init__()
        self._inner = inner

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return self._inner.seekable()

    def seek(self, offset: int, whence: int = 0) -> int:
        return self._inner.seek(offset, whence)

    def tell(self) -> int:
        return self._inner.tell()

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self._inner.read(len(buffer))
        n = len(data)
        buffer[:n] = data
        return n


class BombGuard(io.RawIOBase):
    """Wraps a decoder; refuses output past the size or ratio limit and names decoder errors."""

    def __init__(self, decoder: BinaryIO, consumed: Callable[[], int], ctx: ReadContext) -> None:
        super().__init__()
        self._decoder = decoder
        self._consumed = consumed
        self._ctx = ctx
        self._max_out = int(ctx.options.max_unpacked_mb * MB)
        self._ratio = ctx.options.max_compression_ratio
        self.produced = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        try:
            data = self._decoder.read(len(buffer))
        except FileRejected:
            raise
        except (
            EOFError, OSError, lzma.LZMAError, zlib.error, ValueError,
            zipfile.BadZipFile, tarfile.TarError,
        ) as exc:
            raise FileRejected(
                f"the compressed data is truncated or corrupt ({exc}); "
                "download or copy the file again"
            ) from exc
        except Exception as exc:  # zstandard.ZstdError has no common base with the others
            if type(exc).__module__.startswith("zstandard"):
                raise FileRejected(f"the zstd data is corrupt ({exc})") from exc
            raise
        n = len(data)
        buffer[:n] = data
        self.produced += n
        self._check()
        return n

    def _check(self) -> None:
        if self.produced > self._max_out:
            raise FileRejected(
                f"stopped after {self.produced // MB} MB unpacked: over the "
                f"{self._ctx.options.max_unpacked_mb:g} MB limit (max_unpacked_mb); "
                "if the file is genuine, raise the limit"
            )
        consumed = max(1, self._consumed())
        if self.produced > RATIO_GRACE_BYTES and self.produced / consumed > self._ratio:
            raise FileRejected(
                f"looks like a decompression bomb: {consumed:,} compressed bytes expanded to "
                f"more than {self.produced // MB} MB (over {self._ratio:g}x, "
                "max_compression_ratio); not imported"
            )


def decompress(stream: BinaryIO, kind: str, ctx: ReadContext) -> BinaryIO:
    """A buffered, bomb-guarded stream of the decompressed bytes of ``stream``."""
    counted = CountingStream(stream)
    source = io.BufferedReader(counted, buffer_size=256 * 1024)
    decoder: BinaryIO
    if kind == "gz":
        decoder = gzip.GzipFile(fileobj=source, mode="rb")  # type: ignore[assignment]
    elif kind == "bz2":
        decoder = bz2.BZ2File(source, mode="rb")  # type: ignore[assignment]
    elif kind == "xz":
        decoder = lzma.LZMAFile(source, mode="rb")  # type: ignore[assignment]
    elif kind == "zst":
        try:
            import zstandard
        except ImportError as exc:
            raise MissingDependency("zstd-compressed files", "zstandard", "zstd") from exc
        decoder = zstandard.ZstdDecompressor().stream_reader(source, read_across_frames=True)
    else:  # pragma: no cover - callers pass a known kind
        raise ValueError(kind)
    return io.BufferedReader(BombGuard(decoder, lambda: counted.count, ctx), buffer_size=1 * MB)


def read_limited(stream: BinaryIO, limit: int, what: str) -> bytes:
    """Read a whole (small) stream, refusing one over ``limit`` bytes without loading it all."""
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise FileRejected(
            f"the {what} is over {limit // MB} MB (max_binary_mb); split it or raise the limit"
        )
    return data

"""Zip and tar archives read member by member as streams; nothing is extracted to disk.

Since nothing is written out, a member named ``/etc/passwd`` or ``../../x`` could do no
harm, but such names are a sign of a hostile or broken archive: those members are
reported and skipped. Links, devices and nested archives are skipped too. A zip member
whose declared sizes exceed the bomb limits is refused before it is inflated; the zip
reader itself stops at the declared size and checks the CRC.
"""

from __future__ import annotations

import io
import posixpath
import tarfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from llmstudio.core.sources.readers.base import MB, FileRejected, ReadContext
from llmstudio.core.sources.readers.streams import RATIO_GRACE_BYTES, BombGuard


@dataclass
class Member:
    name: str
    stream: BinaryIO


ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")


def is_zip(head: bytes) -> bool:
    return head.startswith(ZIP_MAGIC)


def is_tar(head: bytes) -> bool:
    return len(head) >= 262 and head[257:262] == b"ustar"


def unsafe_reason(name: str) -> str | None:
    """Why a member name is not a plain relative path, or None when it is."""
    if name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":"):
        return "an absolute path"
    parts = name.replace("\\", "/").split("/")
    if ".." in parts:
        return "a '..' path that points outside the archive"
    return None


def iter_zip(stream: BinaryIO, ctx: ReadContext) -> Iterator[Member]:
    if not stream.seekable():
        raise FileRejected("a zip archive inside a compressed stream cannot be read; decompress it first")
    try:
        archive = zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise FileRejected(f"the zip archive is damaged or truncated ({exc})") from exc
    with archive:
        for info in archive.infolist():
            ctx.cancel.raise_if_cancelled()
            if info.is_dir():
                continue
            reason = unsafe_reason(info.filename)
            if reason:
                ctx.report(None, f"member '{info.filename}' has {reason}; skipped", "rejected")
                continue
            if info.flag_bits & 0x1:
                ctx.report(None, f"member '{info.filename}' is encrypted; skipped", "rejected")
                continue
            if info.file_size > ctx.options.max_unpacked_mb * MB or (
                info.file_size > RATIO_GRACE_BYTES
                and info.file_size / max(1, info.compress_size) > ctx.options.max_compression_ratio
            ):
                ctx.report(
                    None,
                    f"member '{info.filename}' would unpack {info.compress_size:,} bytes to "
                    f"{info.file_size:,} (a decompression bomb?); skipped",
                    "rejected",
                )
                continue
            try:
                inner = archive.open(info)
            except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError) as exc:
                ctx.report(None, f"member '{info.filename}' cannot be read ({exc}); skipped", "rejected")
                continue
            size = info.compress_size
            guarded = BombGuard(inner, lambda size=size: size, ctx)  # type: ignore[misc,arg-type]
            yield Member(info.filename, io.BufferedReader(guarded, buffer_size=1 * MB))


def iter_tar(stream: BinaryIO, ctx: ReadContext) -> Iterator[Member]:
    try:
        archive = tarfile.open(fileobj=stream, mode="r|")
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise FileRejected(f"the tar archive is damaged or truncated ({exc})") from exc
    members = iter(archive)
    while True:
        ctx.cancel.raise_if_cancelled()
        try:
            info = next(members)
        except StopIteration:
            return
        except (tarfile.TarError, OSError, EOFError) as exc:
            raise FileRejected(f"the tar archive is damaged or truncated ({exc})") from exc
        if info.isdir():
            continue
        reason = unsafe_reason(info.name)
        if reason:
            ctx.report(None, f"member '{info.name}' has {reason}; skipped", "rejected")
            continue
        if not info.isfile():
            ctx.report(None, f"member '{info.name}' is a link or a device, not a file; skipped", "warning")
            continue
        inner = archive.extractfile(info)
        if inner is None:
            continue
        size = info.size
        guarded = BombGuard(inner, lambda size=size: max(size, 1), ctx)  # type: ignore[arg-type, misc]
        yield Member(posixpath.normpath(info.name), io.BufferedReader(guarded, buffer_size=1 * MB))

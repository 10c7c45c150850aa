"""Many small files: read whole, parsed in memory, written a group at a time.

A folder of 100k notes is mostly per-file overhead: a savepoint, a duplicate-file lookup,
an id lookup, a provenance row and a count update each, about a dozen statements for a
file of a few hundred bytes. Plain files up to ``SMALL_FILE_BYTES`` are therefore read
whole and parsed in memory first, then a group of them is written with one statement of
each kind under one savepoint. A file is still all or nothing: a file that cannot be read
or parsed never reaches the database, and a group the database refuses (a full disk) is
rolled back whole, the groups before it kept. Compressed files and archives (whose size
on disk says nothing of what they hold) go through the streaming path in ``import_file``.
"""

from __future__ import annotations

import hashlib
import io
import os
import sqlite3
import stat
from dataclasses import dataclass, field
from pathlib import Path

import orjson

from llmstudio.core.errors import JobCancelled
from llmstudio.core.jobs import CancelToken
from llmstudio.core.sources.document_store import StoredFile, is_disk_full, write_files
from llmstudio.core.sources.import_file import Batch, Input, Meter
from llmstudio.core.sources.readers import DiskFull, FileRejected, ImportOptions, ReadContext, iter_units
from llmstudio.core.sources.readers.archives import ZIP_MAGIC, is_tar
from llmstudio.core.sources.readers.base import Doc
from llmstudio.core.sources.readers.dispatch import ARCHIVE_SUFFIXES, SUFFIX_FORMATS, format_for
from llmstudio.core.sources.readers.encoding import looks_binary
from llmstudio.core.sources.readers.streams import COMPRESSION_MAGIC, COMPRESSION_SUFFIXES, HEAD_BYTES
from llmstudio.core.sources.summary import ImportProblem, ImportSummary

MB = 1024 * 1024
SMALL_FILE_BYTES = 256 * 1024
GROUP_FILES = 2048
GROUP_BYTES = 8 * MB
_TXT_SUFFIXES = tuple(suffix for suffix, fmt in SUFFIX_FORMATS.items() if fmt == "txt")
_PACKED_MAGIC = COMPRESSION_MAGIC + ZIP_MAGIC  # compressed or zipped under a plain name
_STREAMED_SUFFIXES = tuple(COMPRESSION_SUFFIXES) + tuple(ARCHIVE_SUFFIXES) + (".docx", ".pdf", ".parquet", ".arrow")


def is_small(item: Input) -> bool:
    """Whether ``item`` takes the grouped path (a small plain file on disk)."""
    return (
        item.path is not None
        and 0 < item.size <= SMALL_FILE_BYTES
        and not item.name.lower().endswith(_STREAMED_SUFFIXES)
    )


# What the reading thread found for one file: (bytes, changed while read) or a rejection.
_Raw = tuple[bytes, bool] | str


_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_BINARY", 0)


def _read_raw(paths: list[Path | str | None], cancel: CancelToken) -> list[_Raw]:
    """Read small files whole: their bytes and whether they changed meanwhile, or why not.

    Plain ``os`` calls (open, fstat, read, fstat, close): the file objects of ``open()``
    cost more than the reading of a file of a few hundred bytes.
    """
    out: list[_Raw] = []
    for path in paths:
        if cancel.cancelled:
            out.append("the import was cancelled")
            continue
        assert path is not None
        try:
            fd = os.open(path, _OPEN_FLAGS)
        except OSError as exc:
            out.append(f"cannot read the file ({exc.strerror or exc})")
            continue
        try:
            before = os.fstat(fd)
            if not stat.S_ISREG(before.st_mode):
                out.append("not a regular file (a pipe, socket or device); skipped")
                continue
            # One byte past the size shows growth; never past the limit (no large buffers).
            want = min(before.st_size, SMALL_FILE_BYTES) + 1
            data = os.read(fd, want)
            while 0 < len(data) < want - 1:  # a short read (rare on local disks): go on to the size
                more = os.read(fd, want - len(data))
                if not more:
                    break
                data += more
            after = os.fstat(fd)
        except OSError as exc:
            out.append(f"cannot read the file ({exc.strerror or exc})")
            continue
        finally:
            os.close(fd)
        out.append((data, (after.st_size, after.st_mtime_ns) != (before.st_size, before.st_mtime_ns)))
    return out


@dataclass(slots=True)
class _Read:
    item: Input
    data: bytes = b""
    file_hash: str = ""
    problems: list[ImportProblem] = field(default_factory=list)
    docs: list[Doc] = field(default_factory=list)
    detected: dict = field(default_factory=dict)
    bad_units: int = 0
    doc_hash: str | None = None  # set when the one document is exactly the file's bytes


def plain_text_allowed(options: ImportOptions) -> bool:
    """Whether the options let ``_plain_text`` take a file (checked once per import)."""
    return options.split in ("auto", "file") and not options.encoding


def _plain_text(read: _Read, options: ImportOptions, max_chars: int) -> Doc | None:
    """The common case without the reader machinery: one UTF-8 text file, one document.

    Gives exactly what ``read_text`` gives (newlines made ``\n``); anything else (another
    encoding, a BOM, binary data, an empty file, other split rules) returns None and takes
    the full path, which also words the problems. The caller checked ``plain_text_allowed``.
    """
    if read.item.path is None:
        return None
    path = os.fspath(read.item.path)
    data = read.data
    if data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return None
    fmt = options.format
    if not (fmt == "txt" or (fmt == "auto" and path.endswith(_TXT_SUFFIXES))) and format_for(
        os.path.basename(path), data[:HEAD_BYTES], options
    ) != "txt":
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if looks_binary(data[:HEAD_BYTES], "utf-8") or text.isspace() or len(text) > max_chars:
        return None
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    else:
        read.doc_hash = read.file_hash  # the document is the file's bytes: same digest
    return Doc(read.item.name, text)


class SmallFiles:
    """Collects small files and imports them a group at a time (call ``flush`` at the end)."""

    def __init__(
        self,
        batch: Batch,
        source_id: int,
        options: ImportOptions,
        summary: ImportSummary,
        meter: Meter,
        cancel: CancelToken,
        streamed: object,
    ) -> None:
        self.batch = batch
        self.source_id = source_id
        self.options = options
        self.summary = summary
        self.meter = meter
        self.cancel = cancel
        self.streamed = streamed  # import_one, for files that turn out compressed or archived
        self.pending: list[Input] = []
        self.pending_bytes = 0
        self.current = ""  # what is being written, for a message if the disk fills up
        self.failed_on: str | None = None  # what was being written when a flush failed
        self._plain = plain_text_allowed(options)
        self._max_chars = options.max_document_chars

    def add(self, item: Input) -> None:
        self.pending.append(item)
        self.pending_bytes += item.size
        if len(self.pending) >= GROUP_FILES or self.pending_bytes >= GROUP_BYTES:
            self.flush()

    def flush(self) -> None:
        """Import everything collected so far (before a large file, and at the end)."""
        items, self.pending, self.pending_bytes = self.pending, [], 0
        if not items:
            return
        try:
            self._flush(items, _read_raw([item.path for item in items], self.cancel))
        except BaseException:
            self.failed_on = self.current or items[0].name
            raise

    def _flush(self, items: list[Input], raws: list[_Raw]) -> None:
        self.current = ""
        reads: list[_Read] = []
        for item, raw in zip(items, raws, strict=False):
            self.cancel.raise_if_cancelled()
            read = self._read(item, raw)
            if read is not None:
                reads.append(read)
        reads = self._drop_duplicate_files(reads)
        parsed = [r for r in (self._parse(read) for read in reads) if r is not None]
        if parsed:
            more = len(parsed) - 1
            self.current = parsed[0].item.name + (f" (and {more} more small files)" if more else "")
            self._write(parsed)
        self.meter.update(0, items[-1].name)

    # ------------------------------------------------------------ reading
    def _reject(self, item: Input, reason: str) -> None:
        self.summary.problems.append(ImportProblem(item.name, None, reason, "rejected"))
        self.summary.rejected_files += 1
        self.meter.done += item.size

    def _read(self, item: Input, raw: _Raw) -> _Read | None:
        """Judge what the reading thread got: a file to parse, a rejection, or a streamed file."""
        if isinstance(raw, str):
            self._reject(item, raw)
            return None
        data, changed = raw
        head = data[:HEAD_BYTES]
        if len(data) > SMALL_FILE_BYTES or head.startswith(_PACKED_MAGIC) or is_tar(head):
            # Grew past the limit since the folder was listed, or compressed under a plain
            # name: the streaming path reads it (with its bomb limits).
            item.size = max(item.size, len(data))
            self.current = item.name
            self.streamed(item)  # type: ignore[operator]
            return None
        if changed:
            self._reject(item, "the file changed while it was read, so it was not imported; "
                               "import it again once nothing is writing to it")
            return None
        item.size = len(data)
        return _Read(item, data, hashlib.blake2b(data, digest_size=16).hexdigest())

    def _drop_duplicate_files(self, reads: list[_Read]) -> list[_Read]:
        if not self.options.skip_duplicates or not reads:
            return reads
        conn = self.batch.begin()
        earlier: dict[str, tuple[int, str]] = {}
        hashes = orjson.dumps(list({r.file_hash for r in reads})).decode()
        for file_hash, source_id, path in conn.execute(
            "SELECT file_hash, source_id, path FROM import_files WHERE file_hash IN (SELECT value FROM json_each(?)) "
            "AND documents > 0 ORDER BY id", (hashes,),
        ):
            earlier.setdefault(file_hash, (int(source_id), str(path)))
        kept = []
        for read in reads:
            before = earlier.get(read.file_hash)
            if before is None:
                earlier[read.file_hash] = (self.source_id, read.item.name)  # a copy later in this import
                kept.append(read)
                continue
            self.summary.skipped_files += 1
            self.summary.problems.append(ImportProblem(
                read.item.name, None,
                f"the same content was imported before (source {before[0]}, {before[1]}); skipped", "duplicate",
            ))
            self.meter.done += read.item.size
        return kept

    def _parse(self, read: _Read) -> _Read | None:
        """All of a file's documents, or None when the file is rejected (nothing written)."""
        item = read.item
        if self._plain:
            fast = _plain_text(read, self.options, self._max_chars)
            if fast is not None:
                read.docs.append(fast)
                read.detected = {"format": "txt", "split": "file", "encoding": "utf-8"}
                read.data = b""
                return read
        problems = read.problems

        def sink(name: str, line: int | None, reason: str, severity: str) -> None:
            problems.append(ImportProblem(name, None if line is None else line, reason, severity))

        assert item.path is not None
        ctx = ReadContext(item.name, self.options, sink, self.cancel)
        good = bad = 0
        try:
            for unit in iter_units(io.BytesIO(read.data), ctx, os.path.basename(item.path)):
                try:
                    docs = list(unit.docs)
                except FileRejected as exc:
                    bad += 1
                    problems.append(ImportProblem(unit.ctx.name, None, str(exc), "rejected"))
                    continue
                except (JobCancelled, MemoryError):
                    raise
                except Exception as exc:  # a reader bug must not stop the other files
                    bad += 1
                    problems.append(ImportProblem(
                        unit.ctx.name, None, f"could not be read ({type(exc).__name__}: {exc})", "rejected"
                    ))
                    continue
                read.docs.extend(docs)
                good += 1
            if good == 0:
                raise FileRejected("" if bad else "the file holds nothing to import")
        except FileRejected as exc:
            self.summary.problems.extend(problems)
            if str(exc):
                self._reject(item, str(exc))
            else:
                self.summary.rejected_files += bad
                self.meter.done += item.size
            return None
        read.bad_units = bad
        read.detected = ctx.detected
        read.data = b""
        return read

    # ------------------------------------------------------------ writing
    def _write(self, parsed: list[_Read]) -> None:
        batch = self.batch
        conn = batch.begin()
        first_id = conn.execute("SELECT coalesce(max(id), 0) FROM documents").fetchone()[0] if self.options.label_field else 0
        files = [
            StoredFile(
                r.item.name, r.item.size, r.file_hash,
                r.detected.get("archive") or r.detected.get("format", "?"), r.detected.get("encoding"),
                len(r.problems), r.docs, r.doc_hash,
            )
            for r in parsed
        ]
        batch.savepoint("import_group")
        try:
            counts = write_files(batch, self.source_id, files, self.options.skip_duplicates)
        except sqlite3.DatabaseError as exc:
            batch.rollback_to("import_group")
            if is_disk_full(exc):
                raise DiskFull(str(exc)) from exc
            raise
        except ValueError:
            # A value SQLite cannot store (a lone surrogate from a JSON escape or a file name
            # that is not UTF-8): one file at a time, the file that has it is rejected alone.
            batch.rollback_to("import_group")
            for read in parsed:
                self.current = read.item.name
                self.streamed(read.item)  # type: ignore[operator]
            return
        except BaseException:
            batch.rollback_to("import_group")
            raise
        batch.release("import_group")
        summary = self.summary
        labelled = bad = documents = skipped = size = 0
        for read, count in zip(parsed, counts, strict=False):
            if read.problems:
                summary.problems.extend(read.problems)
            bad += read.bad_units
            documents += count.documents
            skipped += count.skipped
            size += read.item.size
            labelled += count.labelled
        summary.rejected_files += bad
        summary.files += len(parsed)
        summary.documents += documents
        summary.skipped_duplicates += skipped
        summary.bytes += size
        self.meter.done += size
        if labelled and self.options.label_field:
            batch.pending_labels.append((self.source_id, first_id, self.options.label_field, parsed[0].item.name))
        batch.files_done(len(parsed), size)

"""CSV and TSV, streamed: delimiter and header detection, column choice, ragged rows reported.

The delimiter and the header are guessed from the first 64 KB (the standard library's
``csv.Sniffer``, limited to comma, tab, semicolon and pipe), unless the user said. The text
column is the one named, else a well-known name, else the column with the longest values
in the sample. Quoted fields may span lines; a row whose field count differs from the
header's is reported with its line number and skipped, so columns never shift silently.
"""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Iterator
from typing import BinaryIO, TextIO

from llmstudio.core.sources.readers.base import Doc, FileRejected, ReadContext
from llmstudio.core.sources.readers.records import TEXT_FIELD_GUESSES, RecordMapper
from llmstudio.core.sources.readers.text import note_replaced, open_text

_SAMPLE_CHARS = 64 * 1024
_DELIMITERS = ",\t;|"


def _dialect(sample: str, ctx: ReadContext) -> tuple[str, bool]:
    delimiter = ctx.options.csv_delimiter
    if delimiter in ("\\t", "tab"):
        delimiter = "\t"
    if not delimiter:
        if ctx.name.lower().rsplit(".", 1)[-1] in ("tsv", "tab"):
            delimiter = "\t"
        else:
            try:
                delimiter = csv.Sniffer().sniff(sample, delimiters=_DELIMITERS).delimiter
            except csv.Error:
                delimiter = ","
    header = ctx.options.csv_header
    if header is None:
        header = _guess_header(sample, delimiter, ctx)
    return delimiter, header


def _guess_header(sample: str, delimiter: str, ctx: ReadContext) -> bool:
    rows = _sample_rows(sample, delimiter, 20)
    if not rows:
        return False
    first = rows[0]
    wanted = {f for f in (ctx.options.text_field, ctx.options.label_field, ctx.options.id_field) if f}
    if wanted & set(first) or {c.lower() for c in first} & set(TEXT_FIELD_GUESSES):
        return True
    try:
        return csv.Sniffer().has_header(sample)
    except csv.Error:
        # Names are short and unique; a data row usually is not.
        return len(set(first)) == len(first) and all(0 < len(c) <= 40 for c in first)


def read_csv(stream: BinaryIO, ctx: ReadContext) -> Iterator[Doc]:
    ctx.detected["format"] = "csv"
    ctx.detected["split"] = "record"
    text = open_text(stream, ctx, newline="")
    sample = text.read(_SAMPLE_CHARS)
    # Cut the sample at its last line end so the sniffer never sees half a row.
    cut = sample.rfind("\n")
    sniff_sample = sample[: cut + 1] if 0 < cut < len(sample) - 1 else sample
    delimiter, has_header = _dialect(sniff_sample, ctx)
    ctx.detected["delimiter"] = delimiter
    ctx.detected["header"] = has_header
    rest = _Chained(sample, text, ctx)
    csv.field_size_limit(max(ctx.options.max_document_chars, 131072))
    reader = csv.reader(rest, delimiter=delimiter)
    mapper = RecordMapper(ctx)
    header: list[str] | None = None
    line_end = 0
    rows = 0
    while True:
        line_start = line_end + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            line_end = reader.line_num
            ctx.report(line_start, f"not valid CSV ({exc}); skipped")
            continue
        line_end = reader.line_num
        if not row or (len(row) == 1 and not row[0].strip()):
            continue
        if header is None:
            if has_header:
                header = [h.strip() or f"column_{i + 1}" for i, h in enumerate(row)]
                ctx.detected["fields"] = header
                if mapper.text_field is None:
                    mapper.choose_text_field(_pick_text_column(header, sample, delimiter))
                    ctx.detected["text_field"] = mapper.text_field
                continue
            header = [f"column_{i + 1}" for i in range(len(row))]
            ctx.detected["fields"] = header
            if mapper.text_field is None:
                mapper.choose_text_field(_pick_text_column(header, sample, delimiter, skip_first=False))
                ctx.detected["text_field"] = mapper.text_field
        if len(row) != len(header):
            ctx.report(
                line_start,
                f"the row has {len(row)} fields but the header has {len(header)}; skipped",
            )
            continue
        rows += 1
        if rows % 4096 == 0:
            ctx.cancel.raise_if_cancelled()
        doc = mapper.to_doc(dict(zip(header, row, strict=False)), f"{ctx.name}:{line_start}", line_start)
        if doc is not None:
            yield doc
    if header is None:
        raise FileRejected("the CSV file has no rows")
    note_replaced(ctx)


def _sample_rows(sample: str, delimiter: str, limit: int) -> list[list[str]]:
    """Up to ``limit`` rows parsed from the sample; fewer if the sample is not clean CSV."""
    rows: list[list[str]] = []
    try:
        for row in itertools.islice(csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter), limit):
            rows.append(row)
    except csv.Error:
        pass
    return rows


def _pick_text_column(header: list[str], sample: str, delimiter: str, skip_first: bool = True) -> str:
    lowered = {h.lower(): h for h in header}
    for guess in TEXT_FIELD_GUESSES:
        if guess in lowered:
            return lowered[guess]
    rows = _sample_rows(sample, delimiter, 200)[1 if skip_first else 0 :]
    totals = [0] * len(header)
    for row in rows:
        if len(row) == len(header):
            for i, cell in enumerate(row):
                totals[i] += len(cell)
    return header[max(range(len(header)), key=lambda i: totals[i])] if header else "column_1"


class _Chained:
    """Iterates lines of ``head`` then of ``rest``, joining the line split between them.

    A physical line over the document limit is drained without being kept and reported;
    the csv reader sees an empty line in its place.
    """

    def __init__(self, head: str, rest: io.TextIOBase | TextIO, ctx: ReadContext) -> None:
        self._head = io.StringIO(head)
        self._rest = rest
        self._in_head = True
        self._ctx = ctx
        self._limit = ctx.options.max_document_chars
        self._line = 0

    def __iter__(self) -> _Chained:
        return self

    def _read_rest(self) -> str:
        line = self._rest.readline(self._limit + 1)
        if len(line) > self._limit and not line.endswith("\n"):
            while True:
                more = self._rest.readline(1 << 20)
                if not more or more.endswith("\n"):
                    break
            self._ctx.report(
                self._line + 1,
                f"a line over the {self._ctx.options.max_document_mb:g} MB limit "
                "(max_document_mb); skipped",
            )
            return "\n"
        return line

    def __next__(self) -> str:
        self._line += 1
        if self._in_head:
            line = self._head.readline()
            if line.endswith("\n"):
                return line
            self._in_head = False
            tail = self._read_rest()
            if line or tail:
                return line + tail
            raise StopIteration
        line = self._read_rest()
        if not line:
            raise StopIteration
        return line

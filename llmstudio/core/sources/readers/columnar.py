"""Parquet (read by row group) and Arrow files written by Hugging Face ``datasets.save_to_disk``.

pyarrow is an optional extra (it is large): without it these formats are refused with the
command that installs it. Only the columns the import needs are read (text, label, id
and scalar metadata columns), batch by batch, so memory stays near one row group.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, BinaryIO

from llmstudio.core.sources.readers.base import Doc, FileRejected, MissingDependency, ReadContext
from llmstudio.core.sources.readers.records import TEXT_FIELD_GUESSES, RecordMapper

_BATCH_ROWS = 2048


def _pyarrow() -> Any:
    try:
        import pyarrow
        import pyarrow.ipc  # noqa: F401
        import pyarrow.parquet  # noqa: F401
    except ImportError as exc:
        raise MissingDependency("Parquet and Arrow files", "pyarrow", "parquet") from exc
    return pyarrow


def _choose_columns(schema: Any, ctx: ReadContext) -> tuple[str, list[str]]:
    """The text column and every column to read."""
    pa = _pyarrow()
    names = list(schema.names)
    ctx.detected["fields"] = names
    text_field = ctx.options.text_field
    if text_field is None:
        lowered = {n.lower(): n for n in names}
        text_field = next((lowered[g] for g in TEXT_FIELD_GUESSES if g in lowered), None)
        if text_field is None:
            strings = [f.name for f in schema if pa.types.is_string(f.type) or pa.types.is_large_string(f.type)]
            if not strings:
                raise FileRejected(f"no text column; the columns are: {', '.join(names)}")
            text_field = strings[0]
    top = text_field.split(".", 1)[0] if text_field not in names else text_field
    if top not in names:
        raise FileRejected(
            f"no column '{text_field}'; the columns are: {', '.join(names)}; choose the text field"
        )
    ctx.detected["text_field"] = text_field
    wanted = {top}
    for extra in (ctx.options.label_field, ctx.options.id_field):
        if extra:
            wanted.add(extra.split(".", 1)[0] if extra not in names else extra)
    if ctx.options.meta_fields is None:
        for f in schema:
            if not (pa.types.is_nested(f.type) or pa.types.is_binary(f.type) or pa.types.is_large_binary(f.type)):
                wanted.add(f.name)
    else:
        wanted.update(m.split(".", 1)[0] for m in ctx.options.meta_fields)
    return text_field, [n for n in names if n in wanted]


def _docs_from_batches(batches: Iterator[Any], ctx: ReadContext, text_field: str) -> Iterator[Doc]:
    mapper = RecordMapper(ctx)
    mapper.choose_text_field(text_field)
    row = 0
    for batch in batches:
        ctx.cancel.raise_if_cancelled()
        for record in batch.to_pylist():
            row += 1
            doc = mapper.to_doc(record, f"{ctx.name}#row={row}", row)
            if doc is not None:
                yield doc


def read_parquet(stream: BinaryIO, ctx: ReadContext) -> Iterator[Doc]:
    pa = _pyarrow()
    ctx.detected["format"] = "parquet"
    ctx.detected["split"] = "record"
    if not stream.seekable():
        raise FileRejected("a Parquet file inside a compressed stream cannot be read; decompress it first")
    try:
        parquet = pa.parquet.ParquetFile(stream)
    except (pa.ArrowException, OSError) as exc:
        raise FileRejected(f"not a readable Parquet file ({exc})") from exc
    text_field, columns = _choose_columns(parquet.schema_arrow, ctx)
    ctx.detected["row_groups"] = parquet.num_row_groups
    try:
        yield from _docs_from_batches(
            parquet.iter_batches(batch_size=_BATCH_ROWS, columns=columns), ctx, text_field
        )
    except (pa.ArrowException, OSError) as exc:
        raise FileRejected(f"the Parquet file is corrupt ({exc})") from exc


def read_arrow(stream: BinaryIO, ctx: ReadContext) -> Iterator[Doc]:
    """An Arrow IPC stream (what ``datasets.save_to_disk`` writes) or an Arrow IPC file."""
    pa = _pyarrow()
    ctx.detected["format"] = "parquet"
    ctx.detected["layout"] = "arrow"
    ctx.detected["split"] = "record"
    try:
        reader = pa.ipc.open_stream(stream)
        batches = iter(reader)
        schema = reader.schema
    except (pa.ArrowException, OSError):
        if not stream.seekable():
            raise FileRejected("not a readable Arrow stream") from None
        stream.seek(0)
        try:
            file_reader = pa.ipc.open_file(stream)
        except (pa.ArrowException, OSError) as exc:
            raise FileRejected(f"not a readable Arrow file ({exc})") from exc
        schema = file_reader.schema
        batches = (file_reader.get_batch(i) for i in range(file_reader.num_record_batches))
    text_field, columns = _choose_columns(schema, ctx)
    try:
        yield from _docs_from_batches((b.select(columns) for b in batches), ctx, text_field)
    except (pa.ArrowException, OSError) as exc:
        raise FileRejected(f"the Arrow file is corrupt ({exc})") from exc

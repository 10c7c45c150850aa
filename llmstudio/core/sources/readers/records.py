"""Turning one record (a JSON object, a CSV row, a Parquet row) into a document.

Shared by every structured reader so that ``text_field``, ``label_field``, ``id_field`` and
``meta_fields`` mean the same thing everywhere. A dotted path (``meta.body``) walks nested
objects; a number in it indexes a list (``messages.0.content``). A key that itself holds a
dot is found first, so flat CSV headers such as ``meta.body`` still work.
"""

from __future__ import annotations

from typing import Any

from llmstudio.core.sources.readers.base import Doc, ReadContext

# Tried in order when the user did not name the text field.
TEXT_FIELD_GUESSES = (
    "text", "content", "body", "document", "article", "review", "sentence", "message",
    "comment", "description", "abstract", "story", "passage", "question", "prompt",
)
_MISSING = object()


def get_path(record: Any, path: str) -> Any:
    """The value at ``path`` in ``record``, or ``_MISSING``."""
    if isinstance(record, dict) and path in record:
        return record[path]
    value = record
    for key in path.split("."):
        if isinstance(value, dict) and key in value:
            value = value[key]
        elif isinstance(value, list) and key.lstrip("-").isdigit() and -len(value) <= int(key) < len(value):
            value = value[int(key)]
        else:
            return _MISSING
    return value


def guess_text_field(record: Any, names: list[str] | None = None) -> str | None:
    """The field most likely to hold the text: a well-known name, else the longest string."""
    if not isinstance(record, dict):
        return None
    keys = names if names is not None else list(record)
    lowered = {str(k).lower(): k for k in keys}
    for guess in TEXT_FIELD_GUESSES:
        if guess in lowered and isinstance(record.get(lowered[guess]), str):
            return str(lowered[guess])
    strings = [(len(v), k) for k, v in record.items() if isinstance(v, str)]
    return str(max(strings)[1]) if strings else None


class RecordMapper:
    """Applies the user's field choices to records; reports the ones it cannot use."""

    def __init__(self, ctx: ReadContext) -> None:
        self.ctx = ctx
        self.options = ctx.options
        self.text_field = ctx.options.text_field
        self._warned_missing = 0
        self._plain = False  # see choose_text_field
        self._used: frozenset[str] = frozenset()
        self._dotted = False  # whether a chosen field is a dotted path (slower meta rule)
        if self.text_field is not None:
            self.choose_text_field(self.text_field)

    def choose_text_field(self, text_field: str | None) -> None:
        """Set the text field (readers that pick it from a header call this too)."""
        self.text_field = text_field
        if text_field is None:
            return
        used = {text_field, self.options.label_field, self.options.id_field}
        self._used = frozenset(p for p in used if p)
        self._dotted = any("." in p for p in self._used)
        options = self.options
        # Only a text field, at the top level, and every other field kept as metadata.
        self._plain = (
            not self._dotted and not options.label_field and not options.id_field and options.meta_fields is None
        )

    def fields_for_preview(self, record: Any) -> None:
        if isinstance(record, dict):
            self.ctx.detected.setdefault("fields", [str(k) for k in record])

    def to_doc(self, record: Any, origin: str, line: int | None) -> Doc | None:
        """The record's document, or None (reported). The record is the reader's own, freshly
        parsed: in the common case it becomes the metadata, less its text field."""
        if self._plain and type(record) is dict:  # the common case: text plus metadata
            field = self.text_field
            text = record.get(field)
            if type(text) is str and text and not text.isspace():
                if len(record) == 1:
                    return Doc(origin, text)
                del record[field]
                return Doc(origin, text, record)
        return self._to_doc(record, origin, line)

    def _to_doc(self, record: Any, origin: str, line: int | None) -> Doc | None:
        if isinstance(record, str):
            return Doc(origin, record) if record.strip() else None
        if not isinstance(record, dict):
            self.ctx.report(line, f"a {type(record).__name__} where an object was expected; skipped")
            return None
        if self.text_field is None:
            guessed = guess_text_field(record)
            if guessed is None:
                self.ctx.report(line, "no field holds text; choose the text field; skipped")
                return None
            self.choose_text_field(guessed)
            self.ctx.detected["text_field"] = guessed
        field = self.text_field
        assert field is not None  # chosen above
        text = record.get(field, _MISSING)
        if text is _MISSING:
            text = get_path(record, field)
        if text is _MISSING or text is None:
            self.ctx.report(line, f"no field '{self.text_field}'; skipped")
            return None
        if not isinstance(text, str):
            if isinstance(text, (int, float)) and not isinstance(text, bool):
                self.ctx.report(
                    line, f"field '{self.text_field}' holds the number {text!r}, not text; stored as the text "
                    f"'{text}'", "warning",
                )
                text = str(text)
            else:
                self.ctx.report(
                    line, f"field '{self.text_field}' holds a {type(text).__name__}, not text; skipped"
                )
                return None
        if text.isspace() or not text:
            self.ctx.report(line, f"field '{self.text_field}' is empty; skipped")
            return None
        options = self.options
        label = self._scalar(record, options.label_field, line) if options.label_field else None
        ext_id = self._scalar(record, options.id_field, line) if options.id_field else None
        if options.meta_fields is None and not self._dotted:  # the common case, kept quick
            used = self._used
            meta = {k: v for k, v in record.items() if k not in used} if len(record) > len(used) else None
            return Doc(origin, text, meta or None, label, ext_id)
        return Doc(origin, text, self._meta(record), label, ext_id)

    def _scalar(self, record: dict[str, Any], path: str | None, line: int | None) -> str | None:
        if not path:
            return None
        value = get_path(record, path)
        if value is _MISSING or value is None:
            return None
        if isinstance(value, (dict, list)):
            self.ctx.report(line, f"field '{path}' is not a single value; ignored")
            return None
        return str(value)

    def _meta(self, record: dict[str, Any]) -> dict[str, Any] | None:
        used = self._used
        if self.options.meta_fields is None:
            top = {str(p).split(".", 1)[0] for p in used if p not in record}
            meta = {k: v for k, v in record.items() if k not in used and k not in top}
        else:
            meta = {}
            for path in self.options.meta_fields:
                value = get_path(record, path)
                if value is not _MISSING:
                    meta[path] = value
        return meta or None

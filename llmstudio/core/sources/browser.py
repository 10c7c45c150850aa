"""Paging and full-text search over a project's documents, instant at a million documents.

Documents are shown in (source, id) order. ``OFFSET`` would make page 10,000 scan a
million rows, so pages are found by arithmetic instead: an import writes each source's
documents with consecutive ids, so when a source's id range is exactly as long as its
document count, the document at offset *k* has id ``first + k`` and a page is one range
query on the primary key. A source with gaps (rare: an interrupted concurrent import)
falls back to an offset over that source's narrow index only. Next/previous pages and
search results use keyset paging (``WHERE id > last``), which costs the same everywhere.

Search goes through ``search.query`` (the one query function the label table and queue
use too, so a query finds the same documents everywhere); ``search_pending`` says how many
new documents are not searchable yet.
"""

from __future__ import annotations

from dataclasses import dataclass

from llmstudio.core.project import Project
from llmstudio.core.search import index as search_index
from llmstudio.core.search.query import search_query

PREVIEW_CHARS = 240
_COLUMNS = f"d.id, d.source_id, d.origin, substr(d.text, 1, {PREVIEW_CHARS}) AS preview, d.chars, d.label"


@dataclass(frozen=True)
class DocumentRow:
    id: int
    source_id: int
    origin: str
    preview: str
    chars: int
    label: str | None
    snippet: str | None = None


@dataclass(frozen=True)
class _Segment:
    source_id: int
    first_id: int
    last_id: int
    count: int
    start: int  # offset of this source's first document in the whole listing

    @property
    def dense(self) -> bool:
        return self.last_id - self.first_id + 1 == self.count


class DocumentBrowser:
    """Pages over all documents (or one source's), and searches them.

    Cheap to build (one small query per source); call ``refresh`` after an import or a
    removal, since counts and id ranges are cached.
    """

    def __init__(self, project: Project, page_size: int = 100, source_id: int | None = None) -> None:
        if page_size < 1:
            raise ValueError("page_size must be at least 1")
        self.project = project
        self.page_size = page_size
        self.source_id = source_id
        self._segments: list[_Segment] = []
        self.refresh()

    # ------------------------------------------------------------ listing
    def refresh(self) -> None:
        conn = self.project.db
        where = "" if self.source_id is None else "WHERE id = ?"
        params: tuple[int, ...] = () if self.source_id is None else (self.source_id,)
        segments = []
        start = 0
        for source_id, count in conn.execute(
            f"SELECT id, document_count FROM sources {where} ORDER BY id", params
        ).fetchall():
            if not count:
                continue
            # Two queries: min() and max() together make SQLite scan the source's index.
            first = conn.execute("SELECT min(id) FROM documents WHERE source_id = ?", (source_id,)).fetchone()[0]
            last = conn.execute("SELECT max(id) FROM documents WHERE source_id = ?", (source_id,)).fetchone()[0]
            if first is None:
                continue
            segments.append(_Segment(source_id, first, last, count, start))
            start += count
        self._segments = segments

    @property
    def total(self) -> int:
        return sum(s.count for s in self._segments)

    @property
    def page_count(self) -> int:
        return max(1, -(-self.total // self.page_size))

    def page(self, index: int) -> list[DocumentRow]:
        """The documents on page ``index`` (0-based; clamped to the last page)."""
        index = max(0, min(index, self.page_count - 1))
        offset = index * self.page_size
        anchor = self._id_at(offset)
        if anchor is None:
            return []
        return self._rows_from(*anchor, self.page_size)

    def _id_at(self, offset: int) -> tuple[int, int] | None:
        """(source id, document id) of the document at ``offset`` in the listing."""
        for seg in self._segments:
            if offset < seg.start + seg.count:
                within = offset - seg.start
                if seg.dense:
                    return seg.source_id, seg.first_id + within
                row = self.project.db.execute(
                    "SELECT id FROM documents WHERE source_id = ? ORDER BY id LIMIT 1 OFFSET ?",
                    (seg.source_id, within),
                ).fetchone()
                return (seg.source_id, row[0]) if row else None
        return None

    def _rows_from(self, source_id: int, doc_id: int, limit: int) -> list[DocumentRow]:
        """``limit`` documents from (source_id, doc_id) on, in listing order."""
        rows: list[DocumentRow] = []
        conn = self.project.db
        for seg in self._segments:
            if seg.source_id < source_id:
                continue
            start_id = doc_id if seg.source_id == source_id else seg.first_id
            found = conn.execute(
                f"SELECT {_COLUMNS} FROM documents d WHERE d.id >= ? AND d.id <= ? AND "
                "d.source_id = ? ORDER BY d.id LIMIT ?",
                (start_id, seg.last_id, seg.source_id, limit - len(rows)),
            ).fetchall()
            rows.extend(DocumentRow(*r) for r in found)
            if len(rows) >= limit:
                break
        return rows

    def page_of(self, doc_id: int) -> int | None:
        """The page a document is on (for "go to document"); None when not listed."""
        for seg in self._segments:
            if seg.first_id <= doc_id <= seg.last_id:
                exists = self.project.db.execute(
                    "SELECT 1 FROM documents WHERE id = ? AND source_id = ?", (doc_id, seg.source_id)
                ).fetchone()
                if not exists:
                    continue
                if seg.dense:
                    within = doc_id - seg.first_id
                else:
                    within = self.project.count(
                        "SELECT count(*) FROM documents WHERE source_id = ? AND id < ?", (seg.source_id, doc_id)
                    )
                return (seg.start + within) // self.page_size
        return None

    # ------------------------------------------------------------ search
    def search(self, text: str, after_id: int = 0, limit: int | None = None) -> list[DocumentRow]:
        """Matching documents with id > ``after_id`` (keyset paging), with a highlighted snippet."""
        query = search_query(self.project, text)
        rows = query.hits(self.project, f"{_COLUMNS}, d.text", after_id=after_id,
                          limit=limit or self.page_size, source_id=self.source_id)
        return [DocumentRow(r[0], r[1], r[2], r[3], r[4], r[5], query.snippet(r[6])) for r in rows]

    def search_pending(self) -> int:
        """How many documents are not in the search index yet (being indexed)."""
        return search_index.pending(self.project)

    def search_count(self, text: str, cap: int = 10_000) -> int:
        """How many documents match, counting at most ``cap`` (the UI says "10,000+")."""
        return search_query(self.project, text).count(self.project, cap, self.source_id)

    # ------------------------------------------------------------ one document
    def document(self, doc_id: int) -> dict[str, object] | None:
        row = self.project.db.execute(
            "SELECT d.id, d.source_id, d.origin, d.text, d.chars, d.label, d.external_id, d.meta_json, "
            "s.path AS source_path FROM documents d JOIN sources s ON s.id = d.source_id WHERE d.id = ?",
            (doc_id,),
        ).fetchone()
        return dict(row) if row else None

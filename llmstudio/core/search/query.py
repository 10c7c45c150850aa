"""The one way a person's search text becomes the documents it finds.

The Sources browser, the label table and the label queue all search through
``search_query``, so the same words find the same documents everywhere. The text is
taken as an FTS5 query when it is valid FTS5 syntax (so ``"exact phrase"``, ``prefix*``,
``OR``, ``NOT`` and ``NEAR`` work); when it is not (``"unbalanced``, a lone ``AND``), its
words are searched as plain quoted words, all of them required, so typing never raises
an error. The syntax is checked against an empty FTS5 table, not the index, so checking
costs nothing however many documents match.

Hits are joined to ``documents``, which drops the index's entries for removed documents
(see ``index``). When the index file cannot be used at all (a read-only folder), the
query falls back to a substring scan of the text for each word or phrase it looks for
(``NOT`` terms and operators ignored): slower, coarser, but never empty-handed.
"""

from __future__ import annotations

import re
import sqlite3
import threading
from dataclasses import dataclass

from llmstudio.core.project import Project
from llmstudio.core.search import index
from llmstudio.core.search.snippets import query_phrases, snippet

_WORD = re.compile(r"\w+", re.UNICODE)
_syntax_lock = threading.Lock()
_syntax_db: sqlite3.Connection | None = None


def plain_words(text: str) -> str:
    """The text's words as FTS5 query text that is always valid (each word quoted)."""
    return " ".join('"' + w.replace('"', '""') + '"' for w in _WORD.findall(text))


def is_valid_fts(text: str) -> bool:
    """Whether FTS5 accepts ``text`` as a query (checked on an empty table: no search runs)."""
    global _syntax_db
    with _syntax_lock:
        if _syntax_db is None:
            _syntax_db = sqlite3.connect(":memory:", check_same_thread=False)
            _syntax_db.execute("CREATE VIRTUAL TABLE syntax USING fts5(text, content='')")
        try:
            _syntax_db.execute("SELECT rowid FROM syntax WHERE syntax MATCH ?", (text,)).fetchall()
        except sqlite3.OperationalError:
            return False
    return True


@dataclass(frozen=True)
class SearchQuery:
    """A person's search text, resolved once into what the index (or the fallback) is asked."""

    text: str
    fts: str | None  # FTS5 query text; None when the index cannot be read (substring scan)
    terms: tuple[str, ...] = ()  # the words and phrases the substring fallback looks for

    @property
    def empty(self) -> bool:
        """True when the text has nothing to look for (it then matches no document)."""
        return not self.fts if self.fts is not None else not self.terms

    def condition(self, id_column: str = "d.id", text_column: str = "d.text") -> tuple[str, dict[str, object]]:
        """A WHERE condition true for the matching documents, and its named parameters.

        For filters combined with others in one statement (the label table). To page
        through hits, use ``hits``: it walks the index instead of building the whole
        hit list first.
        """
        if self.empty:
            return "0", {}
        if self.fts is not None:
            return (
                f"{id_column} IN (SELECT f.rowid FROM {index.TABLE} f WHERE f.documents_fts MATCH :search_fts)",
                {"search_fts": self.fts},
            )
        params: dict[str, object] = {f"search_term_{i}": term for i, term in enumerate(self.terms)}
        return " AND ".join(f"instr(lower({text_column}), lower(:{name})) > 0" for name in params), params

    def hits(
        self,
        project: Project,
        columns: str = "d.id",
        *,
        after_id: int = 0,
        limit: int = 100,
        source_id: int | None = None,
    ) -> list[sqlite3.Row]:
        """``columns`` (of ``documents d``) of the matching documents with id > ``after_id``,
        in id order, at most ``limit``: keyset pages that cost the same at any depth."""
        if self.empty:
            return []
        where, params = self.condition()
        source = "" if source_id is None else "AND d.source_id = :source "
        if self.fts is not None:  # walk the index by rowid; the join drops removed documents
            sql = (
                f"SELECT {columns} FROM {index.TABLE} f JOIN documents d ON d.id = f.rowid "
                f"WHERE f.documents_fts MATCH :search_fts AND f.rowid > :after {source}"
                "ORDER BY f.rowid LIMIT :limit"
            )
        else:
            sql = f"SELECT {columns} FROM documents d WHERE {where} AND d.id > :after {source}ORDER BY d.id LIMIT :limit"
        return project.db.execute(sql, {**params, "after": after_id, "limit": limit, "source": source_id}).fetchall()

    def count(self, project: Project, cap: int = 10_000, source_id: int | None = None) -> int:
        """How many documents match, counting at most ``cap + 1`` (the UI says "10,000+")."""
        if self.empty:
            return 0
        where, params = self.condition()
        source = "" if source_id is None else "AND d.source_id = :source "
        if self.fts is not None:  # driven from the index, joined to drop removed documents
            inner = (
                f"SELECT f.rowid FROM {index.TABLE} f JOIN documents d ON d.id = f.rowid "
                f"WHERE f.documents_fts MATCH :search_fts {source}LIMIT :cap"
            )
        else:
            inner = f"SELECT d.id FROM documents d WHERE {where} {source}LIMIT :cap"
        sql = f"SELECT count(*) FROM ({inner})"
        return int(project.db.execute(sql, {**params, "cap": cap + 1, "source": source_id}).fetchone()[0])

    def snippet(self, text: str, tokens: int = 16) -> str:
        """A short extract of ``text`` around the first match, each match in [brackets]."""
        return snippet(text, self.fts if self.fts is not None else self.text, tokens)


def search_query(project: Project, text: str) -> SearchQuery:
    """What ``text`` searches for in ``project``: the one entry point for every search.

    Attaches the index to this thread's connection; when the index cannot be opened the
    query is a substring scan instead (see the module docstring).
    """
    text = text.strip()
    try:
        index.attach(project)
    except (sqlite3.DatabaseError, index.SearchIndexError):
        terms = tuple(" ".join(words) for words, _ in query_phrases(text))
        return SearchQuery(text, None, tuple(t for t in terms if t))
    if not text:
        return SearchQuery(text, "")
    return SearchQuery(text, text if is_valid_fts(text) else plain_words(text))

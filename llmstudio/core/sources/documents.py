"""Reading one document's text by id, for views that show a document next to a decision.

The review tab and the cleaning panel's duplicate view show a document's original text;
they ask here instead of running SQL themselves, so views read values from core only.
"""

from __future__ import annotations

from llmstudio.core.project import Project


def document_text(project: Project, document_id: int) -> str | None:
    """The original (imported) text of a document, or None when there is no such document."""
    row = project.db.execute("SELECT text FROM documents WHERE id = ?", (document_id,)).fetchone()
    return None if row is None else str(row[0])

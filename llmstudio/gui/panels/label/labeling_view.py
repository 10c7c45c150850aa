"""The labeling view: one document at a time, one keystroke per decision, undo anywhere.

Every decision goes through the core's ``LabelingSession.decide``, which commits it to
SQLite before the next document is shown, then lands on a QUndoStack as a command that
holds the core's ``Change``: undo writes the decision back as it was and shows that
document again, redo writes it once more. Keys are read by an event filter on the text
view rather than application-wide shortcuts, so label keys never fire while the person is
typing a comment or a search term, and a single key maps to exactly one action.

Keys: the label shortcuts (1-9, letters); Space skip; Left / Backspace back; Right
forward; Enter accept the top suggestion; Ctrl+D flag; Ctrl+Z undo; Ctrl+Shift+Z or Ctrl+Y
redo; Ctrl+E comment; Ctrl++ / Ctrl+- font size.
"""

from __future__ import annotations

import logging
import time

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QColor, QFont, QKeyEvent, QTextCharFormat, QTextCursor, QTextDocument, QUndoStack
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from llmstudio.core.errors import StudioError
from llmstudio.core.labels.annotations import Change, Decision
from llmstudio.core.labels.queue import LabelingSession, LabelItem, LabelQueue
from llmstudio.core.labels.schemas import LabelError, LabelSchema
from llmstudio.core.labels.stats import annotator_counts, labeled_count
from llmstudio.core.project import Project
from llmstudio.gui.i18n import QT_TRANSLATE_NOOP, human_number, sentence
from llmstudio.gui.panels.label.chart import LabelCountsChart
from llmstudio.gui.panels.label.undo import DecisionCommand, rate_per_hour, swatch

log = logging.getLogger(__name__)
KEY_HELP = QT_TRANSLATE_NOOP(
    "LabelingView", "Keys: a label's key decides · Space skip · ← back · → forward · Enter accept the "
    "suggestion · Ctrl+D flag · Ctrl+E comment · Ctrl+Z undo · Ctrl+Shift+Z redo · Ctrl+± font")
MAX_HIGHLIGHTS = 500
RATE_WINDOW = 500  # recent decisions used for labels per hour
UNDO_LIMIT = 10_000  # hours of decisions; each command holds only a small Change


class LabelingView(QWidget):
    """Label documents from a queue; see the module docstring for the keys."""

    document_shown = Signal(int)  # document id, or -1 when the queue is finished
    annotation_written = Signal(int)  # document id whose annotation changed

    def __init__(self, project: Project, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.session: LabelingSession | None = None
        self.schema: LabelSchema | None = None
        self.item: LabelItem | None = None
        self.undo_stack = QUndoStack(self)
        self.undo_stack.setUndoLimit(UNDO_LIMIT)
        self._counts: dict[str, int] = {}
        self._labeled = 0
        self._total = 0
        self._times: list[float] = []
        self._buttons: dict[str, QPushButton] = {}
        self._build()

    # ------------------------------------------------------------------ layout
    def _build(self) -> None:
        self.guidelines = QLabel(wordWrap=True, textFormat=Qt.TextFormat.PlainText)
        self.guidelines.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.guidelines.setProperty("content", True)  # the schema's guidelines, written by the user
        self.text_view = QPlainTextEdit(readOnly=True)
        self.text_view.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.text_view.setAccessibleName(self.tr("Document text"))
        self.text_view.setPlaceholderText(self.tr(
            "Pick a label schema (or make one with New schema…), type your name, and press "
            "Start labeling. Then one key per document: see the keys on the right."))
        font = self.text_view.font()
        font.setPointSize(max(font.pointSize(), 12))
        self.text_view.setFont(font)
        self.text_view.installEventFilter(self)
        self.origin = QLabel()
        self.suggestion = QLabel()
        self.status = QLabel()
        self.label_row = QHBoxLayout()
        self.back_button = self._button(self.tr("◀ Back (←)"), self.back)
        self.skip_button = self._button(self.tr("Skip (Space)"), self.skip)
        self.flag_button = self._button(self.tr("Flag (Ctrl+D)"), self.toggle_flag)
        self.flag_button.setCheckable(True)
        self.auto_advance = QCheckBox(self.tr("Auto-advance"))
        self.auto_advance.setToolTip(self.tr("Go to the next document after choosing a label"))
        self.auto_advance.setChecked(True)
        self.auto_advance.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.comment = QLineEdit(placeholderText=self.tr("Comment (Ctrl+E, Enter to save, Esc to return)"))
        self.comment.setToolTip(self.tr("A note on this document, saved with its label"))
        self.comment.returnPressed.connect(self.save_comment)
        self.comment.installEventFilter(self)
        self.highlight = QLineEdit(placeholderText=self.tr("Highlight a word…"))
        self.highlight.setToolTip(self.tr("Highlight every occurrence of a word in the document"))
        self.highlight.textChanged.connect(self._apply_highlight)
        self.highlight.installEventFilter(self)
        self.progress = QLabel()
        self.chart = LabelCountsChart()

        nav = QHBoxLayout()
        for w in (self.back_button, self.skip_button, self.flag_button, self.auto_advance):
            nav.addWidget(w)
        nav.addStretch(1)
        nav.addWidget(self.highlight)
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addWidget(self.origin)
        lv.addWidget(self.text_view, 1)
        lv.addWidget(self.suggestion)
        lv.addLayout(self.label_row)
        lv.addLayout(nav)
        lv.addWidget(self.comment)
        lv.addWidget(self.status)
        right = QWidget()
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        rv.addWidget(QLabel(self.tr("<b>Guidelines</b>")))
        rv.addWidget(self.guidelines, 1)
        rv.addWidget(QLabel(self.tr("<b>Progress</b>")))
        rv.addWidget(self.progress)
        rv.addWidget(self.chart)
        keys = QLabel(self.tr(KEY_HELP), wordWrap=True)
        keys.setEnabled(False)  # drawn greyed: a hint, not content
        rv.addWidget(keys)
        right.setMinimumWidth(240)
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(split)

    def _safely(self, action: object, *args: object) -> None:
        try:
            action(*args)  # type: ignore[operator]
        except StudioError as exc:
            self.status.setText(f"⚠ {sentence(str(exc))}")

    def _button(self, text: str, slot: object) -> QPushButton:
        button = QPushButton(text)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Space must never click a button
        button.clicked.connect(slot)
        return button

    # ------------------------------------------------------------------ session
    def start(
        self, schema: LabelSchema, annotator: str, order: str = "unlabeled", *, seed: int = 0, search: str = ""
    ) -> None:
        """Begin labeling ``schema`` as ``annotator``; shows the first document."""
        queue = LabelQueue(self.project, schema, annotator, order, seed=seed, search=search)
        self.session = LabelingSession(self.project, schema, annotator, queue)
        self.schema = schema
        self.undo_stack.clear()
        self.guidelines.setText(schema.guidelines or self.tr("No guidelines written yet."))
        self._build_label_buttons(schema)
        self._counts = annotator_counts(self.project, schema, self.session.annotator)
        self._labeled = labeled_count(self.project, schema, self.session.annotator)
        self._total = self.project.document_count()
        self._times = []
        self._update_progress()
        self.forward()
        self.text_view.setFocus()

    def is_labeling(self, schema_name: str, annotator: str) -> bool:
        """Whether a session of this schema and annotator is open."""
        return (self.session is not None and self.schema is not None and self.schema.name == schema_name
                and self.session.annotator == annotator.strip())

    def show_document(self, document_id: int) -> None:
        """Make ``document_id`` current, opened from elsewhere (a misclassified document in Evaluate)."""
        self.show_decided(document_id, advance=False)

    def set_schema(self, schema: LabelSchema) -> None:
        """The schema was edited (renamed, merged, re-keyed): redraw with it, same document.

        Undo history is cleared: its changes name labels that may no longer exist.
        """
        if self.session is None or self.schema is None or schema.id != self.schema.id:
            return
        self.schema = self.session.schema = self.session.queue.schema = schema
        self.undo_stack.clear()
        self.guidelines.setText(schema.guidelines or self.tr("No guidelines written yet."))
        self._build_label_buttons(schema)
        self._counts = annotator_counts(self.project, schema, self.session.annotator)
        self._update_progress()
        if self.session.current is not None:
            self._show_current()

    def _build_label_buttons(self, schema: LabelSchema) -> None:
        while self.label_row.count():
            item = self.label_row.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self._buttons = {}
        for label in schema.labels:
            key = f" ({label.shortcut})" if label.shortcut else ""
            button = self._button(f"{label.name}{key}", lambda _=False, n=label.name: self._safely(self.choose, n))
            button.setCheckable(True)
            button.setProperty("content", True)  # the user's label name
            button.setToolTip(label.description or label.name)
            button.setIcon(swatch(label.color))
            self.label_row.addWidget(button)
            self._buttons[label.name] = button

    # ------------------------------------------------------------------ actions
    def choose(self, name: str) -> None:
        """Pick a label: decide and advance (single-label) or toggle it (multi-label)."""
        if self.session is None or self.item is None or self.schema is None:
            return
        before = self.item.decision or Decision()
        if self.schema.multi:
            labels = [n for n in before.labels if n != name] if name in before.labels else [*before.labels, name]
            decision: Decision | None = before.with_labels(labels)
            if not labels:  # the last label toggled off: keep a flag or comment, else forget it
                keep = before.flagged or before.comment
                decision = Decision((), "skipped", before.flagged, before.comment) if keep else None
            self._commit(decision, advance=False, text=f"toggle {name}")
        else:
            self._commit(before.with_labels([name]), advance=self.auto_advance.isChecked(), text=f"label {name}")

    def skip(self) -> None:
        """Pass on an undecided document (recorded, so it leaves the queue); else just move on."""
        if self.item is None:
            return
        if self.item.decision is None:
            self._commit(Decision(status="skipped"), advance=True, text="skip")
        else:
            self.forward()

    def toggle_flag(self) -> None:
        if self.item is None:
            return
        before = self.item.decision or Decision(status="skipped")
        after = Decision(before.labels, before.status, not before.flagged, before.comment)
        self._commit(after, advance=False, text="flag" if after.flagged else "unflag")

    def save_comment(self) -> None:
        if self.item is None:
            return
        text = self.comment.text().strip()
        before = self.item.decision or Decision(status="skipped")
        if text != before.comment:
            self._commit(Decision(before.labels, before.status, before.flagged, text), advance=False, text="comment")
        self.text_view.setFocus()

    def accept_suggestion(self) -> None:
        if self.item is not None and self.item.suggestions:
            self.choose(self.item.suggestions[0].label)

    def back(self) -> None:
        if self.session is not None:
            self.session.back()
            self._show_current()

    def forward(self) -> None:
        if self.session is not None:
            self.session.advance()
            self._show_current()

    def undo(self) -> None:
        self.undo_stack.undo()

    def redo(self) -> None:
        self.undo_stack.redo()

    def _commit(self, decision: Decision | None, *, advance: bool, text: str) -> None:
        assert self.session is not None and self.item is not None
        change = self.session.decide(decision, self.item.document_id)  # durable on return
        if not change.changed:
            if advance:
                self.forward()
            return
        self.change_written(change)
        self._times.append(time.monotonic())
        if len(self._times) > RATE_WINDOW:
            del self._times[: len(self._times) - RATE_WINDOW]  # keep the rate O(1) per keypress
        self.undo_stack.push(DecisionCommand(self, change, advance, text))

    # ------------------------------------------------------------------ display
    def show_decided(self, document_id: int, advance: bool) -> None:
        """Undo/redo: show the document whose decision was written, or go past it."""
        if self.session is None:
            return
        self.session.show(document_id)
        if advance:
            self.forward()  # straight on: no need to draw the decided document again
        else:
            self._show_current()

    def report(self, text: str) -> None:
        self.status.setText(text)

    def _show_current(self) -> None:
        assert self.session is not None
        while True:
            try:
                self.item = self.session.item()
                break
            except LabelError as exc:  # deleted since it was queued (its source was removed)
                log.info("skipping a vanished document: %s", exc)
                self.session.forget_current()
                self.session.advance()
        if self.item is None:
            self.text_view.setPlainText("")
            self.origin.setText(self.tr("<b>All done</b>: no documents left in this queue."))
            self.suggestion.clear()
            self.comment.clear()
            self._set_buttons(Decision())
            self.document_shown.emit(-1)
            return
        item = self.item
        self.origin.setText(self.tr("Document {id} · {origin}").format(id=item.document_id, origin=item.origin))
        self.text_view.setPlainText(item.text)
        if self.highlight.text():
            self._apply_highlight(self.highlight.text())
        if item.suggestions:
            top = item.suggestions[0]
            others = ", ".join(f"{s.label} {s.score:.0%}" for s in item.suggestions[1:3])
            self.suggestion.setText(self.tr("Model suggests <b>{label}</b> ({score}) — Enter to accept. {others}").format(
                label=top.label, score=f"{top.score:.0%}", others=others))
        else:
            self.suggestion.clear()
        decision = item.decision or Decision(status="")
        self.comment.setText(decision.comment)
        self._set_buttons(decision)
        self.status.setText(self.tr("Skipped") if decision.status == "skipped" else (self.tr("Labeled: {labels}").format(
            labels=", ".join(decision.labels)) if decision.labels else self.tr("Not labeled yet")))
        self.document_shown.emit(item.document_id)

    def _set_buttons(self, decision: Decision) -> None:
        for name, button in self._buttons.items():
            button.setChecked(name in decision.labels)
        self.flag_button.setChecked(decision.flagged)

    def change_written(self, change: Change) -> None:
        for decision, sign in ((change.before, -1), (change.after, 1)):
            if decision is not None and decision.status == "labeled":
                self._labeled += sign
                for name in decision.labels:
                    self._counts[name] = self._counts.get(name, 0) + sign
        self._update_progress()
        self.annotation_written.emit(change.document_id)

    def _update_progress(self) -> None:
        rate = rate_per_hour(self._times)
        per_hour = self.tr(" · {rate} labels/hour").format(rate=f"{rate:.0f}") if rate else ""
        self.progress.setText(self.tr("{done} / {total} labeled by you").format(
            done=human_number(self._labeled), total=human_number(self._total)) + per_hour)
        if self.schema is not None:
            self.chart.set_counts(self._counts, {lab.name: lab.color for lab in self.schema.labels})

    def _apply_highlight(self, term: str) -> None:
        selections: list[QTextEdit.ExtraSelection] = []
        if term:
            fmt = QTextCharFormat()
            fmt.setBackground(QColor("#ffe066"))
            fmt.setForeground(QColor("#000000"))
            doc = self.text_view.document()
            cursor = QTextCursor(doc)
            while len(selections) < MAX_HIGHLIGHTS:
                cursor = doc.find(term, cursor, QTextDocument.FindFlag(0))
                if cursor.isNull():
                    break
                sel = QTextEdit.ExtraSelection()
                sel.cursor, sel.format = cursor, fmt
                selections.append(sel)
        self.text_view.setExtraSelections(selections)

    def set_font_size(self, points: int) -> None:
        font = QFont(self.text_view.font())
        font.setPointSize(max(6, min(48, points)))
        self.text_view.setFont(font)

    # ------------------------------------------------------------------ keys
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress:
            if watched is self.text_view:
                return self._handle_key(event)  # type: ignore[arg-type]
            if isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Escape:  # leave the comment or highlight field
                self.text_view.setFocus()
                return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self._handle_key(event):
            super().keyPressEvent(event)

    def _handle_key(self, event: QKeyEvent) -> bool:
        """Run the key's action; a refused action (StudioError) is shown, never raised into Qt."""
        try:
            return self._dispatch_key(event)
        except StudioError as exc:
            log.info("labeling action refused: %s", exc)
            self.status.setText(f"⚠ {sentence(str(exc))}")
            return True

    def _dispatch_key(self, event: QKeyEvent) -> bool:
        key, mods = event.key(), event.modifiers()
        ctrl = bool(mods & Qt.KeyboardModifier.ControlModifier)
        shift = bool(mods & Qt.KeyboardModifier.ShiftModifier)
        if ctrl:
            if key == Qt.Key.Key_Z:
                self.redo() if shift else self.undo()
            elif key == Qt.Key.Key_Y:
                self.redo()
            elif key == Qt.Key.Key_D:
                self.toggle_flag()
            elif key == Qt.Key.Key_E:
                self.comment.setFocus()
            elif key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
                self.set_font_size(self.text_view.font().pointSize() + 1)
            elif key == Qt.Key.Key_Minus:
                self.set_font_size(self.text_view.font().pointSize() - 1)
            else:
                return False  # Ctrl+C, Ctrl+A: let the text view copy and select
            return True
        if key == Qt.Key.Key_Space:
            self.skip()
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Backspace):
            self.back()
        elif key == Qt.Key.Key_Right:
            self.forward()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.accept_suggestion()
        else:
            text = event.text()
            label = self.schema.by_shortcut(text) if (self.schema and text and len(text) == 1) else None
            if label is None:
                return False
            self.choose(label.name)
        return True

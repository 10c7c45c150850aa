"""The pairwise labeling view: a prompt, completions A and B side by side, one key per answer.

Shown by the Label panel for a pairwise schema. Keys: A (A is better), B (B is better), T
(tie), S (skip), F (flag the next answer), Ctrl+Z undo, Ctrl+Shift+Z / Ctrl+Y redo. Every
answer goes through the core's ``annotate_pair``, committed to SQLite before the next pair
is shown, then lands on a QUndoStack as a command holding the core's ``PairChange``: undo
writes back the answer as it was and shows that pair again. Keys are read by an event
filter on the three text views (as in the document labeling view), so they never fire while
someone types elsewhere. The progress line counts this annotator's answers; the agreement
line gives Cohen's kappa for every two annotators over the pairs both answered.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from llmstudio.core.errors import StudioError
from llmstudio.core.labels.pairs import (
    Pair,
    PairChange,
    annotate_pair,
    next_pairs,
    pair_agreement,
    pair_progress,
    undo_pair_change,
    write_answer,
)
from llmstudio.core.project import Project
from llmstudio.gui.i18n import QT_TRANSLATE_NOOP

log = logging.getLogger(__name__)
KEY_HELP = QT_TRANSLATE_NOOP(
    "PairLabelingView", "Keys: A · B · T tie · S skip · F flag · Ctrl+Z undo · Ctrl+Shift+Z redo")
CHOICE_KEYS = {Qt.Key.Key_A: "a", Qt.Key.Key_B: "b", Qt.Key.Key_T: "tie", Qt.Key.Key_S: "skip"}


class PairCommand(QUndoCommand):
    """One written answer; the first redo is the write that already happened."""

    def __init__(self, view: PairLabelingView, change: PairChange, text: str) -> None:
        super().__init__(text)
        self.view, self.change = view, change
        self._written = True

    def redo(self) -> None:
        if not self._written:
            if not self.view.write(lambda: write_answer(self.view.project, self.change.pair_id,
                                                        self.change.annotator, self.change.after)):
                return
            self.view.show_next()
        self._written = False

    def undo(self) -> None:
        if self.view.write(lambda: undo_pair_change(self.view.project, self.change)):
            self.view.show_pair(self.change.pair_id)


class PairLabelingView(QWidget):
    """Answer the pairs of one pairwise schema; see the module docstring for the keys."""

    answer_written = Signal(int)  # pair id whose answer changed

    def __init__(self, project: Project, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.schema: str | None = None
        self.annotator = ""
        self.pair: Pair | None = None
        self.undo_stack = QUndoStack(self)
        self.prompt_view = self._text_view(self.tr("Prompt"))
        self.a_view = self._text_view(self.tr("Completion A"))
        self.b_view = self._text_view(self.tr("Completion B"))
        self.empty = QLabel(wordWrap=True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.a_button = self._button(self.tr("A is better (A)"), lambda: self.answer("a"))
        self.b_button = self._button(self.tr("B is better (B)"), lambda: self.answer("b"))
        self.tie_button = self._button(self.tr("Tie (T)"), lambda: self.answer("tie"))
        self.skip_button = self._button(self.tr("Skip (S)"), lambda: self.answer("skip"))
        self.flag_button = self._button(self.tr("Flag (F)"), lambda: None)  # checkable: a click toggles it
        self.flag_button.setCheckable(True)
        self.flag_button.setToolTip(self.tr("Mark the next answer for review"))
        self.undo_button = self._button(self.tr("Undo (Ctrl+Z)"), self.undo)
        self.progress = QLabel()
        self.agreement = QLabel(wordWrap=True)
        self.status = QLabel(wordWrap=True)
        self.source = QLabel()

        sides = QSplitter()
        for title, view in ((self.tr("<b>A</b>"), self.a_view), (self.tr("<b>B</b>"), self.b_view)):
            box = QWidget()
            column = QVBoxLayout(box)
            column.setContentsMargins(0, 0, 0, 0)
            column.addWidget(QLabel(title))
            column.addWidget(view, 1)
            sides.addWidget(box)
        buttons = QHBoxLayout()
        for b in (self.a_button, self.b_button, self.tie_button, self.skip_button, self.flag_button, self.undo_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.progress)
        self.pair_area = QWidget()
        area = QVBoxLayout(self.pair_area)
        area.setContentsMargins(0, 0, 0, 0)
        area.addWidget(QLabel(self.tr("<b>Prompt</b>")))
        area.addWidget(self.prompt_view, 1)
        area.addWidget(sides, 3)
        area.addWidget(self.source)
        area.addLayout(buttons)
        keys = QLabel(self.tr(KEY_HELP))
        keys.setEnabled(False)  # drawn greyed: a hint, not content
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addWidget(self.pair_area, 1)
        layout.addWidget(keys)
        layout.addWidget(self.agreement)
        layout.addWidget(self.status)
        self._show_empty(self.tr("Pick a pairwise schema, or bring pairs in with Import pairs… (a JSONL file of "
                                 "prompt, chosen and rejected) or Generate pairs… (a language-model run sampled "
                                 "twice per prompt)."))

    def _text_view(self, name: str) -> QPlainTextEdit:
        view = QPlainTextEdit(readOnly=True)
        view.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        view.setAccessibleName(name)
        font = view.font()
        font.setPointSize(max(font.pointSize(), 12))
        view.setFont(font)
        view.installEventFilter(self)
        return view

    def _button(self, text: str, slot: object) -> QPushButton:
        button = QPushButton(text)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys go to the text views, never to a button
        button.clicked.connect(slot)
        return button

    # ------------------------------------------------------------------ session
    def start(self, schema: str, annotator: str) -> None:
        """Answer ``schema``'s pairs as ``annotator``, from the first pair they have not answered."""
        if (schema, annotator) != (self.schema, self.annotator):
            self.undo_stack.clear()
        self.schema, self.annotator = schema, annotator.strip()
        self.status.clear()
        self.show_next()
        self.prompt_view.setFocus()

    def show_next(self) -> None:
        if self.schema is None:
            return
        pairs = next_pairs(self.project, self.schema, self.annotator, limit=1)
        self._show(pairs[0] if pairs else None)

    def show_pair(self, pair_id: int) -> None:
        from llmstudio.core.labels.pairs import get_pair

        self._show(get_pair(self.project, pair_id))

    def _show(self, pair: Pair | None) -> None:
        self.pair = pair
        self._update_counts()
        if pair is None:
            done, total = pair_progress(self.project, self.schema or "", self.annotator) if self.schema else (0, 0)
            if total == 0:
                self._show_empty(self.tr("'{0}' has no pairs yet. Import a JSONL file with prompt, chosen and "
                                         "rejected fields (Import pairs…), or sample a language-model run twice per "
                                         "prompt (Generate pairs…).").format(self.schema))
            else:
                self._show_empty(self.tr("Every pair of '{schema}' is answered by {annotator} (%Ln pair(s)). Import "
                                         "or generate more pairs, or train a reward model on them (llmstudio reward "
                                         "train).", "", int(total)).format(schema=self.schema,
                                                                           annotator=self.annotator))
            return
        self.empty.hide()
        self.pair_area.show()
        self.prompt_view.setPlainText(pair.prompt or self.tr("(no prompt: the completions start a document)"))
        self.a_view.setPlainText(pair.completion_a)
        self.b_view.setPlainText(pair.completion_b)
        self.source.setText(self.tr("Pair {0} · from {1}").format(pair.id, pair.source or "?"))
        self.prompt_view.setFocus()

    def _show_empty(self, text: str) -> None:
        self.pair_area.hide()
        self.empty.setText(text)
        self.empty.show()

    def _update_counts(self) -> None:
        if self.schema is None:
            return
        done, total = pair_progress(self.project, self.schema, self.annotator)
        self.progress.setText(self.tr("{done} of %Ln pair(s) answered by {annotator}", "", int(total)).format(
            done=done, annotator=self.annotator or "?"))
        lines = [self.tr("Agreement {first} / {second}: kappa {kappa} over %Ln pair(s)", "", int(p.items)).format(
                     first=p.annotators[0], second=p.annotators[1],
                     kappa=self.tr("n/a") if p.kappa is None else f"{p.kappa:.2f}")
                 for p in pair_agreement(self.project, self.schema)[:3]]
        self.agreement.setText("\n".join(lines))

    # ------------------------------------------------------------------ actions
    def answer(self, choice: str) -> None:
        """Write ``choice`` for the shown pair and move to the next one."""
        if self.pair is None:
            return
        pair, flagged = self.pair, self.flag_button.isChecked()
        try:
            change = annotate_pair(self.project, pair.id, choice, self.annotator, flagged=flagged)
        except StudioError as exc:
            self.status.setText(f"⚠ {exc}")
            return
        self.flag_button.setChecked(False)
        self.status.clear()
        self.answer_written.emit(pair.id)
        self.undo_stack.push(PairCommand(self, change, self.tr("answer pair {0}").format(pair.id)))
        self.show_next()

    def toggle_flag(self) -> None:
        """Flag (or unflag) the answer about to be given."""
        self.flag_button.setChecked(not self.flag_button.isChecked())

    def undo(self) -> None:
        if self.undo_stack.canUndo():
            self.undo_stack.undo()

    def redo(self) -> None:
        if self.undo_stack.canRedo():
            self.undo_stack.redo()

    def write(self, action: object) -> bool:
        """Run an undo/redo write; a refusal is shown, never raised into Qt's undo stack."""
        try:
            change: PairChange = action()  # type: ignore[operator]
        except StudioError as exc:
            self.status.setText(f"⚠ {exc}")
            return False
        self.answer_written.emit(change.pair_id)
        return True

    # ------------------------------------------------------------------ keys
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if watched in (self.prompt_view, self.a_view, self.b_view) and self._dispatch_key(event):
                return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self._dispatch_key(event):
            super().keyPressEvent(event)

    def _dispatch_key(self, event: QKeyEvent) -> bool:
        key, mods = event.key(), event.modifiers()
        if mods & Qt.KeyboardModifier.ControlModifier:
            if key == Qt.Key.Key_Z:
                self.redo() if mods & Qt.KeyboardModifier.ShiftModifier else self.undo()
            elif key == Qt.Key.Key_Y:
                self.redo()
            else:
                return False  # Ctrl+C, Ctrl+A: let the text view copy and select
            return True
        if mods & (Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.MetaModifier):
            return False
        if key == Qt.Key.Key_F:
            self.toggle_flag()
            return True
        choice = CHOICE_KEYS.get(Qt.Key(key))
        if choice is None:
            return False
        self.answer(choice)
        return True

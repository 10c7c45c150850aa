"""The Label panel: choose a schema and an annotator, then label, browse, review and export.

A pairwise schema (preference pairs, issue #13) swaps the document views for the pair
labeling view; Import pairs… and Generate pairs… bring pairs in as jobs.

It composes the labeling view, the lazy table, the review view and the schema editor, and
talks to the rest of the app only through ``context``: writes are made by the widgets
through the core, and the panel tells other panels what those core writes declare they
change (``Changed.LABELS``), at most every couple of seconds while someone is labeling (a
per-keypress broadcast would make every panel re-query). Split and export run as
operations (``Op``) with progress and Cancel.
"""

from __future__ import annotations

import getpass
import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from llmstudio.core.changes import Changed, changes_of
from llmstudio.core.errors import StudioError
from llmstudio.core.labels.agreement import resolve
from llmstudio.core.labels.export import ExportReport, export_labels
from llmstudio.core.labels.pairs import (
    DEFAULT_PAIR_SCHEMA,
    annotate_pair,
    export_pairs_jsonl,
    import_pairs_jsonl,
)
from llmstudio.core.labels.queue import LabelingSession
from llmstudio.core.labels.schemas import create_schema, get_schema, list_schemas, rename_label
from llmstudio.core.labels.splits import SplitReport, make_splits, parse_ratios
from llmstudio.core.labels.table import label_documents
from llmstudio.gui.i18n import QT_TRANSLATE_NOOP, human_number, sentence, split_name, translate_dynamic
from llmstudio.gui.operations import Op
from llmstudio.gui.panels.label.labeling_view import LabelingView
from llmstudio.gui.panels.label.pairs_actions import GeneratePairsDialog, generate_pairs_job
from llmstudio.gui.panels.label.pairs_view import PairLabelingView
from llmstudio.gui.panels.label.review import LabelReviewView
from llmstudio.gui.panels.label.schema_editor import NewSchemaDialog, SchemaEditor
from llmstudio.gui.panels.label.table_view import LabelTableView
from llmstudio.gui.widgets.empty_state import EmptyState

log = logging.getLogger(__name__)
ANNOTATOR_SETTING = "labels/annotator"  # per person (QSettings), not per project
NOTIFY_DELAY_MS = 2000
KINDS = (QT_TRANSLATE_NOOP("LabelKinds", "single"), QT_TRANSLATE_NOOP("LabelKinds", "multi"),
         QT_TRANSLATE_NOOP("LabelKinds", "pairwise"))  # shown by the schema name
ORDERS = (
    (QT_TRANSLATE_NOOP("LabelPanel", "Unlabeled first"), "unlabeled"),
    (QT_TRANSLATE_NOOP("LabelPanel", "Random (seeded)"), "random"),
    (QT_TRANSLATE_NOOP("LabelPanel", "Search results"), "search"),
    (QT_TRANSLATE_NOOP("LabelPanel", "Least confident model prediction"), "uncertain"),
)


class LabelPanel(QWidget):
    """Labeling, the table, review and schema editing for the open project."""

    def __init__(self, context: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.project = context.project
        self._dirty = Changed.NONE
        self._notifying = False
        self._settings = getattr(context, "settings", None)
        self._notify_timer = QTimer(self, singleShot=True, interval=NOTIFY_DELAY_MS)
        self._notify_timer.timeout.connect(self._flush_notify)

        self.schema_box = QComboBox()
        self.schema_box.setToolTip(self.tr("The label schema to work with"))
        # Follow the items: a schema created after the panel was first shown must not be clipped.
        self.schema_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.schema_box.currentIndexChanged.connect(self._on_schema_chosen)
        self.new_schema = QPushButton(self.tr("New schema…"))
        self.new_schema.clicked.connect(self._create_schema)
        saved = self._settings.value(ANNOTATOR_SETTING) if self._settings is not None else None
        self.annotator = QLineEdit(str(saved or _default_annotator()))
        self.annotator.setToolTip(self.tr("Your name: each annotation records who made it"))
        self.annotator.setMinimumWidth(70)
        self.annotator.editingFinished.connect(self._save_annotator)
        self.order = QComboBox()
        self.order.setToolTip(self.tr("The order documents are offered in"))
        for text, value in ORDERS:
            self.order.addItem(translate_dynamic("LabelPanel", text), value)
        self.seed = QSpinBox(maximum=2**31 - 1)
        self.seed.setPrefix(self.tr("seed "))
        self.seed.setMaximumWidth(110)
        self.seed.setToolTip(self.tr("The random seed of the queue order and of the train/validation/test split"))
        self.order.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.order.setMinimumContentsLength(12)  # the longest order name would crowd the row at 1024 px
        self.search = QLineEdit(placeholderText=self.tr("search term"))
        self.search.setMinimumWidth(90)
        self.search.setToolTip(self.tr("Offer only documents containing this text"))
        self.start_button = QPushButton(self.tr("Start labeling"))
        self.start_button.clicked.connect(self.start)
        self.message = QLabel()
        self.empty = EmptyState("", "", self._on_empty_action)
        self.empty.setObjectName("labelEmpty")

        self.labeling = LabelingView(self.project)
        self.labeling.annotation_written.connect(lambda _doc: self._changed(changes_of(LabelingSession.decide)))
        self.table = LabelTableView(self.project, self.annotator_name)
        self.table.labels_changed.connect(lambda: self._changed(changes_of(label_documents)))
        self.review = LabelReviewView(self.project, self.annotator_name)
        self.review.labels_changed.connect(lambda: self._changed(changes_of(resolve)))
        self.editor = SchemaEditor(self.project)
        self.editor.schema_changed.connect(self._on_schema_edited)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.labeling, self.tr("Label"))
        self.tabs.addTab(self.table, self.tr("Table"))
        self.tabs.addTab(self.review, self.tr("Review"))
        self.tabs.addTab(self.editor, self.tr("Schema"))
        self.tabs.currentChanged.connect(self._on_tab)
        self.pairs = PairLabelingView(self.project)
        self.pairs.answer_written.connect(lambda _pair: self._changed(changes_of(annotate_pair)))
        self.stack = QStackedWidget()
        self.stack.addWidget(self.tabs)
        self.stack.addWidget(self.pairs)

        self.ratios = QLineEdit("0.8,0.1,0.1")
        self.ratios.setToolTip(self.tr("Shares of train, validation and test documents, e.g. 0.8,0.1,0.1"))
        self.ratios.setToolTip(self.tr("train,validation,test"))
        self.split_button = split = QPushButton(self.tr("Split"))
        split.clicked.connect(self.split)
        import_pairs = QPushButton(self.tr("Import pairs…"))
        import_pairs.setToolTip(self.tr("Import preference pairs from JSONL lines with prompt, chosen and rejected"))
        import_pairs.clicked.connect(lambda: self.import_pairs())
        generate_pairs = QPushButton(self.tr("Generate pairs…"))
        generate_pairs.setToolTip(self.tr("Sample a language-model run twice per prompt, then pick the better one"))
        generate_pairs.clicked.connect(lambda: self.generate_pairs())
        export = QPushButton(self.tr("Export…"))
        export.clicked.connect(lambda: self.export())

        top = QHBoxLayout()
        for w in (QLabel(self.tr("Schema")), self.schema_box, self.new_schema, QLabel(self.tr("Annotator")), self.annotator,
                  self.order, self.seed, self.search, self.start_button):
            top.addWidget(w)
        bottom = QHBoxLayout()
        bottom.addWidget(self.message, 1)
        for w in (import_pairs, generate_pairs, QLabel(self.tr("Ratios")), self.ratios, split, export):
            bottom.addWidget(w)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.empty)
        layout.addWidget(self.stack, 1)
        layout.addLayout(bottom)
        self._reload_schemas()

    # ------------------------------------------------------------------ state
    def annotator_name(self) -> str:
        return self.annotator.text().strip()

    def schema_name(self) -> str | None:
        return self.schema_box.currentData()

    def refresh(self, changed: Changed) -> None:
        if self._notifying:
            return  # our own news: the widgets that wrote it are already up to date
        if changed & (Changed.DOCUMENTS | Changed.SOURCES | Changed.LABELS | Changed.SPLITS):
            self._reload_schemas()

    def _reload_schemas(self) -> None:
        current = self.schema_name()
        self.schema_box.blockSignals(True)
        self.schema_box.clear()
        for schema in list_schemas(self.project, include_pairwise=True):
            self.schema_box.addItem(f"{schema.name} ({translate_dynamic('LabelKinds', schema.kind)})", schema.name)
        index = max(0, self.schema_box.findData(current))
        self.schema_box.setCurrentIndex(index)
        self.schema_box.blockSignals(False)
        # The cached minimum width dates from before the first item: make it follow the items.
        self.schema_box.setMinimumWidth(self.schema_box.sizeHint().width())
        has = self.schema_box.count() > 0
        self.start_button.setEnabled(has)
        no_schema = self.tr("Create a label schema to start (New schema…), or import labels; for "
                            "preference pairs use Import pairs… or Generate pairs….")
        if not has:
            self.message.setText(no_schema)
        elif self.message.text() == no_schema:
            self.message.setText("")  # a schema exists now
        current_name = self.schema_name()
        pairwise = current_name is not None and get_schema(self.project, current_name).pairwise
        no_text = self.project.document_count() == 0 and not pairwise  # preference pairs need no documents
        if no_text:
            self.empty.set_text(self.tr("There is no text to label yet. Import documents in the Sources panel "
                                        "first."), self.tr("Go to Sources"))
        elif not has:
            self.empty.set_text(self.tr("Make a label schema first: the labels you will give documents, for "
                                        "example by topic or quality."), self.tr("New schema…"))
        self.empty.show_if(no_text or not has)
        self._on_schema_chosen()

    def _on_empty_action(self) -> None:
        if self.project.document_count() == 0:
            self.context.show_panel("sources")
        else:
            self._create_schema()

    def _on_schema_chosen(self) -> None:
        name = self.schema_name()
        if name is None:
            return
        schema = get_schema(self.project, name)
        for widget in (self.order, self.seed, self.search, self.split_button, self.ratios):
            widget.setEnabled(not schema.pairwise)
        if schema.pairwise:
            self.empty.show_if(False)  # preference pairs need no documents
            self.stack.setCurrentWidget(self.pairs)
            self.pairs.start(schema.name, self.annotator_name())
            return
        if self.project.document_count() == 0:
            self.empty.set_text(self.tr("There is no text to label yet. Import documents in the Sources panel "
                                        "first."), self.tr("Go to Sources"))
            self.empty.show_if(True)
        self.stack.setCurrentWidget(self.tabs)
        self.table.set_schema(schema)
        self.review.set_schema(schema, load=self.tabs.currentWidget() is self.review)
        self.editor.set_schema(schema)

    def _on_schema_edited(self) -> None:
        self._changed(changes_of(rename_label))
        self._reload_schemas()
        name = self.schema_name()
        if name is not None:
            self.labeling.set_schema(get_schema(self.project, name))

    def _on_tab(self, index: int) -> None:
        widget = self.tabs.widget(index)
        if widget is self.table:
            self.table.reload()
        elif widget is self.review:
            self.review.reload()

    def _save_annotator(self) -> None:
        if self.annotator_name() and self._settings is not None:
            self._settings.setValue(ANNOTATOR_SETTING, self.annotator_name())

    def _create_schema(self) -> None:
        dialog = NewSchemaDialog(self.project, self)
        if dialog.exec() and dialog.schema is not None:
            self._reload_schemas()
            self.schema_box.setCurrentIndex(self.schema_box.findData(dialog.schema.name))
            self._changed(changes_of(create_schema))

    def _changed(self, what: Changed) -> None:
        self._dirty |= what
        if not self._notify_timer.isActive():
            self._notify_timer.start()

    def _flush_notify(self) -> None:
        if self._dirty:
            changed, self._dirty = self._dirty, Changed.NONE
            self._notifying = True
            try:
                self.context.notify(changed)
            finally:
                self._notifying = False

    # ------------------------------------------------------------------ actions
    def start(self) -> None:
        name = self.schema_name()
        if name is None:
            return
        if get_schema(self.project, name).pairwise:
            self._save_annotator()
            self.pairs.start(name, self.annotator_name())
            return
        try:
            self._save_annotator()
            self.labeling.start(
                get_schema(self.project, name), self.annotator_name(), self.order.currentData(),
                seed=self.seed.value(), search=self.search.text(),
            )
        except StudioError as exc:
            self.message.setText(sentence(str(exc)))
            return
        self.message.setText("")
        self.tabs.setCurrentWidget(self.labeling)
        self.labeling.text_view.setFocus()

    def open_document(self, document_id: int, schema_name: str) -> None:
        """Show one document in the labeling view to fix its label (the Evaluate panel asks for it)."""
        index = self.schema_box.findData(schema_name)
        if index < 0:
            self.message.setText(self.tr("There is no label schema '{0}' any more.").format(schema_name))
            return
        self.schema_box.setCurrentIndex(index)
        try:
            if not self.labeling.is_labeling(schema_name, self.annotator_name()):
                self._save_annotator()
                self.labeling.start(get_schema(self.project, schema_name), self.annotator_name(), "unlabeled")
            self.labeling.show_document(document_id)
        except StudioError as exc:
            self.message.setText(str(exc))
            return
        self.tabs.setCurrentWidget(self.labeling)
        self.labeling.text_view.setFocus()

    def split(self) -> None:
        try:
            ratios = parse_ratios(self.ratios.text())
        except StudioError as exc:
            self.message.setText(sentence(str(exc)))
            return
        schema, seed = self.schema_name(), self.seed.value()

        def done(report: SplitReport) -> None:
            counts = ", ".join(f"{split_name(k)} {human_number(v)}" for k, v in report.counts.items())
            leaks = self.tr("; {count} duplicate groups leak across splits").format(
                count=human_number(report.leaks)) if report.leaks else ""
            self.message.setText(self.tr("Split: {counts} (duplicates kept together: {grouped})").format(
                counts=counts, grouped=human_number(report.grouped_documents)) + leaks)
            self.table.reload()

        Op(self.context, self.tr("Splitting documents"), make_splits, self.project, ratios, seed, schema).success(done).run()

    def export(self, path: str | None = None) -> None:
        name = self.schema_name()
        if name is None:
            return
        if get_schema(self.project, name).pairwise:
            self._export_pairs(name, path)
            return
        if path is None:
            path, _ = QFileDialog.getSaveFileName(
                self, self.tr("Export labels"), f"{name}.jsonl", "JSON Lines (*.jsonl);;CSV (*.csv);;Parquet (*.parquet)"
            )
            if not path:
                return

        def done(report: ExportReport) -> None:
            left = self.tr("; {count} unresolved disagreements left out").format(
                count=human_number(report.conflicts_left_out)) if report.conflicts_left_out else ""
            self.message.setText(self.tr("Exported %Ln document(s) to {path}", "", int(report.rows)).format(
                path=report.path) + left)

        Op(self.context, self.tr("Exporting labels"), export_labels, self.project, Path(path), None, name).success(done).run()

    # ------------------------------------------------------------------ preference pairs
    def _pair_schema(self) -> str:
        """Pairs go to the chosen schema when it is pairwise, else to 'preferences'."""
        name = self.schema_name()
        return name if name is not None and get_schema(self.project, name).pairwise else DEFAULT_PAIR_SCHEMA

    def _show_pairs(self, schema: str, text: str) -> None:
        self.message.setText(text)
        self._reload_schemas()
        self.schema_box.setCurrentIndex(self.schema_box.findData(schema))

    def import_pairs(self, path: str | None = None) -> None:
        schema = self._pair_schema()
        if path is None:
            path, _ = QFileDialog.getOpenFileName(self, self.tr("Import pairs"), "", self.tr("JSON Lines (*.jsonl)"))
            if not path:
                return
        Op(self.context, self.tr("Importing pairs"), import_pairs_jsonl, self.project, Path(path), schema).success(
            lambda count: self._show_pairs(schema, self.tr("Imported %Ln pair(s) into '{schema}'", "", int(count))
                                           .format(schema=schema))
        ).run()

    def generate_pairs(self, run_id: int | None = None, prompts: list[str] | None = None,
                       count: int | None = None) -> Any:
        """Ask for the run, count and prompts (or take them as given) and sample the pairs as a job."""
        schema = self._pair_schema()
        if run_id is None:
            dialog = GeneratePairsDialog(self.project, schema, self)
            if not dialog.exec() or dialog.run_id() is None:
                return None
            run_id, prompts, count = dialog.run_id(), dialog.prompt_list(), dialog.count.value()
        return Op(self.context, self.tr("Generating pairs"), generate_pairs_job, self.project, run_id, prompts,
                  count or 50, schema).success(
            lambda added: self._show_pairs(schema, self.tr("Added %Ln pair(s) from run {run} to '{schema}'", "",
                                                           int(added)).format(run=run_id, schema=schema))
        ).run()

    def _export_pairs(self, name: str, path: str | None) -> None:
        if path is None:
            path, _ = QFileDialog.getSaveFileName(self, self.tr("Export pairs"), f"{name}.jsonl",
                                                  self.tr("JSON Lines (*.jsonl)"))
            if not path:
                return
        Op(self.context, self.tr("Exporting pairs"), export_pairs_jsonl, self.project, name, Path(path)).success(
            lambda count: self.message.setText(self.tr("Exported %Ln preference pair(s) to {path}", "", int(count))
                                               .format(path=path))
        ).run()


def _default_annotator() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name (some containers): ask the person instead
        return ""

"""The Evaluate panel's classifier view: how well a classifier run does, and where it errs.

It reads what the run stored (no model is loaded, no torch): the baseline and the
Transformer side by side, per-label precision / recall / F1 / support, the confusion-matrix
heatmap (click a cell to list its documents), the misclassified documents with their scores
(the most confident mistakes first: the likeliest label errors), and the learning curve.
Double-clicking a document asks the main window to open it in the Label view, where its
label can be fixed; Retrain then learns from the fix.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from llmstudio.core.changes import Changed
from llmstudio.core.classify import store
from llmstudio.core.runs import list_runs, run_config
from llmstudio.gui.context import LABELS, RUNS, PanelContext
from llmstudio.gui.i18n import run_title, split_name
from llmstudio.gui.panels.evaluate.confusion import ConfusionHeatmap
from llmstudio.gui.panels.evaluate.learning_curve import LearningCurve
from llmstudio.gui.panels.evaluate.threshold_curves import ThresholdCurves
from llmstudio.gui.widgets.compact_splitter import CompactSplitter

SUMMARY_ROWS = (("accuracy", "accuracy"), ("macro-F1", "macro_f1"), ("micro-F1", "micro_f1"),
                ("weighted-F1", "weighted_f1"), ("ROC-AUC", "roc_auc"), ("average precision", "average_precision"))
SNIPPET = 160


def _table(name: str, headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _number(value: object) -> str:
    return "-" if value is None else f"{value:.4f}" if isinstance(value, float) else str(value)


class ClassifierView(QWidget):
    def __init__(self, context: PanelContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.schema: str | None = None
        self.run = QComboBox()
        self.run.setObjectName("classifierRun")
        self.run.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.split = QComboBox()
        self.split.setObjectName("classifierSplit")
        for name, shown in (("test", self.tr("test")), ("validation", self.tr("validation")),
                            ("train", self.tr("train"))):
            self.split.addItem(shown, name)
        self.model = QComboBox()
        self.model.setObjectName("classifierModel")
        self.model.addItem(self.tr("Transformer"), store.TRANSFORMER)
        self.model.addItem(self.tr("TF-IDF baseline"), store.BASELINE)
        for box in (self.run, self.split, self.model):
            box.currentIndexChanged.connect(self.show_run)
        self.summary = _table("classifierSummary", [self.tr("figure"), self.tr("Transformer"), self.tr("baseline")])
        self.per_label = _table("classifierPerLabel", [self.tr("label"), self.tr("precision"), self.tr("recall"),
                                                       "F1", self.tr("support")])
        self.heatmap = ConfusionHeatmap()
        self.heatmap.cell_chosen.connect(self.show_cell)
        self.documents = _table("classifierDocuments", [self.tr("document"), self.tr("true"), self.tr("predicted"),
                                                        self.tr("confidence"), self.tr("scores"), self.tr("text")])
        self.documents.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.documents.cellDoubleClicked.connect(self._on_document_double_clicked)
        self.documents_title = QLabel()
        self.documents_title.setObjectName("classifierDocumentsTitle")
        self.curve = LearningCurve()
        self.threshold_curves = ThresholdCurves()
        self.threshold_curves.setObjectName("classifierThresholdCurves")
        self.message = QLabel()
        self.message.setObjectName("classifierMessage")
        self.message.setWordWrap(True)

        top = QHBoxLayout()
        for text, box in ((self.tr("Classifier run"), self.run), (self.tr("Split"), self.split),
                          (self.tr("Model"), self.model)):
            top.addWidget(QLabel(text))
            top.addWidget(box)
        top.addStretch(1)
        figures = QSplitter(Qt.Orientation.Horizontal)
        figures.addWidget(self.summary)
        figures.addWidget(self.per_label)
        figures.addWidget(self.heatmap)
        figures.addWidget(self.curve)
        figures.setSizes([300, 380, 300, 320])
        docs = QWidget()
        docs_layout = QVBoxLayout(docs)
        docs_layout.setContentsMargins(0, 0, 0, 0)
        docs_layout.addWidget(self.documents_title)
        docs_layout.addWidget(self.documents)
        body = CompactSplitter(Qt.Orientation.Vertical, most=(800, 380))  # fits 1024x640 without scrolling
        body.addWidget(figures)
        body.addWidget(self.threshold_curves)
        body.addWidget(docs)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addWidget(body, 1)
        self.refresh(RUNS)

    def refresh(self, changed: Changed) -> None:
        if not changed & (RUNS | LABELS):
            return
        current = self.run.currentData()
        self.run.blockSignals(True)
        self.run.clear()
        for run in reversed(list_runs(self.context.project)):
            if run.kind == "classifier" and run.status == "completed":
                self.run.addItem(run_title(run.id, run.name), run.id)
        self.run.setCurrentIndex(max(0, self.run.findData(current)) if current is not None else 0)
        self.run.blockSignals(False)
        self.show_run()

    def run_id(self) -> int | None:
        return self.run.currentData()

    def show_run(self) -> None:
        run_id = self.run_id()
        project = self.context.project
        for table in (self.summary, self.per_label, self.documents):
            table.setRowCount(0)
        if run_id is None:
            self.message.setText(self.tr("No classifier run yet: train one in the Train panel (Classifier tab)."))
            self.heatmap.set_matrix([], [])
            self.threshold_curves.set_figures({})
            return
        split, model = self.split.currentData(), self.model.currentData()
        figures = store.stored_figures(project, run_id, split, model)
        baseline = store.stored_figures(project, run_id, split, store.BASELINE)
        transformer = store.stored_figures(project, run_id, split, store.TRANSFORMER)
        self.schema = run_config(project, run_id).get("classify", {}).get("schema")
        self.threshold_curves.set_figures({store.TRANSFORMER: transformer, store.BASELINE: baseline})
        if figures is None:
            self.message.setText(self.tr("Run {0} has no {1} figures for this model (train with the baseline to "
                                         "compare).").format(run_id, split_name(split)))
            self.heatmap.set_matrix([], [])
            return
        self.message.setText(self.tr("%Ln labelled {split} document(s); rows of the matrix are the true labels.",
                                     "", int(figures["n"])).format(split=split_name(split)))
        self.summary.setRowCount(len(SUMMARY_ROWS))
        for r, (title, key) in enumerate(SUMMARY_ROWS):
            values = [title, _number((transformer or {}).get(key)), _number((baseline or {}).get(key))]
            for c, value in enumerate(values):
                self.summary.setItem(r, c, QTableWidgetItem(value))
        labels = figures["labels"]
        self.per_label.setRowCount(len(labels))
        for r, name in enumerate(labels):
            row = figures["per_label"][name]
            for c, value in enumerate((name, row["precision"], row["recall"], row["f1"], row["support"])):
                self.per_label.setItem(r, c, QTableWidgetItem(_number(value)))
        self.summary.resizeColumnsToContents()
        self.per_label.resizeColumnsToContents()
        if figures.get("multi_label"):
            matrix = [[cell[1][1] for cell in figures["confusion"]]]  # true positives per label
            self.heatmap.set_matrix([], [])
            self.message.setText(self.message.text() + " " + self.tr("Multi-label: true positives per label {0}.")
                                 .format(matrix[0]))
        else:
            self.heatmap.set_matrix(labels, figures["confusion"])
        if self.schema:
            self.curve.set_curves(store.learning_curve(project, self.schema))
        self.show_misclassified()

    def show_misclassified(self) -> None:
        run_id = self.run_id()
        if run_id is None:
            return
        rows = store.misclassified(self.context.project, run_id, self.split.currentData(), self.model.currentData())
        self.documents_title.setText(self.tr("%Ln misclassified document(s), most confident mistakes first "
                                             "(double-click to fix the label)", "", len(rows)))
        self._fill_documents(rows)

    def show_cell(self, true_label: str, predicted_label: str) -> None:
        run_id = self.run_id()
        if run_id is None:
            return
        rows = store.cell_documents(self.context.project, run_id, self.split.currentData(), true_label,
                                    predicted_label, self.model.currentData())
        self.documents_title.setText(self.tr("%Ln document(s) labelled {true}, predicted {predicted} (double-click "
                                             "to open)", "", len(rows)).format(true=true_label,
                                                                                predicted=predicted_label))
        self._fill_documents(rows)

    def _fill_documents(self, rows: list[store.StoredPrediction]) -> None:
        from llmstudio.core.classify.data import document_texts

        texts = document_texts(self.context.project, [p.document_id for p in rows])
        self.documents.setRowCount(len(rows))
        for r, p in enumerate(rows):
            scores = ", ".join(f"{k} {v:.2f}" for k, v in sorted(p.scores.items(), key=lambda kv: -kv[1])[:3])
            text = " ".join(texts.get(p.document_id, "").split())[:SNIPPET]
            values = (p.document_id, ", ".join(p.truth), ", ".join(p.predicted), f"{p.confidence:.3f}", scores, text)
            for c, value in enumerate(values):
                item = QTableWidgetItem(str(value))
                item.setData(Qt.ItemDataRole.UserRole, p.document_id)
                self.documents.setItem(r, c, item)

    def document_ids(self) -> list[int]:
        items = (self.documents.item(r, 0) for r in range(self.documents.rowCount()))
        return [int(item.text()) for item in items if item is not None]

    def _on_document_double_clicked(self, row: int, column: int) -> None:
        item = self.documents.item(row, 0)
        if item is not None and self.schema:
            self.context.open_document(int(item.text()), self.schema)

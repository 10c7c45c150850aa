"""The label table: every document with its label, annotator, time and flag, paged lazily.

``LabelTableModel`` asks the core's ``DocumentTable`` for one page of rows at a time, only
when the view paints them, and keeps a bounded cache of pages; a million rows cost one
count and the pages on screen. Sorting and filtering build a new ``DocumentTable`` (the
core materialises the order once). Selected rows can be labelled in one go.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from llmstudio.core.labels.schemas import LabelSchema
from llmstudio.core.labels.table import (
    COLUMNS,
    SORTABLE,
    DocumentTable,
    TableFilter,
    TableRow,
    label_documents,
)
from llmstudio.core.project import Project
from llmstudio.core.search import index as search_index
from llmstudio.gui.i18n import (
    QT_TRANSLATE_NOOP,
    count_text,
    human_datetime,
    human_number,
    split_name,
    translate_dynamic,
)

PAGE_SIZE = 100
MAX_PAGES = 50
HEADERS = (QT_TRANSLATE_NOOP("LabelTable", "Id"), QT_TRANSLATE_NOOP("LabelTable", "Text"),
           QT_TRANSLATE_NOOP("LabelTable", "Label"), QT_TRANSLATE_NOOP("LabelTable", "Annotator"),
           QT_TRANSLATE_NOOP("LabelTable", "Time"), QT_TRANSLATE_NOOP("LabelTable", "Flag"),
           QT_TRANSLATE_NOOP("LabelTable", "Comment"), QT_TRANSLATE_NOOP("LabelTable", "Split"))
CONFLICT = QT_TRANSLATE_NOOP("LabelTable", "conflict: {labels}")  # the core's "conflict: a / b"
_Index = QModelIndex | QPersistentModelIndex
_ROLES = frozenset(
    {Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.UserRole}
)


class LabelTableModel(QAbstractTableModel):
    """Rows of a ``DocumentTable``, fetched ``PAGE_SIZE`` at a time."""

    _verified = Signal(object, bool)  # the table checked, whether its rows changed

    def __init__(self, project: Project, schema: LabelSchema, filt: TableFilter = TableFilter()) -> None:
        super().__init__()
        self.project, self.schema = project, schema
        self._filter = filt
        self._table = DocumentTable(project, schema, filt)
        self._pages: OrderedDict[int, list[TableRow]] = OrderedDict()
        self._colors = {lab.name: lab.color for lab in schema.labels}
        self._verified.connect(self._on_verified)
        self._start_verify()

    def _start_verify(self) -> None:
        """Count the rows on a worker thread (its own connection); reset only if the guess was off."""
        table = self._table
        if table.verified:
            return

        root = self.project.root

        def work() -> None:
            with Project.open(root) as project:
                changed = table.verify(project)
            self._verified.emit(table, changed)

        threading.Thread(target=work, name="label-table-count", daemon=True).start()

    def _on_verified(self, table: DocumentTable, changed: bool) -> None:
        if changed and table is self._table:
            self.beginResetModel()
            self._pages.clear()
            self.endResetModel()

    @property
    def filter(self) -> TableFilter:
        return self._filter

    def set_filter(self, filt: TableFilter, schema: LabelSchema | None = None) -> None:
        self.beginResetModel()
        self._table.close()
        if schema is not None:
            self.schema = schema
            self._colors = {lab.name: lab.color for lab in schema.labels}
        self._filter = filt
        self._table = DocumentTable(self.project, self.schema, filt)
        self._pages.clear()
        self.endResetModel()
        self._start_verify()

    def reload(self) -> None:
        """Re-read after labels changed elsewhere (same filter)."""
        self.set_filter(self._filter)

    def row(self, row: int) -> TableRow | None:
        page, offset = divmod(row, PAGE_SIZE)
        rows = self._pages.get(page)
        if rows is None:
            rows = self._table.page(page * PAGE_SIZE, PAGE_SIZE)
            self._pages[page] = rows
            if len(self._pages) > MAX_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(page)
        return rows[offset] if offset < len(rows) else None

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else self._table.count()

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role not in _ROLES or not index.isValid():
            return None  # cheap exit: a view asks for a dozen roles per cell
        row = self.row(index.row())
        if row is None:
            return None
        column = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            if column == "id":
                return row.document_id
            if column == "flagged":
                return "⚑" if row.flagged else ""
            if column == "split" and row.split:
                return split_name(row.split)
            if column == "time":  # local time in the locale's format; the raw ISO value sorts (core) and is the tooltip
                return human_datetime(row.time) if row.time else ""
            if column == "label" and row.label.startswith("conflict: "):
                return translate_dynamic("LabelTable", CONFLICT).format(labels=row.label[len("conflict: "):])
            return getattr(row, column)
        if role == Qt.ItemDataRole.BackgroundRole and column == "label" and row.label in self._colors:
            color = QColor(self._colors[row.label])
            color.setAlpha(70)
            return QBrush(color)
        if role == Qt.ItemDataRole.ToolTipRole and column in ("text", "comment", "time"):
            return getattr(row, column)
        if role == Qt.ItemDataRole.UserRole and column == "time":
            return row.time  # the sortable value, as the database keeps it
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return translate_dynamic("LabelTable", HEADERS[section])
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        name = COLUMNS[column]
        if name not in SORTABLE:
            return
        f = self._filter
        self.set_filter(
            TableFilter(f.label, f.flagged_only, f.search, name, order == Qt.SortOrder.DescendingOrder)
        )

    def document_ids(self, rows: list[int]) -> list[int]:
        return [r.document_id for r in (self.row(i) for i in rows) if r is not None]


class LabelTableView(QWidget):
    """Filter bar, the lazy table, and batch labeling of the selected rows."""

    labels_changed = Signal()

    def __init__(self, project: Project, annotator: Callable[[], str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self._annotator = annotator
        self.model: LabelTableModel | None = None
        self.label_filter = QComboBox()
        self.label_filter.setToolTip(self.tr("Show only documents with this label"))
        self.flagged = QCheckBox(self.tr("Flagged only"))
        self.flagged.setToolTip(self.tr("Show only documents you flagged"))
        self.search = QLineEdit(placeholderText=self.tr("Search text, Enter to filter"))
        self.search.setToolTip(self.tr("Show only documents containing this text"))
        self.count = QLabel()
        self.table = QTableView()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setSortingEnabled(True)
        self.table.setWordWrap(False)
        vh = self.table.verticalHeader()
        vh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # no per-row measuring at 1M rows
        vh.setDefaultSectionSize(24)
        vh.hide()
        self.batch_label = QComboBox()
        self.batch_label.setToolTip(self.tr("The label given to the selected documents"))
        self.apply = QPushButton(self.tr("Label selected"))
        self.apply.clicked.connect(self.label_selected)
        self.label_filter.currentIndexChanged.connect(self._apply_filter)
        self.flagged.toggled.connect(self._apply_filter)
        self.search.returnPressed.connect(self._apply_filter)

        bar = QHBoxLayout()
        for w in (QLabel(self.tr("Label:")), self.label_filter, self.flagged, self.search, self.count):
            bar.addWidget(w)
        batch = QHBoxLayout()
        batch.addStretch(1)
        batch.addWidget(self.batch_label)
        batch.addWidget(self.apply)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addLayout(batch)

    def set_schema(self, schema: LabelSchema) -> None:
        for combo in (self.label_filter, self.batch_label):
            combo.blockSignals(True)
            combo.clear()
        self.label_filter.addItem(self.tr("Any"), None)
        self.label_filter.addItem(self.tr("Unlabeled"), "")
        for lab in schema.labels:
            self.label_filter.addItem(lab.name, lab.name)
            self.batch_label.addItem(lab.name, lab.name)
        for combo in (self.label_filter, self.batch_label):
            combo.blockSignals(False)
        if self.model is None:
            self.model = LabelTableModel(self.project, schema)
            self.table.setModel(self.model)
            header = self.table.horizontalHeader()
            header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
            self.table.setColumnWidth(0, 80)
            self.table.setColumnWidth(4, 150)  # the time fits without measuring every row
        else:
            self.model.set_filter(TableFilter(), schema)
        self._update_count()

    def _apply_filter(self) -> None:
        if self.model is None:
            return
        f = self.model.filter
        self.model.set_filter(
            TableFilter(self.label_filter.currentData(), self.flagged.isChecked(), self.search.text().strip(), f.sort, f.descending)
        )
        self._update_count()

    def _update_count(self) -> None:
        if self.model is None:
            return
        text = count_text(self.model.rowCount(), self.tr("{n} document"), self.tr("{n} documents"))
        if self.model.filter.search:
            pending = search_index.pending(self.model.project)
            if pending:
                text += self.tr(" ({count} more not searchable yet: still being indexed)").format(
                    count=human_number(pending))
        self.count.setText(text)

    def reload(self) -> None:
        if self.model is not None:
            self.model.reload()
            self._update_count()

    def label_selected(self) -> None:
        if self.model is None or not self.batch_label.currentData():
            return
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        ids = self.model.document_ids(rows)
        if not ids:
            return
        label_documents(self.project, self.model.schema, ids, self.batch_label.currentData(), self._annotator())
        self.reload()
        self.labels_changed.emit()

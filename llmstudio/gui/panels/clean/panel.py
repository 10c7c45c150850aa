"""Clean: edit a recipe, preview what each rule would remove, run it on every core into a
snapshot, and look at the result (funnel, histograms, removed documents by reason,
duplicate pairs, before/after diff). All work runs as core jobs through ``context.jobs``;
this panel only shows values the core returns."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from llmstudio.core.changes import Changed
from llmstudio.core.cleaning.pipeline import CleanSummary, run_recipe
from llmstudio.core.cleaning.preview import PreviewResult, preview_recipe
from llmstudio.core.cleaning.queries import (
    document_versions,
    duplicate_pairs,
    funnel,
    histogram_values,
    reason_counts,
    removed_documents,
    snapshot,
    snapshots,
)
from llmstudio.core.cleaning.recipe import Recipe
from llmstudio.core.cleaning.store import save_recipe, saved_recipes, set_override
from llmstudio.core.errors import StudioError
from llmstudio.core.freshness import freshness
from llmstudio.core.jobs import ProgressUpdate
from llmstudio.core.sources.documents import document_text
from llmstudio.gui.context import DOCUMENTS, SNAPSHOTS, SOURCES, PanelContext
from llmstudio.gui.core_messages import translate_reason
from llmstudio.gui.i18n import human_datetime, human_number, sentence
from llmstudio.gui.operations import Op
from llmstudio.gui.panels.clean.charts import FunnelChart, Histograms
from llmstudio.gui.panels.clean.recipe_editor import RecipeEditor
from llmstudio.gui.panels.clean.results import DiffView, DuplicatesTable, PreviewView, RemovedTable
from llmstudio.gui.widgets.empty_state import EmptyState

if TYPE_CHECKING:
    from llmstudio.gui.jobs import Job

log = logging.getLogger(__name__)
PREVIEW_SAMPLE = 500


class CleanPanel(QWidget):
    def __init__(self, context: PanelContext) -> None:
        super().__init__()
        self.context = context
        self.editor = RecipeEditor()
        self.save_button = QPushButton(self.tr("Save recipe"))
        self.import_button = QPushButton(self.tr("Import TOML…"))
        self.export_button = QPushButton(self.tr("Export TOML…"))
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(self.editor, 1)
        files = QHBoxLayout()
        for button in (self.save_button, self.import_button, self.export_button):
            files.addWidget(button)
        left_layout.addLayout(files)

        self.snapshot_name = QLineEdit()
        self.snapshot_name.setToolTip(self.tr("A name for the snapshot this cleaning makes (optional)"))
        self.snapshot_name.setObjectName("snapshotName")
        self.snapshot_name.setPlaceholderText(self.tr("snapshot name (optional)"))
        self.preview_button = QPushButton(self.tr("Preview"))
        self.preview_button.setObjectName("previewClean")
        self.run_button = QPushButton(self.tr("Run cleaning"))
        self.run_button.setObjectName("runClean")
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setVisible(False)  # shown while a job runs: an idle bar looks like an empty text field
        self.progress_label = QLabel("")
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setObjectName("cancelClean")
        self.cancel_button.setEnabled(False)
        self.snapshot = QComboBox()
        self.snapshot.setToolTip(self.tr("The snapshot whose results are shown"))
        self.snapshot.setObjectName("snapshotChoice")
        # A long snapshot name is elided rather than pushing the panel wider than a small window.
        self.snapshot.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.snapshot.setMinimumContentsLength(16)
        self.reuse_button = QPushButton(self.tr("Edit its recipe"))
        self.reuse_button.setToolTip(self.tr("Load the recipe that made this snapshot into the editor, to change and run it again."))
        self.summary = QLabel()
        self.summary.setWordWrap(True)

        self.preview_view = PreviewView()
        self.funnel = FunnelChart()
        self.histograms = Histograms()
        self.removed = RemovedTable()
        self.duplicates = DuplicatesTable()
        self.diff = DiffView()
        self.document_id = QSpinBox()
        self.document_id.setRange(1, 2_000_000_000)
        self.show_document = QPushButton(self.tr("Show document"))
        diff_page = QWidget()
        diff_layout = QVBoxLayout(diff_page)
        lookup = QHBoxLayout()
        lookup.addWidget(QLabel(self.tr("Document")))
        lookup.addWidget(self.document_id)
        lookup.addWidget(self.show_document)
        lookup.addStretch(1)
        diff_layout.addLayout(lookup)
        diff_layout.addWidget(self.diff, 1)
        self.tabs = QTabWidget()
        for widget, title in ((self.preview_view, self.tr("Preview")), (self.funnel, self.tr("Funnel")),
                              (self.histograms, self.tr("Histograms")), (self.removed, self.tr("Removed")),
                              (self.duplicates, self.tr("Duplicates")), (diff_page, self.tr("Before / after"))):
            self.tabs.addTab(widget, title)

        actions = QHBoxLayout()
        actions.addWidget(self.snapshot_name, 1)
        actions.addWidget(self.preview_button)
        actions.addWidget(self.run_button)
        running = QHBoxLayout()
        running.addWidget(self.progress, 1)
        running.addWidget(self.progress_label, 2)
        running.addWidget(self.cancel_button)
        chooser = QHBoxLayout()
        chooser.addWidget(QLabel(self.tr("Snapshot")))
        chooser.addWidget(self.snapshot, 1)
        chooser.addWidget(self.reuse_button)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addLayout(actions)
        right_layout.addLayout(running)
        right_layout.addLayout(chooser)
        self.stale = EmptyState("", self.tr("Clean again"), self.run_clean)
        self.stale.setObjectName("cleanStale")
        self.stale.setVisible(False)
        self.empty = EmptyState(self.tr("There are no documents to clean yet. Import some text in Sources first."),
                                self.tr("Go to Sources"), lambda: context.show_panel("sources"))
        self.empty.setVisible(False)
        right_layout.addWidget(self.empty)
        right_layout.addWidget(self.stale)
        right_layout.addWidget(self.summary)
        right_layout.addWidget(self.tabs, 1)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

        self._job: Job | None = None
        self.preview_button.clicked.connect(self.preview)
        self.run_button.clicked.connect(self.run_clean)
        self.cancel_button.clicked.connect(self.cancel)
        self.save_button.clicked.connect(self.save)
        self.import_button.clicked.connect(self._on_import_clicked)
        self.export_button.clicked.connect(self._on_export_clicked)
        self.snapshot.currentIndexChanged.connect(lambda _: self.show_snapshot())
        self.reuse_button.clicked.connect(self.edit_snapshot_recipe)
        self.removed.filter_changed.connect(self._fill_removed)
        self.removed.document_chosen.connect(self.show_versions)
        self.removed.override_requested.connect(self._on_override)
        self.duplicates.pair_chosen.connect(self._show_pair)
        self.show_document.clicked.connect(lambda: self.show_versions(self.document_id.value()))
        self.refresh(SNAPSHOTS | DOCUMENTS)

    # ------------------------------------------------------------------ actions
    def _checked_recipe(self) -> Recipe | None:
        recipe = self.editor.recipe()
        try:
            recipe.check()
        except StudioError as exc:
            QMessageBox.warning(self, self.tr("Recipe"), str(exc))
            return None
        return recipe

    def preview(self) -> None:
        recipe = self._checked_recipe()
        if recipe is None:
            return
        project = self.context.project
        self.tabs.setCurrentWidget(self.preview_view)
        self._start(Op(self.context, self.tr("Previewing"), preview_recipe, project, recipe, PREVIEW_SAMPLE)
                    .success(self._on_preview_done))

    def run_clean(self) -> None:
        recipe = self._checked_recipe()
        if recipe is None:
            return
        project, name = self.context.project, self.snapshot_name.text().strip() or None
        self._start(Op(self.context, self.tr("Cleaning"), run_recipe, project, recipe, name).success(self._on_run_done))

    def _start(self, op: Op[Any]) -> None:
        self.run_button.setEnabled(False)
        self.preview_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.progress.setValue(0)
        self.progress.setVisible(True)
        self.progress_label.setText(op.title)
        self._job = op.progress(self._on_progress).finished(
            lambda outcome: self._on_finished(outcome.status, outcome.message)).run()

    def cancel(self) -> None:
        if self._job is not None:
            self._job.cancel()
            self.progress_label.setText(self.tr("cancelling…"))

    def _on_progress(self, update: ProgressUpdate) -> None:
        if update.fraction is not None:
            self.progress.setValue(int(update.fraction * 1000))
        self.progress_label.setText(update.message)

    def _on_finished(self, status: str, message: str) -> None:
        self._job = None
        self.progress.setVisible(False)
        self.run_button.setEnabled(bool(self.context.project.document_count()))
        self.preview_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        if status == "cancelled":
            self.progress_label.setText(self.tr("cancelled; the previous snapshots are unchanged"))
        elif status == "failed":
            self.progress_label.setText(self.tr("Failed: {reason}").format(reason=sentence(message)))

    def _on_preview_done(self, result: PreviewResult) -> None:
        self.preview_view.show_result(result)
        self.progress.setValue(1000)
        self.progress_label.setText(self.tr("Previewed %Ln document(s) in {seconds} s", "", result.sample_size)
                                    .format(seconds=human_number(result.seconds, 2)))

    def _on_run_done(self, summary: CleanSummary) -> None:
        self.progress.setValue(1000)
        rate = summary.documents / summary.seconds if summary.seconds else 0.0
        self.progress_label.setText(self.tr("Cleaned %Ln document(s) ({rate} docs/s)", "", summary.documents)
                                    .format(rate=human_number(rate)))
        self.refresh(SNAPSHOTS)  # before choosing it; the window then tells every panel
        index = self.snapshot.findData(summary.snapshot_id)
        if index >= 0:
            self.snapshot.setCurrentIndex(index)
        self.tabs.setCurrentWidget(self.funnel)

    def save(self) -> None:
        Op(self.context, self.tr("Save recipe"), save_recipe, self.context.project, self.editor.recipe()).run_now()

    def import_recipe(self, path: Path) -> None:
        self.editor.set_recipe(Recipe.load(path))

    def export_recipe(self, path: Path) -> None:
        from llmstudio.core.atomic import write_text_atomic

        write_text_atomic(Path(path), self.editor.recipe().to_toml())

    def _on_import_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Import recipe"), "", "Recipes (*.toml)")
        if path:
            try:
                self.import_recipe(Path(path))
            except StudioError as exc:
                QMessageBox.warning(self, self.tr("Import recipe"), str(exc))

    def _on_export_clicked(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export recipe"), f"{self.editor.recipe().name}.toml", "Recipes (*.toml)")
        if path:
            self.export_recipe(Path(path))

    def edit_snapshot_recipe(self) -> None:
        snapshot_id = self.current_snapshot()
        info = snapshot(self.context.project, snapshot_id) if snapshot_id is not None else None
        if info is not None:
            self.editor.set_recipe(Recipe.from_dict(info.recipe))

    def _on_override(self, document_id: int, action: object) -> None:
        Op(self.context, "Override", set_override, self.context.project, document_id, action,
           snapshot_id=self.current_snapshot()).run_now()

    # ------------------------------------------------------------------ showing results
    def current_snapshot(self) -> int | None:
        return self.snapshot.currentData()

    def refresh(self, changed: Changed) -> None:
        if changed & Changed.RECIPES:
            self.editor.set_choices(saved_recipes(self.context.project))
        if not changed & (SNAPSHOTS | DOCUMENTS | SOURCES):
            return
        project = self.context.project
        self.editor.set_choices(saved_recipes(project))
        current = self.snapshot.currentData()
        self.snapshot.blockSignals(True)
        self.snapshot.clear()
        for info in reversed(snapshots(project)):
            # Short enough for the drop-down at 1024x640; the recipe and date are in the item's tooltip.
            self.snapshot.addItem(self.tr("{name} — kept {kept} of {total}").format(
                name=info.name, kept=human_number(info.kept_count), total=human_number(info.document_count)), info.id)
            self.snapshot.setItemData(self.snapshot.count() - 1, self.tr("Recipe {recipe}, made {date}").format(
                recipe=info.recipe.get("name", "?"), date=human_datetime(info.created_at)),
                Qt.ItemDataRole.ToolTipRole)
        index = self.snapshot.findData(current) if current is not None else 0
        self.snapshot.setCurrentIndex(max(0, index))
        self.snapshot.blockSignals(False)
        if self.snapshot.count() == 0:
            self.summary.setText(self.tr("%Ln document(s), not cleaned yet. Choose or edit a recipe, preview it, "
                                         "then run it; originals are never changed.", "", project.document_count()))
        self.show_snapshot()
        self._show_freshness()
        if project.document_count():
            self.histograms.set_values(histogram_values(project, sample=400))

    def _show_freshness(self) -> None:
        """Say when documents arrived (or left) since the last cleaning, and offer to clean again."""
        project = self.context.project
        has_documents = bool(project.document_count())
        self.empty.show_if(not has_documents)
        if self._job is None:
            self.run_button.setEnabled(has_documents)
            self.preview_button.setEnabled(has_documents)
        state = freshness(project)
        if state.clean_is_stale:
            self.stale.set_text(self.tr(
                "⚠ The documents changed since the latest snapshot ({new} new, {gone} removed): its counts, and a "
                "tokenizer trained now, do not include them. Clean again to bring the snapshot up to date.").format(
                new=human_number(state.documents_not_cleaned), gone=human_number(state.documents_removed)))
        self.stale.show_if(state.clean_is_stale)

    def show_snapshot(self) -> None:
        snapshot_id = self.current_snapshot()
        project = self.context.project
        if snapshot_id is None:
            self.funnel.set_stages([])
            self.removed.set_reasons([])
            self.removed.set_rows([])
            self.duplicates.set_pairs([])
            return
        stages = funnel(project, snapshot_id)
        self.funnel.set_stages(stages)
        kept = project.kept_document_count(snapshot_id)
        info = snapshot(project, snapshot_id)
        counters = [f"{step['step']}: " + ", ".join(f"{v:,} {k}" for k, v in sorted(step.get("counters", {}).items()))
                    for step in (info.stats.get("steps", []) if info else []) if step.get("counters")]
        self.summary.setText(self.tr("Snapshot kept {kept} of %Ln document(s) ({chars} of {all_chars} characters "
                                     "after the last step).", "", stages[0].documents).format(
            kept=human_number(kept), chars=human_number(stages[-1].chars),
            all_chars=human_number(stages[0].chars))
            + (self.tr("  Replaced: {what}").format(what="; ".join(counters)) if counters else ""))
        self.removed.set_reasons(reason_counts(project, snapshot_id))
        self._fill_removed()
        self.duplicates.set_pairs(duplicate_pairs(project, snapshot_id))

    def _fill_removed(self) -> None:
        snapshot_id = self.current_snapshot()
        if snapshot_id is None:
            return
        chosen = self.removed.current_filter()
        step, reason = chosen if chosen else (None, None)
        self.removed.set_rows(removed_documents(self.context.project, snapshot_id, step, reason))

    def show_versions(self, document_id: int) -> None:
        snapshot_id = self.current_snapshot()
        versions = document_versions(self.context.project, snapshot_id or -1, document_id)
        if versions is None:
            self.diff.show_texts(self.tr("There is no document {id}.").format(id=document_id), "", "")
            return
        if versions.kept:
            title = self.tr("Document {id}: original (left) and cleaned (right)").format(id=document_id)
            if versions.step == "override":
                title += " — " + translate_reason(versions.reason or "")
            self.diff.show_texts(title, versions.original, versions.cleaned or "")
        else:
            self.diff.show_texts(self.tr("Document {id} was removed by {step}: {reason}").format(
                id=document_id, step=versions.step, reason=translate_reason(versions.reason or "")), versions.original, "")
        self.document_id.setValue(document_id)

    def _show_pair(self, kept_id: int, removed_id: int) -> None:
        from llmstudio.core.cleaning.steps.minhash import DEFAULT_NGRAM, jaccard

        project = self.context.project
        kept = document_text(project, kept_id) or ""
        removed = document_text(project, removed_id) or ""
        self.diff.show_texts(f"Document {kept_id} (kept, left) and its duplicate {removed_id} (removed, right); "
                             f"word {DEFAULT_NGRAM}-gram Jaccard {jaccard(kept, removed):.2f}", kept, removed)
        self.tabs.setCurrentIndex(self.tabs.count() - 1)

"""What a policy run starts from: the language-model run, the algorithm, the reward, the pairs, the settings.

A form a user fills top to bottom. The reward is one of the three sources of issue #13 (a
classifier run and one of its labels, a reward-model run, or a rule file chosen with a file
dialog) and is spelled for the core as ``classifier:RUN:LABEL``, ``reward:RUN`` or
``rule:FILE``, exactly as the CLI's ``--reward``. ``problem()`` says in one sentence why the
form cannot start a run yet (nothing to start from, no reward, no pairs, an invalid setting
or rule file); the tab shows it and keeps Start disabled. Reading runs, schemas and rule
files here touches only SQLite and small files, never torch.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from llmstudio.core.errors import StudioError
from llmstudio.core.project import Project
from llmstudio.core.rl.config import RLConfig
from llmstudio.core.runs import list_runs
from llmstudio.gui.i18n import run_name, sentence
from llmstudio.gui.widgets.dataclass_form import DataclassForm

REWARD_KINDS = ("classifier", "reward", "rule", "none")


def language_model_runs(project: Project) -> list[tuple[int, str]]:
    """(id, name) of the language-model runs that have trained at least one step."""
    return [(run.id, run_name(run.id, run.name)) for run in list_runs(project, kind="lm") if run.step > 0]


def pair_schemas(project: Project) -> dict[str, int]:
    """The project's preference (pairwise) label schemas, each with its number of answered pairs."""
    from llmstudio.core.labels.pairs import preference_pairs
    from llmstudio.core.labels.schemas import list_schemas

    return {schema.name: len(preference_pairs(project, schema.name))
            for schema in list_schemas(project, include_pairwise=True) if schema.kind == "pairwise"}


def pair_items(schemas: dict[str, int]) -> list[tuple[str, Any]]:
    """Drop-down items for pair schemas: "<name> (<n> answered)"."""
    from PySide6.QtCore import QCoreApplication

    return [(QCoreApplication.translate("PolicySetup", "{name} ({count} answered)").format(
        name=name, count=count), name) for name, count in schemas.items()]


def _labels_of(project: Project, run_id: int) -> list[str]:
    from llmstudio.core.classify.runs import read_info

    try:
        return list(read_info(project, run_id).labels)
    except StudioError:
        return []


def _fill(combo: QComboBox, items: list[tuple[str, Any]]) -> None:
    """Replace a combo's items, keeping the chosen one when it is still there, without signals."""
    current = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    for text, data in items:
        combo.addItem(text, data)
    combo.setCurrentIndex(max(0, combo.findData(current)))
    combo.blockSignals(False)


class RewardPicker(QWidget):
    """Where the reward comes from; ``spec()`` is the core's spelling of it."""

    changed = Signal()

    def __init__(self, project: Project, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.kind = QComboBox()
        self.kind.setObjectName("rewardKind")
        for text, kind in ((self.tr("a classifier run's label"), "classifier"), (self.tr("a reward-model run"), "reward"),
                           (self.tr("a rule file"), "rule"), (self.tr("none"), "none")):
            self.kind.addItem(text, kind)
        self.kind.setToolTip(self.tr("GRPO scores every sampled completion with this reward; DPO uses it only to "
                                     "score the held-out prompts (optional)"))
        self.classifier = QComboBox()
        self.classifier.setObjectName("rewardClassifier")
        self.classifier.setToolTip(self.tr("A trained classifier run of this project (Train panel, Classifier tab)"))
        self.label = QComboBox()
        self.label.setObjectName("rewardLabel")
        self.label.setToolTip(self.tr("The reward is the probability the classifier gives this label"))
        self.reward_run = QComboBox()
        self.reward_run.setObjectName("rewardRun")
        self.reward_run.setToolTip(self.tr("A reward model trained on preference pairs (the Reward model tab)"))
        self.rule = QLineEdit()
        self.rule.setObjectName("rewardRule")
        self.rule.setPlaceholderText(self.tr("rule file (.toml)"))
        self.rule.setToolTip(self.tr("Keywords, regular expressions and length bounds with weights; nothing in "
                                     "it is executed"))
        self.choose = QPushButton(self.tr("Choose…"))
        self.choose.setObjectName("chooseRule")
        self.pages = QStackedWidget()
        for widgets in ((self.classifier, self.label), (self.reward_run,), (self.rule, self.choose), ()):
            page = QWidget()
            row = QHBoxLayout(page)
            row.setContentsMargins(0, 0, 0, 0)
            for widget in widgets:
                row.addWidget(widget, 1 if widget is not self.choose else 0)
            self.pages.addWidget(page)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.kind)
        column.addWidget(self.pages)
        self.kind.currentIndexChanged.connect(self._on_kind)
        self.classifier.currentIndexChanged.connect(self._on_classifier)
        self.label.currentIndexChanged.connect(lambda _: self.changed.emit())
        self.reward_run.currentIndexChanged.connect(lambda _: self.changed.emit())
        self.rule.textChanged.connect(lambda _: self.changed.emit())
        self.choose.clicked.connect(self._on_choose)
        self.refresh()

    def refresh(self) -> None:
        runs = list_runs(self.project)
        _fill(self.classifier, [(self.tr("classifier run {id}").format(id=r.id), r.id) for r in runs
                                if r.kind == "classifier" and r.status == "completed"])
        _fill(self.reward_run, [(self.tr("reward-model run {id}").format(id=r.id), r.id) for r in runs
                                if r.kind == "reward" and r.status == "completed"])
        self._on_classifier()

    def _on_kind(self) -> None:
        self.pages.setCurrentIndex(REWARD_KINDS.index(self.kind.currentData()))
        self.changed.emit()

    def _on_classifier(self) -> None:
        run_id = self.classifier.currentData()
        labels = _labels_of(self.project, run_id) if run_id is not None else []
        _fill(self.label, [(label, label) for label in labels])
        self.changed.emit()

    def _on_choose(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Choose a reward rule file"), self.rule.text(),
                                              self.tr("Reward rules (*.toml)"))
        if path:
            self.rule.setText(path)

    def set_rule(self, path: Path) -> None:
        self.kind.setCurrentIndex(self.kind.findData("rule"))
        self.rule.setText(str(path))

    def set_classifier(self, run_id: int, label: str) -> None:
        self.kind.setCurrentIndex(self.kind.findData("classifier"))
        self.classifier.setCurrentIndex(self.classifier.findData(run_id))
        self.label.setCurrentIndex(self.label.findData(label))

    def set_reward_run(self, run_id: int) -> None:
        self.kind.setCurrentIndex(self.kind.findData("reward"))
        self.reward_run.setCurrentIndex(self.reward_run.findData(run_id))

    def spec(self) -> str:
        kind = self.kind.currentData()
        if kind == "classifier":
            return f"classifier:{self.classifier.currentData()}:{self.label.currentData()}"
        if kind == "reward":
            return f"reward:{self.reward_run.currentData()}"
        if kind == "rule":
            return f"rule:{self.rule.text().strip()}"
        return ""

    def problem(self, algo: str) -> str:
        """Why this reward cannot be used ("" when it can)."""
        kind = self.kind.currentData()
        if kind == "none":
            return self.tr("GRPO learns from a reward: choose a classifier run, a reward-model run or a rule "
                           "file.") if algo == "grpo" else ""
        if kind == "classifier":
            if self.classifier.count() == 0:
                return self.tr("There is no trained classifier run yet: train one in the Classifier tab, or "
                               "use a rule file as the reward.")
            if self.label.count() == 0:
                return self.tr("Classifier run {id} lists no labels; train it again.").format(
                    id=self.classifier.currentData())
            return ""
        if kind == "reward":
            return "" if self.reward_run.count() else self.tr(
                "There is no reward-model run yet: train one from preference pairs in the Reward model tab.")
        path = self.rule.text().strip()
        if not path:
            return self.tr("Choose the rule file (.toml) that scores the completions.")
        from llmstudio.core.rl.rules import load_rule

        try:
            load_rule(Path(path))
        except StudioError as exc:
            return sentence(str(exc))
        return ""


class PolicySetup(QWidget):
    """The form of a new policy run; ``changed`` fires on any edit."""

    changed = Signal()

    def __init__(self, project: Project, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.start_run = QComboBox()
        self.start_run.setObjectName("policyStartRun")
        self.start_run.setToolTip(self.tr("The language-model run the policy starts from; it stays frozen as the "
                                          "reference the KL is measured against"))
        self.algo = QComboBox()
        self.algo.setObjectName("policyAlgo")
        self.algo.addItem(self.tr("GRPO (online: sample, score, learn)"), "grpo")
        self.algo.addItem(self.tr("DPO (offline: from preference pairs)"), "dpo")
        self.reward = RewardPicker(project)
        self.pairs = QComboBox()
        self.pairs.setObjectName("policyPairs")
        self.pair_counts: dict[str, int] = {}
        self.pairs.setToolTip(self.tr("The preference pairs DPO learns from (a pairwise schema of the Label "
                                      "panel)"))
        self.settings = DataclassForm(RLConfig)
        self.settings.setObjectName("rlSettings")
        self.form = QFormLayout(self)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.form.addRow(self.tr("Start from"), self.start_run)
        self.form.addRow(self.tr("Algorithm"), self.algo)
        self.form.addRow(self.tr("Reward"), self.reward)
        self.form.addRow(self.tr("Pairs"), self.pairs)
        self.algo.currentIndexChanged.connect(self._on_algo)
        for combo in (self.start_run, self.pairs):
            combo.currentIndexChanged.connect(lambda _: self.changed.emit())
        self.reward.changed.connect(self.changed.emit)
        self.settings.changed.connect(self.changed.emit)
        self.refresh()
        self._on_algo()

    def refresh(self) -> None:
        _fill(self.start_run, [(self.tr("language-model run {id} ({name})").format(id=i, name=n), i)
                               for i, n in reversed(language_model_runs(self.project))])
        self.pair_counts = pair_schemas(self.project)
        _fill(self.pairs, pair_items(self.pair_counts))
        self.reward.refresh()
        self.changed.emit()

    def _on_algo(self) -> None:
        dpo = self.algo.currentData() == "dpo"
        self.form.setRowVisible(self.pairs, dpo)
        self.changed.emit()

    def set_algo(self, algo: str) -> None:
        self.algo.setCurrentIndex(self.algo.findData(algo))

    def overrides(self) -> list[str]:
        """The settings as ``rl.KEY=VALUE`` items, as ``--set`` takes them."""
        return [f"rl.{key}={value}" for key, value in self.settings.values().items()]

    def config(self) -> RLConfig:
        return RLConfig().with_overrides(self.overrides())

    def problem(self) -> str:
        """Why a run cannot start with this form ("" when it can)."""
        if self.start_run.count() == 0:
            return self.tr("There is no trained language-model run yet: train one in the Language model tab "
                           "first.")
        algo = self.algo.currentData()
        if algo == "dpo" and self.pairs.count() == 0:
            return self.tr("DPO learns from preference pairs and the project has none: generate or import pairs "
                           "in the Label panel, or use GRPO.")
        if algo == "dpo" and not self.pair_counts.get(self.pairs.currentData(), 0):
            return self.tr("No pair of '{name}' is answered yet: label them in the Label panel (A, B or tie) "
                           "first.").format(name=self.pairs.currentData())
        reason = self.reward.problem(algo)
        if reason:
            return reason
        try:
            self.config()
        except StudioError as exc:
            return sentence(str(exc))
        return ""

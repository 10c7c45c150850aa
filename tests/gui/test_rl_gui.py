"""Reinforcement learning in the app, as a person does it (issue #13): answer preference pairs with
keys in the Label view, train a reward model from the Train panel's Reinforcement tab, then run a
short GRPO policy run rewarded by it and watch the reward curve and the samples update; the
finished run then redraws from the database and adds its points to the reward-vs-KL plot."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QLineEdit, QSpinBox, QTabWidget

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "core"))

from classify_helpers import BAD, GOOD, reviews  # noqa: E402

from llmstudio.core.project import Project  # noqa: E402
from llmstudio.core.rl.events import PolicySamples, PolicyStepLogged  # noqa: E402
from llmstudio.core.runs import list_runs, metric_series  # noqa: E402

LM = ["model.n_layer=1", "model.n_head=2", "model.d_model=32", "model.context_length=32", "train.batch_size=8",
      "train.max_steps=30", "train.eval_interval=15", "train.eval_batches=1", "train.checkpoint_interval=15",
      "train.threads=1", "train.warmup_steps=2", "train.lr=0.005"]
REWARD = ("reward.epochs=0 reward.max_length=32 train.max_steps=24 train.batch_size=8 train.eval_interval=8 "
          "train.threads=1 train.lr=0.003")
POLICY = {"max_steps": 6, "group_size": 2, "prompts_per_step": 2, "max_new_tokens": 6, "eval_prompts": 4,
          "eval_samples": 1, "eval_every": 3, "sample_every": 3, "sample_prompts": 2, "checkpoint_every": 3,
          "prompt_tokens": 4, "threads": 1}


def _project(folder: Path) -> int:
    """Reviews imported, cleaned and tokenized, a tiny language model trained on them, and 24 pairs to answer.

    The pairs are typed in (as ``llmstudio pairs import`` would store them): one completion praises the
    film, the other pans it, in alternating order."""
    from llmstudio.core.cleaning import preset, run_recipe
    from llmstudio.core.labels.pairs import add_pairs
    from llmstudio.core.sources.importer import import_paths
    from llmstudio.core.tokenizer import TokenizerSettings, train_tokenizer
    from llmstudio.core.training.config import RunConfig
    from llmstudio.core.training.trainer import create_run, train_run

    data = folder.parent / "reviews.jsonl"
    data.write_text("".join(json.dumps({"text": r["text"]}) + "\n" for r in reviews(160, seed=5)), encoding="utf-8")
    with Project.create(folder) as project:
        import_paths(project, [data])
        run_recipe(project, preset("Minimal"))
        train_tokenizer(project, TokenizerSettings(vocab_size=120))
        config = RunConfig().with_overrides(LM)
        run_id = create_run(project, config)
        train_run(project, run_id, device="cpu")
        pairs = []
        for i in range(24):
            good, bad = f"the film was {GOOD[i % 8]}", f"the film was {BAD[(i * 3) % 8]}"
            pairs.append((f"Review {i}:", good, bad) if i % 2 else (f"Review {i}:", bad, good))
        add_pairs(project, "preferences", pairs, source="typed")
        return run_id


def _set(form, name: str, value: int) -> None:
    editor = form.editor(name)
    if isinstance(editor, QSpinBox):
        editor.setValue(value)
    else:
        assert isinstance(editor, QLineEdit)
        editor.setText(str(value))
        editor.editingFinished.emit()


def _start_grpo(qtbot, tab, lm_run: int) -> list[object]:
    """Fill the form for a tiny GRPO run, press Start, wait for the end; returns the events the tab saw."""
    setup = tab.setup
    setup.set_algo("grpo")
    setup.start_run.setCurrentIndex(setup.start_run.findData(lm_run))
    for name, value in POLICY.items():
        _set(setup.settings, name, value)
    assert tab.reason.text() == "" and tab.start_button.isEnabled(), tab.reason.text()
    seen: list[object] = []
    original = tab._on_event

    def watch(event: object) -> None:
        seen.append(event)
        original(event)

    tab._on_event = watch
    qtbot.mouseClick(tab.start_button, Qt.MouseButton.LeftButton)
    assert not tab.start_button.isEnabled() and tab.stop_button.isEnabled()
    qtbot.waitUntil(lambda: tab.live.point_count("reward", "mean") >= 2, timeout=300_000)
    qtbot.waitUntil(lambda: tab.job is None, timeout=300_000)
    return seen


def _check_policy_run(tab, project: Project, seen: list[object]) -> int:
    policies = list_runs(project, kind="policy")
    assert len(policies) == 1 and policies[0].status == "completed", tab.status.text()
    run_id = policies[0].id
    assert [e.step for e in seen if isinstance(e, PolicyStepLogged)] == list(range(1, 7))
    assert tab.live.point_count("reward", "mean") == 6 and tab.live.point_count("kl", "kl") == 6
    assert any(isinstance(e, PolicySamples) for e in seen)
    assert tab.live.samples.table.rowCount() == 2 and tab.live.samples.step == 6
    assert "held-out reward" in tab.status.text()
    assert tab.runs.selected_run() == run_id
    assert tab.frontier.point_count(run_id) == len(metric_series(project, run_id, "eval_kl")) > 0
    tab.live.clear()  # selected later, the finished run redraws the same curves from the database
    tab.show_run(run_id)
    assert tab.live.point_count("reward", "mean") == 6 and tab.live.samples.table.rowCount() == 2
    return run_id


def _reinforcement_tab(window):
    window.show_panel("train")
    panel = window.panels["train"]
    panel.findChild(QTabWidget, "trainKinds").setCurrentWidget(panel.rl)
    return panel.rl


def test_a_policy_run_from_the_gui_with_a_rule_reward(qtbot, window, tmp_path: Path, screenshot_dir: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    lm_run = _project(tmp_path / "p")
    rule = tmp_path / "positive.toml"
    rule.write_text("[keywords]\n" + "".join(f"{w} = 1.0\n" for w in GOOD) + "".join(f"{w} = -1.0\n" for w in BAD),
                    encoding="utf-8")
    assert window.open_project(tmp_path / "p")
    tab = _reinforcement_tab(window)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(rule), "")))
    tab.setup.reward.kind.setCurrentIndex(tab.setup.reward.kind.findData("rule"))
    tab.setup.reward.choose.click()
    seen = _start_grpo(qtbot, tab, lm_run)
    _check_policy_run(tab, window.project, seen)
    window.grab().save(str(screenshot_dir / "rl_policy_run.png"))


@pytest.mark.skipif(importlib.util.find_spec("llmstudio.core.rl.reward_train") is None,
                    reason="reward-model runs are not on this branch yet")
def test_label_pairs_train_a_reward_model_and_a_policy_from_the_gui(qtbot, window, tmp_path: Path,
                                                                     screenshot_dir: Path) -> None:
    lm_run = _project(tmp_path / "p")
    assert window.open_project(tmp_path / "p")
    project = window.project

    # 1. Answer the pairs with one key each (A or B: the completion that praises the film), one undo.
    label = window.panels["label"]
    window.show_panel("label")
    label.annotator.setText("tester")
    label.schema_box.setCurrentIndex(label.schema_box.findData("preferences"))
    qtbot.mouseClick(label.start_button, Qt.MouseButton.LeftButton)
    view = label.pairs
    for n in range(24):
        prompt = view.prompt_view.toPlainText()
        right = Qt.Key.Key_A if any(word in view.a_view.toPlainText() for word in GOOD) else Qt.Key.Key_B
        if n == 3:  # a slip, undone at once: the same pair comes back
            qtbot.keyClick(view.prompt_view, Qt.Key.Key_B if right == Qt.Key.Key_A else Qt.Key.Key_A)
            qtbot.keyClick(view.prompt_view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
            assert view.prompt_view.toPlainText() == prompt
        qtbot.keyClick(view.prompt_view, right)
    from llmstudio.core.labels.pairs import preference_pairs

    answered = preference_pairs(project, "preferences")
    assert len(answered) == 24 and all(any(w in p.chosen for w in GOOD) for p in answered)

    # 2. Train a reward model from the Reinforcement tab.
    tab = _reinforcement_tab(window)
    section = tab.reward_model
    tab.sides.setCurrentIndex(2)
    assert not section.empty.isVisibleTo(section)
    section.pairs.setCurrentIndex(section.pairs.findData("preferences"))
    section.from_run.setCurrentIndex(section.from_run.findData(lm_run))
    section.extra.setText(REWARD)
    qtbot.waitUntil(section.start_button.isEnabled, timeout=10_000)  # the Label panel reports its answers
    qtbot.mouseClick(section.start_button, Qt.MouseButton.LeftButton)
    assert tab.views.currentWidget() is section.plot  # the reward model's curve comes to the front
    qtbot.waitUntil(lambda: section.job is None, timeout=300_000)
    rewards = list_runs(project, kind="reward")
    assert len(rewards) == 1 and rewards[0].status == "completed", section.status.text()
    assert section.plot.point_count("bt_loss") > 0 and section.plot.point_count("pair_accuracy") > 0
    assert "pair accuracy" in section.status.text()

    # 3. A short GRPO run rewarded by that reward model; the curve and the samples update while it runs.
    tab.setup.reward.set_reward_run(rewards[0].id)
    seen = _start_grpo(qtbot, tab, lm_run)
    _check_policy_run(tab, project, seen)
    window.grab().save(str(screenshot_dir / "rl_reward_model_policy_run.png"))


def test_stop_a_policy_run_then_resume_it_from_its_checkpoint(qtbot, window, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """Stop a rule-rewarded GRPO run after step 4, press Resume selected: it continues from the checkpoint
    the stop saved (step 5 onwards, no step trained twice) and finishes."""
    import threading

    from llmstudio.core.runs import get_run
    from llmstudio.gui.panels.train import rl_tab

    pressed = threading.Event()  # the job waits after step 4 until Stop was pressed (a busy GUI sees events late)
    train_policy = rl_tab._train_policy

    def waiting_for_stop(*args: object, on_event, **kwargs: object) -> object:
        def relay(event: object) -> None:
            on_event(event)
            if isinstance(event, PolicyStepLogged) and event.step == 4:
                pressed.wait(120)
        return train_policy(*args, on_event=relay, **kwargs)

    monkeypatch.setattr(rl_tab, "_train_policy", waiting_for_stop)

    lm_run = _project(tmp_path / "p")
    rule = tmp_path / "positive.toml"
    rule.write_text("[keywords]\n" + "".join(f"{w} = 1.0\n" for w in GOOD), encoding="utf-8")
    assert window.open_project(tmp_path / "p")
    tab = _reinforcement_tab(window)
    setup = tab.setup
    setup.set_algo("grpo")
    setup.start_run.setCurrentIndex(setup.start_run.findData(lm_run))
    setup.reward.set_rule(rule)
    for name, value in {**POLICY, "max_steps": 10}.items():
        _set(setup.settings, name, value)
    assert tab.reason.text() == "" and tab.start_button.isEnabled(), tab.reason.text()
    steps: list[int] = []
    original = tab._on_event

    def watch(event: object) -> None:
        if isinstance(event, PolicyStepLogged):
            steps.append(event.step)
            if event.step == 4 and not pressed.is_set():  # the person presses Stop here
                qtbot.mouseClick(tab.stop_button, Qt.MouseButton.LeftButton)
                pressed.set()
        original(event)

    tab._on_event = watch
    qtbot.mouseClick(tab.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.job is None, timeout=300_000)
    (policy,) = list_runs(window.project, kind="policy")
    stopped = get_run(window.project, policy.id)
    assert stopped.status == "cancelled" and stopped.step == 4, (stopped.status, stopped.step, tab.status.text())
    assert steps == list(range(1, stopped.step + 1))
    assert tab.runs.selected_run() == policy.id and tab.resume_button.isEnabled()

    steps.clear()
    qtbot.mouseClick(tab.resume_button, Qt.MouseButton.LeftButton)
    assert not tab.resume_button.isEnabled() and tab.stop_button.isEnabled()
    qtbot.waitUntil(lambda: tab.job is None, timeout=300_000)
    finished = get_run(window.project, policy.id)
    assert finished.status == "completed" and finished.step == 10, (finished.status, tab.status.text())
    assert steps == list(range(stopped.step + 1, 11))  # from the checkpoint on: nothing trained twice
    assert len(list_runs(window.project, kind="policy")) == 1  # the same run continued, no new one
    rewards = [step for step, _ in metric_series(window.project, policy.id, "reward_mean")]
    assert rewards == list(range(1, 11))
    assert tab.live.point_count("reward", "mean") == 10  # its history redrawn, then the new steps

"""The Reinforcement tab's live view as a policy run feeds it: the reward curve with its spread,
KL, loss and DPO accuracy follow the trainer's events, the samples table shows the policy beside
the reference, and a finished run (and the runs sharing its reference) redraws from the database."""

from __future__ import annotations

import math

from llmstudio.core.project import Project
from llmstudio.core.rl.events import PolicyEvalLogged, PolicySamples, PolicyStepLogged
from llmstudio.core.runs import add_run, append_metrics, update_run
from llmstudio.gui.panels.train.rl_frontier import FrontierView, frontier_points, run_caption, same_reference
from llmstudio.gui.panels.train.rl_live import PolicyLiveView
from llmstudio.gui.panels.train.rl_runs import PolicyRunsTable


def _grpo_steps(run_id: int, steps: int) -> list[PolicyStepLogged]:
    return [PolicyStepLogged(run_id, s, steps, "grpo", policy_loss=-0.01 * s, kl=0.002 * s,
                             reward_mean=0.2 + 0.01 * s, reward_std=0.1) for s in range(1, steps + 1)]


def test_grpo_events_draw_reward_band_kl_loss_and_samples(qtbot) -> None:
    view = PolicyLiveView()
    qtbot.addWidget(view)
    for event in _grpo_steps(3, 12):
        assert view.show_event(event)
    view.show_event(PolicyEvalLogged(3, 10, eval_reward=0.35, eval_kl=0.02))
    assert view.point_count("reward", "mean") == 12
    assert view.point_count("reward", "low") == view.point_count("reward", "high") == 12
    assert view.point_count("kl", "kl") == view.point_count("loss", "loss") == 12
    assert view.point_count("reward", "held-out") == view.point_count("kl", "held-out") == 1
    assert view.point_count("reward", "chosen") == 0 and view.accuracy.isHidden()  # DPO-only figures
    assert "0.320 ± 0.100" in view.summary.text() and "12 / 12" in view.summary.text()
    assert not view.show_event(object())

    view.show_event(PolicySamples(3, 10, ("The film was", "I thought"), ("great fun", "it was lovely"),
                                  ("dull", "bad"), (0.91, 0.84), (0.12, 0.05)))
    table = view.samples.table
    assert table.rowCount() == 2
    assert [table.item(0, c).text() for c in range(5)] == ["The film was", "great fun", "0.910", "dull", "0.120"]
    assert view.samples.step == 10 and "step 10" in view.samples.caption.text()
    view.show_event(PolicySamples(3, 20, ("Tonight",), ("a joy",), ("meh",), (0.8,), (0.3,)))
    assert table.rowCount() == 1 and table.item(0, 1).text() == "a joy"  # the latest samples replace the old


def test_dpo_events_show_chosen_rejected_margin_and_accuracy(qtbot) -> None:
    view = PolicyLiveView()
    qtbot.addWidget(view)
    for s in range(1, 6):
        view.show_event(PolicyStepLogged(4, s, 5, "dpo", policy_loss=0.69 - 0.05 * s, kl=0.01 * s,
                                         dpo_accuracy=0.5 + 0.08 * s, dpo_margin=0.1 * s, chosen_reward=0.05 * s,
                                         rejected_reward=-0.05 * s))
    assert view.algo == "dpo" and not view.accuracy.isHidden()
    assert view.point_count("accuracy", "accuracy") == 5
    assert view.point_count("reward", "chosen") == view.point_count("reward", "margin") == 5
    assert view.point_count("reward", "mean") == 0  # no sampled reward in DPO: NaN is not drawn
    assert "accuracy 0.900" in view.summary.text()


def _policy_run(project: Project, start: int, algo: str, kl_coef: float, points: list[tuple[int, float, float]]) -> int:
    run_id = add_run(project, "policy", {"policy": {"algo": algo, "start_run": start, "reward": "rule:r.toml",
                                                    "pairs": ""}, "rl": {"kl_coef": kl_coef, "beta": 0.1}},
                     max_steps=30, parent_run_id=start)
    rows = []
    for step in range(1, 31):
        rows += [("reward_mean", step, 0.2 + 0.02 * step), ("reward_std", step, 0.05), ("kl", step, 0.001 * step),
                 ("policy_loss", step, -0.001 * step)]
    rows += [(name, step, value) for step, kl, reward in points
             for name, value in (("eval_kl", kl), ("eval_reward", reward))]
    append_metrics(project, run_id, rows, step=30, status="completed")
    return run_id


def test_a_finished_run_redraws_from_the_database_with_its_frontier(qtbot, new_project: Project) -> None:
    lm = add_run(new_project, "lm", {}, max_steps=10)
    other_lm = add_run(new_project, "lm", {}, max_steps=10)
    first = _policy_run(new_project, lm, "grpo", 0.04, [(10, 0.01, 0.4), (20, 0.03, 0.6), (30, math.nan, 0.7)])
    second = _policy_run(new_project, lm, "grpo", 0.2, [(10, 0.005, 0.3), (30, 0.01, 0.45)])
    elsewhere = _policy_run(new_project, other_lm, "grpo", 0.04, [(10, 0.5, 0.9)])
    update_run(new_project, second, status="cancelled", message="stopped by the user")

    assert frontier_points(new_project, first) == [(0.01, 0.4), (0.03, 0.6)]  # a NaN KL is no point
    assert same_reference(new_project, first) == [first, second]
    assert run_caption(new_project, second) == f"run {second}: GRPO, kl_coef 0.2"

    view = PolicyLiveView()
    qtbot.addWidget(view)
    view.load_run(new_project, first, "grpo")
    assert view.point_count("reward", "mean") == view.point_count("kl", "kl") == 30
    assert view.point_count("reward", "held-out") == view.point_count("kl", "held-out") == 3  # NaN: a gap
    assert f"Run {first} (GRPO)" in view.summary.text()

    frontier = FrontierView()
    qtbot.addWidget(frontier)
    frontier.show_run(new_project, first)
    assert frontier.runs == [first, second]  # the run from another reference is not overlaid
    assert frontier.point_count(first) == 2 and frontier.point_count(second) == 2
    assert frontier.point_count(elsewhere) == 0
    frontier.add_point(first, 0.05, 0.8)  # a live checkpoint joins its run's points
    assert frontier.point_count(first) == 3

    table = PolicyRunsTable()
    qtbot.addWidget(table)
    table.fill(new_project)
    assert table.rowCount() == 3 and table.item(0, 0).text() == str(elsewhere)  # newest first
    table.select_run(second)
    assert table.selected_run() == second and table.selected_status() == "cancelled"
    assert table.selected_algo() == "grpo"
    row = [table.item(1, c).text() for c in range(table.columnCount())]
    assert row[1] == "GRPO" and row[2] == str(lm) and row[6] == "0.450" and row[8] == "Stopped by the user."

"""What a policy run leaves in its folder and metrics, read back without torch.

The Train panel's Reinforcement tab and the CLI import this module at module level:

    policy_samples(project, run_id) -> [PolicySamples]     every set of samples, by step
    frontier(project, run_ids) -> [(run_id, step, eval_kl, eval_reward)]
    policy_state(project, run_id) -> PolicyState            reward_start, reward_end, kl_end

Samples are appended to ``samples.jsonl`` as the run writes them (one JSON object per line;
a line cut short by a kill is skipped when read). A resumed run drops the sets written after
its checkpoint, so the file matches the metrics. ``policy.json`` holds the run's summary
figures, written atomically.
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

from llmstudio.core.atomic import write_text_atomic
from llmstudio.core.project import Project
from llmstudio.core.rl.events import PolicySamples
from llmstudio.core.runs import get_run, metric_series, run_folder

log = logging.getLogger(__name__)

SAMPLES_FILE = "samples.jsonl"
STATE_FILE = "policy.json"

FrontierRow = tuple[int, int, float, float]  # run_id, step, eval_kl, eval_reward


@dataclass
class PolicyState:
    """A policy run's summary figures (NaN until known)."""

    reward_start: float = math.nan  # the reference's mean reward on the held-out prompts
    reward_end: float = math.nan  # the policy's, at the last evaluation
    kl_end: float = math.nan  # KL to the reference at the last evaluation (nats per completion)
    reward_name: str = ""

    def to_json(self) -> str:
        return json.dumps({k: (None if isinstance(v, float) and not math.isfinite(v) else v)
                           for k, v in asdict(self).items()}, indent=2)


def _folder(project: Project, run_id: int) -> Path:
    return run_folder(project, get_run(project, run_id, kind="policy"))


def policy_state(project: Project, run_id: int) -> PolicyState:
    path = _folder(project, run_id) / STATE_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return PolicyState()
    return PolicyState(**{k: (math.nan if data.get(k) is None else data[k])
                          for k in ("reward_start", "reward_end", "kl_end")},
                       reward_name=str(data.get("reward_name") or ""))


def write_state(folder: Path, state: PolicyState) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    write_text_atomic(folder / STATE_FILE, state.to_json())


def _finite(values: Iterable[float]) -> list[float | None]:
    return [float(v) if math.isfinite(v) else None for v in values]


def append_samples(folder: Path, samples: PolicySamples) -> None:
    """Add one set of samples to ``samples.jsonl``."""
    record = {"step": samples.step, "prompts": list(samples.prompts), "policy": list(samples.policy),
              "reference": list(samples.reference), "policy_rewards": _finite(samples.policy_rewards),
              "reference_rewards": _finite(samples.reference_rewards)}
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / SAMPLES_FILE, "a", encoding="utf-8") as handle:
        handle.write(json.dumps(record) + "\n")


def _read_samples(path: Path, run_id: int) -> list[PolicySamples]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return []
    found = []
    for line in lines:
        try:
            r = json.loads(line)
            found.append(PolicySamples(
                run_id, int(r["step"]), tuple(r["prompts"]), tuple(r["policy"]), tuple(r["reference"]),
                tuple(math.nan if v is None else float(v) for v in r.get("policy_rewards", [])),
                tuple(math.nan if v is None else float(v) for v in r.get("reference_rewards", []))))
        except (ValueError, KeyError, TypeError):
            log.warning("%s: skipped a damaged line", path)
    return found


def policy_samples(project: Project, run_id: int) -> list[PolicySamples]:
    """Every set of samples the policy run wrote, by step."""
    return sorted(_read_samples(_folder(project, run_id) / SAMPLES_FILE, run_id), key=lambda s: s.step)


def truncate_samples(folder: Path, run_id: int, step: int) -> None:
    """Drop the sets written after ``step`` (a resume from the checkpoint at ``step``)."""
    path = folder / SAMPLES_FILE
    kept = [s for s in _read_samples(path, run_id) if s.step <= step]
    if not path.exists():
        return
    write_text_atomic(path, "")
    for samples in kept:
        append_samples(folder, samples)


def frontier(project: Project, run_ids: Iterable[int]) -> list[FrontierRow]:
    """(run_id, step, eval_kl, eval_reward) of every evaluation of the runs: the reward-vs-KL scatter."""
    rows: list[FrontierRow] = []
    for run_id in run_ids:
        kls = dict(metric_series(project, run_id, "eval_kl"))
        for step, reward in metric_series(project, run_id, "eval_reward"):
            if step in kls:
                rows.append((run_id, step, kls[step], reward))
    return rows

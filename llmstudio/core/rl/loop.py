"""The loop of a policy run: steps, evaluations, samples, checkpoints, and how the run ends.

A fresh run first scores the reference on the held-out prompts (``reward_start``; the
frontier's point at KL 0), shows its samples, and saves a checkpoint at step 0, so a run
that diverges at once still keeps a good one. Then each step is a GRPO or DPO update; every
``rl.eval_every`` steps and at every checkpoint the policy is scored on the held-out prompts
(``PolicyEvalLogged``, metrics ``eval_reward`` and ``eval_kl``), every ``rl.sample_every``
steps a few of its completions are shown beside the reference's (``PolicySamples``, also in
``samples.jsonl``). The run ends with exactly one status: completed; cancelled (a checkpoint
is saved, resume continues exactly); or failed: a NaN loss or reward, or a KL above
``rl.max_kl``, stops it without saving the diverged weights, naming the cause and the fix.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch

from llmstudio.core.errors import JobCancelled, StudioError
from llmstudio.core.evaluation.loading import LoadedRun
from llmstudio.core.jobs import CancelToken, Progress
from llmstudio.core.project import Project, utc_now
from llmstudio.core.rl.config import PolicyRunConfig, PolicySpec, RLConfig
from llmstudio.core.rl.events import PolicyEvalLogged, PolicySamples, PolicyStepLogged
from llmstudio.core.rl.pairs_data import EncodedPair
from llmstudio.core.rl.prompts import PromptSet
from llmstudio.core.rl.rewards import Reward
from llmstudio.core.rl.session import Completions, PolicyDiverged, PolicySession, divergence_advice
from llmstudio.core.rl.store import append_samples, policy_state, truncate_samples, write_state
from llmstudio.core.runs import MetricWriter, RunSummary, get_run
from llmstudio.core.runs.metrics import write_retrying
from llmstudio.core.runs.store import update_run
from llmstudio.core.training import checkpoint as ckpt

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PolicyResult:
    run_id: int
    algo: str
    steps: int
    reward_start: float  # mean reward of the reference's completions on the held-out prompts
    reward_end: float  # the final policy's, on the same prompts with the same seed
    kl_end: float  # the final policy's KL to the reference there (nats per completion)
    status: str  # completed | cancelled | failed
    message: str


@dataclass
class Prepared:
    """Everything a session needs, loaded and checked."""

    spec: PolicySpec
    config: RLConfig
    start: RunSummary
    policy: LoadedRun
    reference: LoadedRun
    reward: Reward | None
    prompts: PromptSet
    pairs: list[tuple[str, str, str]]
    encoded: list[EncodedPair]


class PolicyLoop:
    def __init__(self, project: Project, run_id: int, folder: Path, prepared: Prepared, session: PolicySession,
                 emit: Callable[[object], None], progress: Progress, cancel: CancelToken,
                 ref_chosen: torch.Tensor | None, ref_rejected: torch.Tensor | None) -> None:
        self.project, self.run_id, self.folder, self.prep = project, run_id, folder, prepared
        self.session, self.emit, self.progress, self.cancel = session, emit, progress, cancel
        self.ref_chosen, self.ref_rejected = ref_chosen, ref_rejected
        self.config = prepared.config
        self.algo = prepared.spec.algo
        self.metrics = MetricWriter(project, run_id)
        self.state = policy_state(project, run_id)
        self.state.reward_name = prepared.spec.reward
        self.step = 0
        self.saved_step = -1
        self.last_loss: float | None = None
        self.reference_samples: Completions | None = None
        self.evaluating = False  # a divergence found by an evaluation is the last step's, not the next one's

    # ------------------------------------------------------------------ the run
    def run(self) -> PolicyResult:
        c = self.config
        try:
            found = self._resume_point()
            write_retrying(lambda: update_run(self.project, self.run_id, status="running", device=str(self.session.device),
                                              max_steps=c.max_steps, message=None, finished_at=None,
                                              started_at=get_run(self.project, self.run_id).started_at or utc_now()),
                           what=f"start of run {self.run_id}")
            if found is None:
                self._begin()
            elif self.step >= c.max_steps:
                return self._finish("completed", f"already trained {self.step} of {c.max_steps} steps; nothing to do "
                                    "(raise rl.max_steps to train longer)")
            started, first = time.perf_counter(), self.step
            while self.step < c.max_steps:
                self.cancel.raise_if_cancelled()
                figures = self._one_step()
                self.step += 1
                elapsed = time.perf_counter() - started
                eta = elapsed / max(1, self.step - first) * (c.max_steps - self.step)
                self._log_step(figures, elapsed, eta)
                at_checkpoint = self.step % c.checkpoint_every == 0 or self.step == c.max_steps
                if self.step % c.eval_every == 0 or at_checkpoint:
                    self._evaluate()
                if self.step % c.sample_every == 0:
                    self._samples()
                if at_checkpoint:
                    self._save()
            return self._finish("completed", self._summary(f"trained {self.step} steps"))
        except JobCancelled:
            if self.saved_step != self.step:
                self._evaluate()
                self._save()
            return self._finish("cancelled", self._summary(f"stopped at step {self.step}; resume to continue"))
        except PolicyDiverged as exc:
            where = (f"the last good checkpoint (step {self.saved_step}) is kept" if self.saved_step >= 0
                     else "no checkpoint was saved")
            bad = self.step if self.evaluating else self.step + 1
            return self._finish("failed", f"the run diverged at step {bad}: {exc}; {where}; "
                                f"{divergence_advice(self.config)} (llmstudio rl DIR --resume {self.run_id} "
                                f"--set rl.lr={self.config.lr / 2:g})")
        except BaseException as exc:
            message = str(exc) if isinstance(exc, StudioError) else f"policy training failed: {type(exc).__name__}: {exc}"
            self._finish("failed", message)
            if isinstance(exc, StudioError):
                raise
            raise StudioError(message) from exc

    def _resume_point(self) -> ckpt.Checkpoint | None:
        if not (self.folder / ckpt.LATEST).is_file():
            return None
        found = ckpt.find_checkpoint(self.folder)
        ckpt.load_weights(found, self.session.policy, self.session.device)
        self.session.optimizer.load_state_dict(ckpt.load_optimizer_state(found))
        self.session.load_rng_state(ckpt.load_rng_state(found))
        self.step = self.saved_step = found.step
        self.last_loss = found.meta.get("policy_loss")
        truncate_samples(self.folder, self.run_id, self.step)
        self.reference_samples = self.session.samples(self.prep.prompts.held_out, self.session.reference)
        log.info("policy run %d resumes at step %d", self.run_id, self.step)
        return found

    def _begin(self) -> None:
        """Score the reference (the frontier's origin), show its samples, save step 0."""
        self.progress(0.0, "scoring the reference model on the held-out prompts")
        reference = self.session.evaluate(self.prep.prompts.held_out, self.session.reference)
        self.state.reward_start = reference.reward
        self._record_eval(reference.reward, 0.0)
        self.reference_samples = self.session.samples(self.prep.prompts.held_out, self.session.reference)
        self._samples()
        self._save()

    def _one_step(self) -> dict[str, float]:
        if self.algo == "grpo":
            return self.session.grpo_step(self.step, self.prep.prompts.train)
        assert self.ref_chosen is not None and self.ref_rejected is not None
        return self.session.dpo_step(self.step, self.prep.encoded, self.ref_chosen, self.ref_rejected)

    # ------------------------------------------------------------------ reporting
    def _log_step(self, figures: dict[str, float], elapsed: float, eta: float) -> None:
        lr = self.session.lr_at(self.step - 1)
        self.last_loss = figures["policy_loss"]
        self.metrics.add(self.step, lr=lr, **{k: v for k, v in figures.items()
                                               if not (k == "kl" and math.isnan(v))})
        event = PolicyStepLogged(self.run_id, self.step, self.config.max_steps, self.algo, figures["policy_loss"],
                                 figures.get("kl", math.nan), figures.get("reward_mean", math.nan),
                                 figures.get("reward_std", math.nan), figures.get("dpo_accuracy", math.nan),
                                 figures.get("dpo_margin", math.nan), figures.get("chosen_reward", math.nan),
                                 figures.get("rejected_reward", math.nan), lr, elapsed, eta)
        self.emit(event)
        shown = (f"reward {figures['reward_mean']:.3f}" if self.algo == "grpo"
                 else f"accuracy {figures['dpo_accuracy']:.2f}")
        self.progress(self.step / self.config.max_steps,
                      f"step {self.step}/{self.config.max_steps} loss {figures['policy_loss']:.4f} {shown}")
        self.metrics.flush(step=self.step, train_loss=figures["policy_loss"])

    def _evaluate(self) -> None:
        self.evaluating = True
        result = self.session.evaluate(self.prep.prompts.held_out)
        if not math.isfinite(result.kl) or (self.session.reward is not None and not math.isfinite(result.reward)):
            raise PolicyDiverged(f"the held-out reward or KL became NaN (reward {result.reward}, KL {result.kl})")
        if self.config.max_kl and result.kl_per_token > self.config.max_kl:
            raise PolicyDiverged(f"the KL to the reference on the held-out prompts reached "
                                 f"{result.kl_per_token:.3g} nats per token, above rl.max_kl ({self.config.max_kl:g})")
        self.state.reward_end, self.state.kl_end = result.reward, result.kl
        self._record_eval(result.reward, result.kl)
        self.evaluating = False

    def _record_eval(self, reward: float, kl: float) -> None:
        self.metrics.add(self.step, eval_reward=reward, eval_kl=kl)
        self.emit(PolicyEvalLogged(self.run_id, self.step, reward, kl))
        write_state(self.folder, self.state)
        self.metrics.flush(step=self.step)

    def _samples(self) -> None:
        assert self.reference_samples is not None
        mine, ref = self.session.samples(self.prep.prompts.held_out), self.reference_samples
        samples = PolicySamples(self.run_id, self.step, tuple(p.text for p in mine.prompts), tuple(mine.texts),
                                tuple(ref.texts), tuple(float(r) for r in mine.rewards),
                                tuple(float(r) for r in ref.rewards))
        append_samples(self.folder, samples)
        self.emit(samples)

    def _save(self) -> None:
        session = self.session
        meta: dict[str, Any] = {"run_id": self.run_id, "kind": "policy", "algo": self.algo,
                                "config": PolicyRunConfig(self.prep.spec, self.config).to_dict(),
                                "start_run": self.prep.start.id, "policy_loss": self.last_loss,
                                "saved_at": utc_now()}
        ckpt.save_checkpoint(self.folder, self.step, session.policy.state_dict(), session.optimizer.state_dict(),
                             session.rng_state(), meta, keep_last=self.config.keep_last)
        self.saved_step = self.step

    # ------------------------------------------------------------------ endings
    def _summary(self, head: str) -> str:
        s = self.state
        if math.isnan(s.reward_start) and math.isnan(s.reward_end):
            return head
        figures = f"held-out reward {s.reward_start:.3f} -> {s.reward_end:.3f} at KL {s.kl_end:.2f}"
        return f"{head}; {figures}"  # parts joined by '; ', each a wording of its own (the GUI translates each)

    def _finish(self, status: str, message: str) -> PolicyResult:
        try:
            self.metrics.flush(final=True, status=status, message=message, step=self.step,
                               train_loss=self.last_loss, finished_at=utc_now())
        except Exception:  # the database itself failed; nothing more we can record
            log.exception("could not record the end of policy run %d", self.run_id)
        self.progress(1.0, message)
        s = self.state
        return PolicyResult(self.run_id, self.algo, self.step, s.reward_start, s.reward_end, s.kl_end, status, message)

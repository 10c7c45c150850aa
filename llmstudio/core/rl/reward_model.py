"""A trained reward-model run, loaded once, scoring texts: the ``reward:RUN_ID`` reward source.

The policy trainer passes the full text of each sample (prompt + completion, decoded), as
the reward model was trained on ``reward_config.pair_text(prompt, completion)``. Texts are
re-tokenized with the reward run's own tokenizer, so a policy with another tokenizer is
fine. The best checkpoint (held-out pair accuracy) is used.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import torch

from llmstudio.core.classify.batches import encode_documents
from llmstudio.core.errors import StudioError
from llmstudio.core.model.build import model_config_for
from llmstudio.core.model.reward import GPTReward
from llmstudio.core.project import Project
from llmstudio.core.rl.reward_runs import RewardRunConfig, reward_run
from llmstudio.core.runs import run_config, run_folder
from llmstudio.core.text_tokenizer import load_text_tokenizer
from llmstudio.core.training import checkpoint as ckpt
from llmstudio.core.training.device import resolve_device

SCORE_BATCH = 64


class RewardModel:
    """Scores decoded texts with a reward run's best checkpoint, one float per text."""

    def __init__(self, project: Project, run_id: int, device: str = "auto") -> None:
        run = reward_run(project, run_id)
        folder = run_folder(project, run)
        if not (folder / ckpt.LATEST).is_file() and not any(folder.glob("step-*")):
            raise StudioError(f"reward run {run_id} has no checkpoint (it is {run.status}); train it first with "
                              "'llmstudio reward train DIR'")
        self.run_id = run.id
        self.name = f"reward:{run.id}"
        self.tokenizer_id = run.tokenizer_id
        self.config = RewardRunConfig.from_dict(run_config(project, run.id))
        tokenizer = project.tokenizer(run.tokenizer_id)
        self.processor = load_text_tokenizer(project, tokenizer)
        self.device = resolve_device(device)
        self.model = GPTReward(model_config_for(self.config.model, tokenizer))
        ckpt.load_weights(ckpt.find_checkpoint(folder, "best"), self.model, self.device)
        self.model.to(self.device).eval()

    @torch.no_grad()
    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros(0, dtype=np.float64)
        r = self.config.reward
        scores: list[np.ndarray] = []
        for start in range(0, len(texts), SCORE_BATCH):
            tokens, lengths = encode_documents(self.processor, list(texts[start:start + SCORE_BATCH]), r.max_length,
                                               r.truncation)
            width = int(lengths.max())
            idx = torch.from_numpy(tokens[:, :width]).to(self.device)
            scores.append(self.model.score(idx, torch.from_numpy(lengths).to(self.device)).cpu().numpy())
        return np.concatenate(scores).astype(np.float64)

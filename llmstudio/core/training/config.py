"""Training configuration, presets and ``section.key=value`` overrides.

A run's configuration has two sections, ``model`` and ``train``, and reads from TOML
files, presets (data files in ``resources/presets``) and command-line overrides, in that
order. Every error names the user-facing key. This module does not import torch.
"""

from __future__ import annotations

import dataclasses
import tomllib
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal, get_args

from llmstudio.core.errors import ConfigError
from llmstudio.core.model.config import ModelConfig
from llmstudio.core.settings import build_settings as _build
from llmstudio.core.settings import setting
from llmstudio.resources import resource_path

Schedule = Literal["cosine", "linear", "constant", "wsd"]
Precision = Literal["auto", "fp32", "bf16", "fp16"]
CompileChoice = Literal["auto", "true", "false"]
ChatTemplateName = Literal["instruction", "chatml", "plain"]  # the templates of core/instruct/templates.py
SCHEDULES: tuple[str, ...] = get_args(Schedule)
PRECISIONS: tuple[str, ...] = get_args(Precision)
COMPILE_CHOICES: tuple[str, ...] = get_args(CompileChoice)
LORA_TARGETS = ("qkv", "proj", "up", "down")  # the projections of a block (model/lora.py names their modules)
LORA_TARGET_GROUPS = {"all": LORA_TARGETS, "attention": ("qkv", "proj"), "attn": ("qkv", "proj"),
                      "mlp": ("up", "down")}


@dataclass(frozen=True)
class TrainConfig:
    """How a run trains. Each field's help is shown as a tooltip in the app and in ``train --help``."""

    batch_size: int = setting(16, "Sequences per optimizer step (per micro-batch when grad_accum > 1).",
                              unit="sequences", minimum=1)
    grad_accum: int = setting(1, "Micro-batches accumulated before each optimizer step.", minimum=1)
    max_steps: int = setting(500, "Optimizer steps to train for (derived from token_budget when that is set).",
                             unit="steps", minimum=1)
    token_budget: int = setting(0, "Train on this many tokens in all (0 = off); when set, max_steps is derived "
                                   "from it.", unit="tokens", minimum=0)
    lr: float = setting(1e-3, "Peak learning rate (after warmup).", minimum=0.0)
    min_lr: float = setting(1e-4, "Learning rate at the end of the decay.", minimum=0.0)
    warmup_steps: int = setting(50, "Steps of linear warmup from 0 to lr.", unit="steps", minimum=0)
    schedule: Schedule = setting("cosine", "Decay after warmup: cosine, linear, constant or wsd "
                                           "(warmup-stable-decay).")
    weight_decay: float = setting(0.1, "AdamW weight decay (not applied to norms, biases and embeddings).",
                                  minimum=0.0)
    beta1: float = setting(0.9, "AdamW beta1.", minimum=0.0, maximum=1.0)
    beta2: float = setting(0.99, "AdamW beta2 (0.99 suits small batches).", minimum=0.0, maximum=1.0)
    eps: float = setting(1e-8, "AdamW epsilon.")
    grad_clip: float = setting(1.0, "Clip the gradient norm to this value (0 = off).", minimum=0.0)
    eval_interval: int = setting(50, "Estimate validation loss every N steps (and at the start and end).",
                                 unit="steps", minimum=1)
    eval_batches: int = setting(10, "Batches averaged for each loss estimate.", minimum=1)
    log_interval: int = setting(10, "Report train loss and speed every N steps, and at every evaluation.", unit="steps",
                              minimum=1)
    checkpoint_interval: int = setting(250, "Save a checkpoint every N steps (and at the end, on stop, and on "
                                            "failure).", unit="steps", minimum=1)
    keep_last: int = setting(2, "How many recent checkpoints to keep on disk.", minimum=1)
    seed: int = setting(1337, "Random seed for initialisation and batch order.")
    precision: Precision = setting("auto", "auto, fp32, bf16 or fp16 (auto: bf16 on CUDA when supported, "
                                           "fp32 on CPU).")
    compile: CompileChoice = setting("auto", "torch.compile the model: auto (on for CUDA, off on CPU and MPS), "
                                             "true or false.")
    threads: int = setting(0, "CPU threads for torch (0 = automatic: half the cores, at least 1). More threads "
                              "only help on idle cores: when other programs are busy, one descheduled thread "
                              "stalls the rest (2 threads on 2 busy cores ran 8-9x slower than 1).",
                           minimum=0)
    early_stop_patience: int = setting(5, "Stop after this many evaluations without a better val loss "
                                          "(0 = never); on by default so an overfitting run ends by itself.",
                                       minimum=0)
    fsdp: bool = setting(False, "Under torchrun, shard weights, gradients and AdamW state across GPUs (FSDP) "
                                "instead of DDP.")
    lora_rank: int = setting(0, "LoRA: rank of the low-rank adapters (0 = off: every weight trains). With a rank, "
                                "the weights are frozen and only the adapters train; export merges them in.",
                             minimum=0)
    lora_alpha: float = setting(16.0, "LoRA: scale of the adapters' update (the update is multiplied by "
                                      "lora_alpha / lora_rank).", minimum=0.0)
    lora_dropout: float = setting(0.0, "LoRA: dropout on the adapters' input during training.",
                                  minimum=0.0, maximum=1.0)
    lora_targets: str = setting("qkv,proj,up,down", "LoRA: the projections that get adapters, comma-separated: "
                                                    "qkv (attention q/k/v), proj (attention output), up (MLP "
                                                    "up/gate), down (MLP down); or all, attention, mlp.")
    instruct: str = setting("", "Instruction tuning: the prompt/response dataset to train on (llmstudio instruct; "
                                "empty = the project's text). Loss is on the response tokens only.")
    chat_template: ChatTemplateName = setting("instruction", "Instruction tuning: how a prompt and its response "
                                                             "become one text: instruction (### Instruction / "
                                                             "### Response), chatml or plain (Question / Answer); "
                                                             "stored with the run and exported as chat_template.")

    def __post_init__(self) -> None:
        def need(condition: bool, message: str) -> None:
            if not condition:
                raise ConfigError(message)

        for name in ("batch_size", "grad_accum", "max_steps", "warmup_steps", "eval_interval",
                     "eval_batches", "log_interval", "checkpoint_interval", "keep_last", "seed",
                     "threads", "early_stop_patience", "token_budget", "lora_rank"):
            value = getattr(self, name)
            need(isinstance(value, int) and not isinstance(value, bool), f"train.{name} must be a whole number, not {value!r}")
        for name in ("batch_size", "grad_accum", "max_steps", "eval_interval", "eval_batches", "log_interval",
                     "checkpoint_interval", "keep_last"):
            need(getattr(self, name) >= 1, f"train.{name} must be at least 1, not {getattr(self, name)}")
        need(self.warmup_steps >= 0, "train.warmup_steps must be >= 0")
        need(self.threads >= 0, "train.threads must be >= 0 (0 = automatic)")
        need(self.lr > 0, f"train.lr must be positive, not {self.lr}")
        need(0 <= self.min_lr <= self.lr, f"train.min_lr must be between 0 and train.lr ({self.lr}), not {self.min_lr}")
        need(0 <= self.beta1 < 1 and 0 <= self.beta2 < 1, "train.beta1 and train.beta2 must be in [0, 1)")
        need(self.weight_decay >= 0, "train.weight_decay must be >= 0")
        need(self.grad_clip >= 0, "train.grad_clip must be >= 0 (0 = off)")
        need(self.schedule in SCHEDULES, f"train.schedule must be one of {', '.join(SCHEDULES)}, not {self.schedule!r}")
        # TOML files and older configs say compile = true/false; keep reading them.
        compile_value: object = self.compile
        if isinstance(compile_value, bool):
            compile_value = "true" if compile_value else "false"
        compile_value = str(compile_value).strip().lower()
        compile_value = {"yes": "true", "on": "true", "1": "true", "no": "false", "off": "false", "0": "false"}.get(
            compile_value, compile_value)
        object.__setattr__(self, "compile", compile_value)
        need(compile_value in COMPILE_CHOICES,
             f"train.compile must be one of {', '.join(COMPILE_CHOICES)}, not {self.compile!r}")
        need(self.lora_rank >= 0, f"train.lora_rank must be >= 0 (0 = off), not {self.lora_rank}")
        need(self.lora_alpha > 0, f"train.lora_alpha must be positive, not {self.lora_alpha}")
        need(0.0 <= self.lora_dropout < 1.0, f"train.lora_dropout must be in [0, 1), not {self.lora_dropout}")
        need(not (self.lora_rank and self.fsdp), "train.lora_rank does not combine with train.fsdp (the adapters are "
                                                 "small; train with DDP): set train.fsdp=false")
        need(bool(self.lora_target_names) or not self.lora_rank,
             "train.lora_targets names no projection; use some of qkv, proj, up, down (or all)")
        need(self.chat_template in get_args(ChatTemplateName), f"train.chat_template must be one of "
             f"{', '.join(get_args(ChatTemplateName))}, not {self.chat_template!r}")
        need(self.precision in PRECISIONS, f"train.precision must be one of {', '.join(PRECISIONS)}, not {self.precision!r}")

    @property
    def lora_target_names(self) -> tuple[str, ...]:
        """The projections ``lora_targets`` names (qkv, proj, up, down); a clear error for others."""
        names: list[str] = []
        for item in (part.strip().lower() for part in str(self.lora_targets).split(",")):
            expanded = LORA_TARGET_GROUPS.get(item, (item,) if item in LORA_TARGETS else None)
            if expanded is None and item:
                raise ConfigError(f"train.lora_targets: unknown projection {item!r} (choose from "
                                  f"{', '.join(LORA_TARGETS)}, or all, attention, mlp)")
            names.extend(expanded or ())
        return tuple(name for name in LORA_TARGETS if name in names)


@dataclass(frozen=True)
class RunConfig:
    model: ModelConfig = field(default_factory=ModelConfig)
    train: TrainConfig = field(default_factory=TrainConfig)

    def __post_init__(self) -> None:
        if self.train.token_budget < 0:
            raise ConfigError("train.token_budget must be >= 0 (0 = train for train.max_steps)")
        if self.train.token_budget:
            per_step = self.tokens_per_step
            steps = max(1, -(-self.train.token_budget // per_step))  # ceiling division
            object.__setattr__(self, "train", dataclasses.replace(self.train, max_steps=steps))

    @property
    def tokens_per_step(self) -> int:
        return self.train.batch_size * self.train.grad_accum * self.model.context_length

    def to_dict(self) -> dict[str, Any]:
        return {"model": asdict(self.model), "train": asdict(self.train)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RunConfig:
        unknown = set(data) - {"model", "train"}
        if unknown:
            raise ConfigError(f"unknown config section(s): {', '.join(sorted(unknown))} (sections: model, train)")
        return cls(
            model=_build(ModelConfig, "model", data.get("model", {})),
            train=_build(TrainConfig, "train", data.get("train", {})),
        )

    def with_overrides(self, overrides: list[str]) -> RunConfig:
        data = self.to_dict()
        for item in overrides:
            section, key, value = parse_override(item)
            data[section][key] = value
        return RunConfig.from_dict(data)


def parse_override(item: str) -> tuple[str, str, str]:
    """Split ``section.key=value``; the value is coerced later, by the field's type."""
    if "=" not in item or "." not in item.split("=", 1)[0]:
        raise ConfigError(f"--set expects section.key=value (for example model.n_layer=4), not {item!r}")
    dotted, value = item.split("=", 1)
    section, key = dotted.strip().split(".", 1)
    if section not in ("model", "train"):
        raise ConfigError(f"unknown config section {section!r} in {item!r} (sections: model, train)")
    return section, key.strip(), value.strip()


def load_config_file(path: Path) -> RunConfig:
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"config file {path} does not exist") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"config file {path} is not valid TOML: {exc}") from None
    data.pop("meta", None)
    return RunConfig.from_dict(data)


def preset_names() -> list[str]:
    return sorted(p.stem for p in resource_path("presets").glob("*.toml"))


def load_preset(name: str) -> RunConfig:
    path = resource_path("presets", f"{name}.toml")
    if not path.is_file():
        raise ConfigError(f"unknown preset {name!r} (presets: {', '.join(preset_names())})")
    return load_config_file(path)


def preset_description(name: str) -> str:
    data = tomllib.loads(resource_path("presets", f"{name}.toml").read_text(encoding="utf-8"))
    return str(data.get("meta", {}).get("description", ""))


def dump_toml(config: RunConfig) -> str:
    """The config as TOML text (for export and launch scripts)."""
    lines: list[str] = []
    for section, values in config.to_dict().items():
        lines.append(f"[{section}]")
        for key, value in values.items():
            if isinstance(value, bool):
                text = "true" if value else "false"
            elif isinstance(value, str):
                text = f'"{value}"'
            else:
                text = repr(value)
            lines.append(f"{key} = {text}")
        lines.append("")
    return "\n".join(lines)


def settings_help() -> str:
    """Every ``model.*`` and ``train.*`` key with its default and help (``llmstudio train --help``)."""
    from llmstudio.core.settings import help_lines

    return "\n".join(["settings for --set and [model]/[train] tables (key = default  meaning):",
                      *("  " + line for line in help_lines(ModelConfig, "model")),
                      *("  " + line for line in help_lines(TrainConfig, "train"))])


def settings_markdown() -> str:
    """The settings reference page (``docs/settings.md``), generated from the field metadata."""
    from llmstudio.core.classify.settings import classify_markdown
    from llmstudio.core.rl.config import RLConfig
    from llmstudio.core.rl.reward_config import RewardConfig
    from llmstudio.core.settings import markdown_table

    return "\n".join([
        "# Model and training settings",
        "",
        "Generated from the field metadata in `llmstudio/core/model/config.py` and",
        "`llmstudio/core/training/config.py` (`python -m llmstudio.core.training.config > docs/settings.md`);",
        "the same text is the app's tooltips and `llmstudio train --help`. Set a key with",
        "`--set section.key=value` or in a `[model]` / `[train]` table of a config file.",
        "",
        "## model",
        "",
        markdown_table(ModelConfig, "model"),
        "",
        "## train",
        "",
        markdown_table(TrainConfig, "train"),
        "",
        "## reward",
        "",
        "Reward-model runs (`llmstudio reward train --set reward.KEY=VALUE`, `llmstudio/core/rl/reward_config.py`);",
        "they take the `model.*` and `train.*` keys above too.",
        "",
        markdown_table(RewardConfig, "reward"),
        "",
        "## rl",
        "",
        "Policy runs (`llmstudio rl DIR ... --set rl.KEY=VALUE`; `llmstudio/core/rl/config.py`).",
        "",
        markdown_table(RLConfig, "rl"),
        "",
        classify_markdown(),
    ])


if __name__ == "__main__":  # regenerate docs/settings.md
    import sys

    sys.stdout.write(settings_markdown())

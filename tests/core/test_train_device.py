"""Per-device policies: precision auto, compile auto (the train.compile key keeps reading
true/false), and a GEMM peak measured once and cached per device."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch

from llmstudio.core.errors import ConfigError
from llmstudio.core.training.config import RunConfig, TrainConfig, load_preset
from llmstudio.core.training.device import autocast_dtype, compile_enabled, precision_label
from llmstudio.core.training.gemm_peak import CACHE_FILE, gemm_peak_flops

CPU, CUDA, MPS = torch.device("cpu"), torch.device("cuda"), torch.device("mps")


def test_compile_is_auto_by_default_and_old_booleans_still_read() -> None:
    assert TrainConfig().compile == "auto"
    assert RunConfig().with_overrides(["train.compile=true"]).train.compile == "true"
    assert RunConfig().with_overrides(["train.compile=off"]).train.compile == "false"
    assert RunConfig.from_dict({"train": {"compile": False}}).train.compile == "false"
    assert load_preset("gpt2-124m").train.compile == "true"
    with pytest.raises(ConfigError, match="train.compile must be one of auto, true, false"):
        RunConfig().with_overrides(["train.compile=sometimes"])


def test_compile_auto_means_cuda_only() -> None:
    assert compile_enabled(CUDA, "auto") and not compile_enabled(CPU, "auto") and not compile_enabled(MPS, "auto")
    assert compile_enabled(CPU, "true") and not compile_enabled(CUDA, "false")


def test_precision_auto_is_fp32_on_cpu_and_mps_unless_asked() -> None:
    if not torch.cpu._is_amx_tile_supported():  # type: ignore[attr-defined]
        assert autocast_dtype(CPU, "auto") is None
    assert autocast_dtype(CPU, "fp32") is None
    assert autocast_dtype(CPU, "bf16") == torch.bfloat16
    assert autocast_dtype(MPS, "auto") is None and autocast_dtype(MPS, "fp16") == torch.float16
    assert autocast_dtype(CUDA, "fp16") == torch.float16  # no CUDA call needed for an explicit choice
    assert precision_label(None) == "fp32" and precision_label(torch.bfloat16) == "bf16"


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU")
def test_precision_auto_on_cuda_is_bf16_when_supported() -> None:
    expected = torch.bfloat16 if torch.cuda.is_bf16_supported() else torch.float16
    assert autocast_dtype(CUDA, "auto") == expected


def test_the_gemm_peak_is_measured_once_per_device(tmp_path: Path) -> None:
    first = gemm_peak_flops(CPU, None, 1, cache_dir=tmp_path, budget_s=0.05)
    assert first > 1e8  # any CPU of this century does 0.1 GFLOP/s
    assert (tmp_path / CACHE_FILE).is_file()
    assert gemm_peak_flops(CPU, None, 1, cache_dir=tmp_path) == first  # from the cache
    assert gemm_peak_flops(CPU, None, 1, cache_dir=tmp_path, budget_s=0.05, refresh=True) >= first

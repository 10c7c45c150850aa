"""MFU on CPU divides by an upper bound worked out from the hardware, so it never passes 100%,
even when the GEMM peak was measured while other programs kept the machine busy."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
import torch

from llmstudio.core.project import Project
from llmstudio.core.runs import metric_series
from llmstudio.core.training.config import RunConfig
from llmstudio.core.training.cpu_peak import cpu_peak, flops_per_cycle, parse_cpuinfo
from llmstudio.core.training.gemm_peak import CACHE_FILE, cache_key, measure_gemm_peak, mfu_peak_flops
from llmstudio.core.training.trainer import create_run, train_run

CPU = torch.device("cpu")

INTEL = """processor\t: 0
model name\t: Intel(R) Xeon(R) Platinum 8480+
cpu MHz\t\t: 2000.000
flags\t\t: fpu sse sse2 avx fma avx2 avx512f avx512_bf16 amx_bf16 amx_tile
processor\t: 1
cpu MHz\t\t: 3800.000
flags\t\t: fpu sse sse2 avx fma avx2 avx512f avx512_bf16 amx_bf16 amx_tile
"""
AMD_AVX2 = "model name\t: AMD Ryzen 7 3700X\ncpu MHz\t\t: 3600.000\nflags\t\t: fpu sse sse2 avx fma avx2\n"
ARM = "processor\t: 0\nBogoMIPS\t: 48.00\nFeatures\t: fp asimd evtstrm aes crc32\n"


def test_flops_per_cycle_follow_the_widest_vector_instructions() -> None:
    assert flops_per_cycle({"sse2"}) == (8, "SSE")
    assert flops_per_cycle({"sse2", "avx"}) == (16, "AVX")
    assert flops_per_cycle({"avx", "avx2", "fma"}) == (32, "AVX2 + FMA")
    assert flops_per_cycle({"avx2", "fma", "avx512f"}) == (64, "AVX-512")
    assert flops_per_cycle({"avx512f", "avx512_bf16"}, torch.bfloat16) == (128, "AVX-512 bf16")
    assert flops_per_cycle({"avx512f", "avx512_bf16"}) == (64, "AVX-512")  # fp32 gains nothing from bf16 units
    assert flops_per_cycle({"avx512f", "amx_bf16"}, torch.bfloat16) == (2048, "AMX tiles")
    assert flops_per_cycle({"fp", "asimd"}) == (32, "Arm NEON/SVE")
    assert flops_per_cycle(set()) is None


def test_the_peak_is_cores_times_the_fastest_clock_times_flops_per_cycle() -> None:
    flags, ghz = parse_cpuinfo(INTEL)
    assert "avx512f" in flags and ghz == 3.8  # the fastest core's clock
    peak = cpu_peak(1, None, cpuinfo=INTEL)
    assert peak is not None and peak.flops == pytest.approx(3.8e9 * 64)
    assert peak.describe() == "1 cores × 3.80 GHz × 64 FLOP/cycle (AVX-512)"
    turbo = cpu_peak(1, None, cpuinfo=AMD_AVX2, max_khz=4_400_000)  # cpufreq's maximum beats the current clock
    assert turbo is not None and turbo.ghz == 4.4 and turbo.flops_per_cycle == 32
    assert cpu_peak(1, None, cpuinfo=ARM) is None  # no clock: unknown, so no MFU rather than a guess
    assert cpu_peak(1, None, cpuinfo="") is None


def test_no_gemm_on_this_machine_beats_its_peak(tmp_path: Path) -> None:
    peak = cpu_peak(1)
    if peak is None:
        pytest.skip("this CPU does not say its clock or instructions")
    torch.set_num_threads(1)
    measured = measure_gemm_peak(CPU, None, budget_s=0.2)
    assert measured <= peak.flops, (measured, peak.describe())
    flops, basis = mfu_peak_flops(CPU, None, 1, cache_dir=tmp_path)
    assert flops == peak.flops and peak.describe() in basis


def test_a_peak_measured_on_a_busy_machine_does_not_push_mfu_over_100_percent(
        tokenized_project: Project, tiny_overrides: list[str], tmp_path: Path) -> None:
    # The GEMM peak cached from a moment when other programs had the cores: far below what the CPU can do.
    (tmp_path / CACHE_FILE).write_text(json.dumps({cache_key(CPU, None, 1): 1e6}), encoding="utf-8")
    run_id = create_run(tokenized_project, RunConfig().with_overrides(tiny_overrides + ["train.max_steps=10"]))
    train_run(tokenized_project, run_id, device="cpu", gemm_cache_dir=tmp_path)
    series = metric_series(tokenized_project, run_id, "mfu")
    assert series  # logged every log_interval steps
    values = [value for _, value in series]
    if cpu_peak(1) is None:
        assert all(value is None or math.isnan(value) for value in values)  # unknown peak: no MFU shown
    else:
        assert all(0 < value <= 1 for value in values), values

"""The GEMM peak of a device, measured once and cached, as the yardstick for MFU.

Model FLOPs utilisation (MFU) is achieved training FLOP/s divided by what the device
can do at best. nanoGPT divides by an A100's 312 TFLOP/s, which is wrong everywhere
else; we time large square matrix multiplies in the dtype training uses, on the thread
count training uses, keep the best reading, and cache it per device in a small JSON
file in the user's cache folder (``LLMSTUDIO_CACHE_DIR`` overrides where).
"""

from __future__ import annotations

import json
import logging
import os
import platform
import time
from pathlib import Path

import torch

from llmstudio.core.atomic import write_text_atomic
from llmstudio.core.training.device import device_name, precision_label, synchronize

log = logging.getLogger(__name__)

CACHE_FILE = "gemm_peak.json"


def user_cache_dir() -> Path:
    override = os.environ.get("LLMSTUDIO_CACHE_DIR")
    if override:
        return Path(override)
    system = platform.system()
    if system == "Windows":
        return Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local")) / "llmstudio" / "Cache"
    if system == "Darwin":
        return Path.home() / "Library" / "Caches" / "llmstudio"
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "llmstudio"


def cache_key(device: torch.device, dtype: torch.dtype | None, threads: int) -> str:
    parts = [device_name(device), precision_label(dtype), f"torch {torch.__version__}"]
    if device.type == "cpu":
        parts.append(f"{threads} threads")
    return " | ".join(parts)


def gemm_peak_flops(device: torch.device, dtype: torch.dtype | None = None, threads: int | None = None,
                    cache_dir: Path | None = None, budget_s: float = 0.4, refresh: bool = False) -> float:
    """Best measured FLOP/s of a square matmul on ``device`` (cached per device).

    ``refresh`` measures again and keeps the higher reading: a machine busy with other work
    at the first measurement would otherwise flatter every MFU after it.
    """
    threads = threads or torch.get_num_threads()
    key = cache_key(device, dtype, threads)
    path = (cache_dir or user_cache_dir()) / CACHE_FILE
    cache = _read(path)
    if key in cache and not refresh:
        return float(cache[key])
    peak = max(measure_gemm_peak(device, dtype, budget_s), cache.get(key, 0.0))
    cache[key] = peak
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_text_atomic(path, json.dumps(cache, indent=1, sort_keys=True))
    except OSError as exc:  # a read-only home folder: measure again next time
        log.warning("could not cache the GEMM peak in %s: %s", path, exc)
    log.info("GEMM peak of %s: %.1f GFLOP/s", key, peak / 1e9)
    return peak


def mfu_peak_flops(device: torch.device, dtype: torch.dtype | None = None, threads: int | None = None,
                   cache_dir: Path | None = None, refresh: bool = False) -> tuple[float, str]:
    """The FLOP/s that MFU divides by and how it was found; ``(0.0, reason)`` when unknown.

    GPUs: the measured GEMM peak. CPUs: the hardware upper bound of ``cpu_peak`` (a GEMM
    timed while other programs ran measures their load too), or the measured GEMM peak where
    that is higher (a clock the kernel under-reports); unknown when the CPU does not say.
    """
    measured = gemm_peak_flops(device, dtype, threads, cache_dir, refresh=refresh)
    if device.type != "cpu":
        return measured, f"a measured {measured / 1e12:,.1f} TFLOP/s GEMM peak"
    from llmstudio.core.training.cpu_peak import cpu_peak

    bound = cpu_peak(threads or torch.get_num_threads(), dtype)
    if bound is None:
        return 0.0, "this CPU's peak FLOP/s is unknown (no /proc/cpuinfo)"
    if measured > bound.flops:
        return measured, f"a measured {measured / 1e9:,.0f} GFLOP/s GEMM peak (above {bound.describe()})"
    return bound.flops, f"a {bound.flops / 1e9:,.0f} GFLOP/s peak: {bound.describe()}"


def measure_gemm_peak(device: torch.device, dtype: torch.dtype | None = None, budget_s: float = 0.4) -> float:
    """Time ``n×n @ n×n`` until ``budget_s`` is spent; return the best FLOP/s seen."""
    n = 4096 if device.type == "cuda" else 1024
    a = torch.randn(n, n, device=device, dtype=dtype or torch.float32)
    b = torch.randn(n, n, device=device, dtype=dtype or torch.float32)
    torch.mm(a, b)  # warm up kernels and allocator
    synchronize(device)
    best, deadline, repeats = 0.0, time.perf_counter() + budget_s, 0
    while repeats < 3 or time.perf_counter() < deadline:
        start = time.perf_counter()
        torch.mm(a, b)
        synchronize(device)
        elapsed = time.perf_counter() - start
        best = max(best, 2.0 * n**3 / max(elapsed, 1e-9))
        repeats += 1
        if repeats >= 200:
            break
    return best


def _read(path: Path) -> dict[str, float]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {str(k): float(v) for k, v in data.items()} if isinstance(data, dict) else {}
    except (OSError, ValueError, TypeError):
        return {}

"""The most FLOP/s a CPU can do, from what it says about itself: the yardstick for MFU on CPU.

A GEMM timed on a CPU that other programs share measures the load as much as the CPU: a
peak measured while the machine was busy, then cached, made a later quiet run report an
MFU over 100%. So on CPU the yardstick is an upper bound worked out from the hardware:

    peak = cores × clock × FLOPs per cycle per core

* cores: the threads training uses, at most the logical CPUs (a hyperthread shares its
  core's arithmetic units, so counting logical CPUs can only overstate the peak);
* clock: the highest clock the kernel reports (``cpuinfo_max_freq``, else the fastest
  ``cpu MHz`` in ``/proc/cpuinfo``);
* FLOPs per cycle: from the widest vector instructions the CPU has, assuming two fused
  multiply-add pipes (the most any current core has): AVX-512 64, AVX2+FMA 32, AVX 16,
  SSE 8, Arm NEON/SVE 32 (fp32). bf16/fp16 training counts twice that with AVX-512 bf16/fp16
  instructions and 2048 with Intel AMX tiles.

Each assumption errs high, so MFU errs low: it never passes 100%. Where the CPU does not
say (no ``/proc/cpuinfo``: Windows, macOS), the peak is unknown and no MFU is shown.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

import torch

CPUINFO = Path("/proc/cpuinfo")
MAX_FREQ = Path("/sys/devices/system/cpu/cpu0/cpufreq/cpuinfo_max_freq")  # kHz

FMA_PIPES = 2  # per core, the most current x86 cores have (Arm: counted in the NEON figure)


@dataclass(frozen=True)
class CpuPeak:
    """An upper bound on a CPU's FLOP/s and how it was reached."""

    cores: int
    ghz: float
    flops_per_cycle: int
    instructions: str

    @property
    def flops(self) -> float:
        return self.cores * self.ghz * 1e9 * self.flops_per_cycle

    def describe(self) -> str:
        return (f"{self.cores} cores × {self.ghz:.2f} GHz × {self.flops_per_cycle} FLOP/cycle "
                f"({self.instructions})")


def flops_per_cycle(flags: set[str], dtype: torch.dtype | None = None) -> tuple[int, str] | None:
    """FLOPs per cycle of one core for ``dtype`` and the instructions that give them; None if unknown."""
    half = dtype in (torch.bfloat16, torch.float16)
    if half and {"amx_bf16", "amx_fp16"} & flags:
        return 2048, "AMX tiles"
    if "avx512f" in flags:
        fp32 = FMA_PIPES * 16 * 2
        if half and {"avx512_bf16", "avx512_fp16"} & flags:
            return 2 * fp32, "AVX-512 bf16"
        return fp32, "AVX-512"
    if "avx2" in flags and "fma" in flags:
        return FMA_PIPES * 8 * 2, "AVX2 + FMA"
    if "avx" in flags:
        return 8 * 2, "AVX"  # a multiply and an add pipe, no fused multiply-add
    if "asimd" in flags or "sve" in flags or "neon" in flags:
        return 4 * 4 * 2, "Arm NEON/SVE"  # up to four 128-bit FMA pipes
    if "sse2" in flags or "sse" in flags:
        return 4 * 2, "SSE"
    return None


def parse_cpuinfo(text: str) -> tuple[set[str], float | None]:
    """The feature flags and the fastest ``cpu MHz`` (in GHz) of a ``/proc/cpuinfo`` text."""
    flags: set[str] = set()
    mhz: list[float] = []
    for line in text.splitlines():
        key, _, value = line.partition(":")
        key = key.strip().lower()
        if key in ("flags", "features") and not flags:
            flags = set(value.split())
        elif key == "cpu mhz":
            match = re.match(r"\s*([0-9.]+)", value)
            if match:
                mhz.append(float(match.group(1)))
    return flags, (max(mhz) / 1000 if mhz else None)


def cpu_peak(threads: int, dtype: torch.dtype | None = None, cpuinfo: str | None = None,
             max_khz: int | None = None) -> CpuPeak | None:
    """The peak of ``threads`` training threads on this CPU (or on the ``cpuinfo`` text given); None if unknown."""
    if cpuinfo is None:
        try:
            cpuinfo = CPUINFO.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return None
        max_khz = max_khz or _read_max_khz()
    flags, ghz = parse_cpuinfo(cpuinfo)
    if max_khz:
        ghz = max(ghz or 0.0, max_khz / 1e6)
    per_cycle = flops_per_cycle(flags, dtype)
    if not ghz or per_cycle is None:
        return None
    cores = max(1, min(threads or 1, os.cpu_count() or 1))
    return CpuPeak(cores, ghz, per_cycle[0], per_cycle[1])


def _read_max_khz() -> int | None:
    try:
        return int(MAX_FREQ.read_text(encoding="ascii").strip())
    except (OSError, ValueError):
        return None

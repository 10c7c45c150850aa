"""Which devices torch sees, choosing one (CUDA, then Apple MPS, then CPU), and the
per-device policies the trainer follows: precision, torch.compile, threads, memory.

Nothing here calls ``torch.cuda.*`` or ``torch.mps.*`` unless that backend is available,
so a CPU-only install never trips over a missing driver.
"""

from __future__ import annotations

import gc
import os
import platform
import threading
from dataclasses import dataclass

import torch

from llmstudio.core.errors import ConfigError

DEVICE_CHOICES = ("auto", "cpu", "cuda", "mps")


@dataclass(frozen=True)
class DeviceInfo:
    name: str  # torch device string: cpu, cuda:0, mps
    description: str
    memory_bytes: int | None


def available_devices() -> list[DeviceInfo]:
    devices: list[DeviceInfo] = []
    if torch.cuda.is_available():
        for index in range(torch.cuda.device_count()):
            props = torch.cuda.get_device_properties(index)
            devices.append(DeviceInfo(f"cuda:{index}", props.name, int(props.total_memory)))
    if torch.backends.mps.is_available():
        devices.append(DeviceInfo("mps", "Apple GPU (Metal)", host_memory_bytes()))
    devices.append(DeviceInfo("cpu", f"CPU ({os.cpu_count() or 1} cores)", host_memory_bytes()))
    return devices


def host_memory_bytes() -> int | None:
    """Physical memory of this computer (None where the OS does not say)."""
    try:
        return int(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES"))
    except (AttributeError, ValueError, OSError):
        return None


def device_memory_bytes(device: torch.device) -> int | None:
    """Total memory training on ``device`` may use: the GPU's own, or the host's."""
    if device.type == "cuda":
        return int(torch.cuda.get_device_properties(device).total_memory)
    return host_memory_bytes()


def resolve_device(choice: str = "auto") -> torch.device:
    choice = (choice or "auto").strip().lower()
    if choice == "auto":
        if torch.cuda.is_available():
            return torch.device("cuda")
        if torch.backends.mps.is_available():
            return torch.device("mps")
        return torch.device("cpu")
    if choice.startswith("cuda"):
        if not torch.cuda.is_available():
            raise ConfigError("device 'cuda' was asked for, but torch sees no CUDA GPU; use --device auto or cpu")
        return torch.device(choice)
    if choice == "mps":
        if not torch.backends.mps.is_available():
            raise ConfigError("device 'mps' was asked for, but this Mac's GPU is not available to torch; use --device cpu")
        return torch.device("mps")
    if choice == "cpu":
        return torch.device("cpu")
    raise ConfigError(f"unknown device {choice!r}; choose one of {', '.join(DEVICE_CHOICES)}")


def default_threads(interactive: bool) -> int:
    """Half the logical cores (at least one), in the app and headless alike.

    torch's threads meet at a barrier after every operator, so when another program takes
    the core of one of them, all of them wait: on 2 shared cores with other programs busy,
    2 threads trained 8-9x slower than 1 (docs/benchmarks.md, "Threads under a competing
    load"). Half the logical cores is the physical core count on machines with SMT (what
    torch itself picks) and leaves the other half to the rest of the machine and the window.
    ``interactive`` is kept for callers; the app and headless runs now share the rule.
    """
    del interactive
    cores = os.cpu_count() or 1
    return max(1, cores // 2)


def cpu_has_fast_bf16() -> bool:
    """True on CPUs with AMX tiles (Sapphire Rapids and later), where bf16 beats fp32."""
    try:
        return bool(torch.cpu._is_amx_tile_supported())
    except (AttributeError, RuntimeError):
        return False


def autocast_dtype(device: torch.device, precision: str) -> torch.dtype | None:
    """The autocast dtype for a device and a precision setting (None = plain fp32)."""
    if precision == "fp32":
        return None
    if device.type == "cuda":
        if precision == "fp16":
            return torch.float16
        if precision == "bf16" or torch.cuda.is_bf16_supported():
            return torch.bfloat16
        return torch.float16  # older GPUs (V100, T4): fp16 with a gradient scaler
    if device.type == "mps":
        # auto stays fp32 on MPS: reduced precision there has had silent correctness bugs.
        return {"bf16": torch.bfloat16, "fp16": torch.float16}.get(precision)
    # CPU: bf16 is several times slower than fp32 without AMX / AVX512-BF16.
    if precision == "bf16" or (precision == "auto" and cpu_has_fast_bf16()):
        return torch.bfloat16
    return None


def precision_label(dtype: torch.dtype | None) -> str:
    return {torch.bfloat16: "bf16", torch.float16: "fp16"}.get(dtype, "fp32") if dtype else "fp32"


def compile_enabled(device: torch.device, setting: str) -> bool:
    """``train.compile``: auto compiles on CUDA only (little gain and a long first step elsewhere)."""
    if setting == "auto":
        return device.type == "cuda"
    return setting == "true"


def prepare_device(device: torch.device) -> None:
    """Per-device switches worth having on: TF32 matmuls on Ampere and later GPUs."""
    if device.type == "cuda":
        torch.backends.cuda.matmul.allow_tf32 = True
        torch.backends.cudnn.allow_tf32 = True


def synchronize(device: torch.device) -> None:
    """Wait for queued GPU work, so a timer reads the real step time."""
    if device.type == "cuda":
        torch.cuda.synchronize(device)
    elif device.type == "mps":
        torch.mps.synchronize()


def memory_in_use(device: torch.device) -> int:
    """Bytes in use for training: the GPU allocator's peak, or this process's resident memory."""
    if device.type == "cuda":
        return int(torch.cuda.max_memory_allocated(device))
    if device.type == "mps":
        return int(torch.mps.current_allocated_memory())
    return _resident_bytes()


def _resident_bytes() -> int:
    try:
        with open("/proc/self/statm", encoding="ascii") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError, AttributeError):
        pass
    try:
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return int(peak if platform.system() == "Darwin" else peak * 1024)
    except (ImportError, OSError):
        return 0


def release_memory(device: torch.device) -> None:
    """Give cached blocks back after an out-of-memory error, before trying again.

    Cycles are collected here only where the collector is on or on the main thread: the GUI
    switches it off and collects on its own thread (a collection on a job thread could
    destroy Qt objects there and freeze the window, see ``gui/gc_guard.py``)."""
    if gc.isenabled() or threading.current_thread() is threading.main_thread():
        gc.collect()
    if device.type == "cuda":
        torch.cuda.empty_cache()
        torch.cuda.reset_peak_memory_stats(device)
    elif device.type == "mps":
        torch.mps.empty_cache()


def device_name(device: torch.device) -> str:
    """A human and cache-key name for the hardware behind ``device``."""
    if device.type == "cuda":
        return torch.cuda.get_device_name(device)
    if device.type == "mps":
        return f"Apple GPU ({platform.machine()})"
    return f"CPU {_cpu_model()} ({os.cpu_count() or 1} cores)"


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as handle:
            for line in handle:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()

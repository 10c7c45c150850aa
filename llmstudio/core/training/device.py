"""Which devices torch sees, and choosing one: CUDA, then Apple MPS, then CPU."""

from __future__ import annotations

import os
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
        devices.append(DeviceInfo("mps", "Apple GPU (Metal)", None))
    devices.append(DeviceInfo("cpu", f"CPU ({os.cpu_count() or 1} cores)", None))
    return devices


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
    """All cores headless; one fewer in the app, so the window stays responsive."""
    cores = os.cpu_count() or 1
    return max(1, cores - 1) if interactive else cores


def autocast_dtype(device: torch.device, precision: str) -> torch.dtype | None:
    """The autocast dtype for a device and a precision setting (None = plain fp32)."""
    if precision == "fp32":
        return None
    if device.type == "cuda":
        if precision == "fp16":
            return torch.float16
        if precision == "bf16" or torch.cuda.is_bf16_supported():
            return torch.bfloat16
        return torch.float16
    if device.type == "mps":
        return {"bf16": torch.bfloat16, "fp16": torch.float16}.get(precision)
    # CPU: bf16 is several times slower than fp32 without AMX / AVX512-BF16, so only on request.
    return torch.bfloat16 if precision == "bf16" else None

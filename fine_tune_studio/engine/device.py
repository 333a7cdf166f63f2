"""The one place that decides where the engine trains and chats: an NVIDIA GPU (CUDA), the
GPU of Apple silicon (MPS), else the CPU, and in which dtype.

Rules (docs/engine-training.md, "Devices"):

- **CUDA**: training keeps the base weights in bfloat16 with bfloat16 autocast where the card
  supports it (Ampere and later); older cards keep float32 weights with float16 autocast
  (float16 weights would leave trainable float16 copies of the embeddings of small models,
  which the gradient scaler refuses). Chat: bfloat16, else float16.
- **MPS**: training in float32 (transformers documents fp16/bf16 mixed precision on MPS,
  bf16 only from macOS 14; float32 is the choice that works on every supported Mac); chat in
  float16, the dtype Apple's GPU runs best and PyTorch's MPS guidance uses.
- **CPU**: float32 weights. Training adds bfloat16 autocast when the CPU has bfloat16
  instructions (AVX512-BF16 or AMX) and the model has at least CPU_BF16_MIN_PARAMETERS:
  measured 1.5× faster per step on a 0.5B model with the same loss to 2e-5 (see the docs);
  the frozen base weights are then loaded in bfloat16 too (training/lora.py), another
  1.18×. Tiny models are bound by per-operation overhead, not arithmetic, and gain
  nothing. Chat stays float32 (generation was not measured in bfloat16).

A device that is present but fails to start (a driver mismatch, a card taken by another
process) is reported and the CPU is used instead: `Device.note` says why. The environment
variable FINE_TUNE_STUDIO_DEVICE=cpu|cuda|mps|auto asks for one (auto by default).
"""

from __future__ import annotations

import contextlib
import functools
import os
import platform
from dataclasses import dataclass
from typing import Any

from fine_tune_studio.core.training_memory import DeviceFacts, DeviceKind

DEVICE_ENV = "FINE_TUNE_STUDIO_DEVICE"
# Below this size a CPU trains in plain float32 (see the module's docstring).
CPU_BF16_MIN_PARAMETERS = 50_000_000


@dataclass(frozen=True)
class Device:
    kind: DeviceKind
    name: str
    train_dtype: str  # the dtype the base weights are loaded in for training
    mixed_precision: str | None  # the trainer's autocast: "bf16", "fp16" or None
    chat_dtype: str  # the dtype of models loaded for chat
    cores: int | None = None  # CPU only: the cores torch computes on
    note: str | None = None  # why a better device is not used

    @property
    def torch_device(self) -> str:
        return self.kind.value

    def dtype(self, *, training: bool) -> Any:
        import torch

        return getattr(torch, self.train_dtype if training else self.chat_dtype)

    def memory(self) -> tuple[int | None, int | None]:
        """(total, free) bytes of the memory this device computes in, now."""
        if self.kind is DeviceKind.CUDA:
            import torch

            with contextlib.suppress(RuntimeError):
                card_free, card_total = torch.cuda.mem_get_info()
                return int(card_total), int(card_free)
            return None, None
        total, free = _ram()
        if self.kind is DeviceKind.MPS:
            # Unified memory: the system's, capped by what Metal lets one process hold.
            import torch

            with contextlib.suppress(AttributeError, RuntimeError):
                cap = int(torch.mps.recommended_max_memory())
                left = cap - int(torch.mps.driver_allocated_memory())
                total = min(total, cap) if total else cap
                free = min(free, left) if free is not None else left
        return total, free

    def training_precision(self, parameters: int | None) -> str | None:
        """The trainer's autocast for a model of `parameters`: "bf16", "fp16" or None."""
        if self.kind is DeviceKind.CPU and (parameters or 0) < CPU_BF16_MIN_PARAMETERS:
            return None
        return self.mixed_precision

    def facts(self) -> DeviceFacts:
        total, free = self.memory()
        return DeviceFacts(kind=self.kind, name=self.name, dtype=self.train_dtype,
                           total_memory=total, free_memory=free, cores=self.cores,
                           note=self.note)


def _ram() -> tuple[int | None, int | None]:
    try:
        import psutil
    except ImportError:
        with contextlib.suppress(ValueError, OSError, AttributeError):
            page = os.sysconf("SC_PAGE_SIZE")
            return page * os.sysconf("SC_PHYS_PAGES"), page * os.sysconf("SC_AVPHYS_PAGES")
        return None, None
    memory = psutil.virtual_memory()
    return int(memory.total), int(memory.available)


def _cpu_name() -> str:
    with contextlib.suppress(OSError):
        for line in open("/proc/cpuinfo", encoding="utf-8", errors="replace"):  # noqa: SIM115
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or "CPU"


def cpu_has_bf16() -> bool:
    """Whether the CPU multiplies bfloat16 natively (x86 AVX512-BF16 or AMX); without it
    oneDNN converts every operand and bfloat16 is slower than float32."""
    import torch

    capabilities = getattr(torch.cpu, "get_capabilities", None)
    if capabilities is None:
        return False
    found = capabilities()
    return bool(found.get("avx512_bf16") or found.get("amx_bf16"))


def cpu_device(note: str | None = None) -> Device:
    import torch

    cores = torch.get_num_threads()
    mixed = "bf16" if cpu_has_bf16() else None
    name = f"{_cpu_name()}, {cores} core{'' if cores == 1 else 's'}"
    return Device(DeviceKind.CPU, name, "float32", mixed, "float32", cores=cores, note=note)


def _cuda_device() -> Device:
    import torch

    # A real allocation and kernel: is_available() only says that a driver answers.
    (torch.ones(8, device="cuda") * 2).sum().item()
    name = torch.cuda.get_device_name(0)
    if torch.cuda.is_bf16_supported():
        return Device(DeviceKind.CUDA, name, "bfloat16", "bf16", "bfloat16")
    return Device(DeviceKind.CUDA, name, "float32", "fp16", "float16")


def _mps_device() -> Device:
    import torch

    (torch.ones(8, device="mps") * 2).sum().item()
    return Device(DeviceKind.MPS, "Apple silicon GPU (Metal)", "float32", None, "float16")


_NAMES = {DeviceKind.CUDA: "The NVIDIA graphics card", DeviceKind.MPS: "The Apple GPU"}


def _available(kind: DeviceKind) -> bool:
    import torch

    if kind is DeviceKind.CUDA:
        return bool(torch.cuda.is_available())
    if kind is DeviceKind.MPS:
        backend = getattr(torch.backends, "mps", None)
        return bool(backend is not None and backend.is_available())
    return True


def choose_device(requested: str | None = None) -> Device:
    """The best device that starts: CUDA, else MPS, else the CPU (see the module's doc).

    `requested` (or $FINE_TUNE_STUDIO_DEVICE): "cuda", "mps", "cpu" or "auto"."""
    wanted = (requested or os.environ.get(DEVICE_ENV) or "auto").strip().lower()
    if wanted == DeviceKind.CPU:
        return cpu_device()
    kinds = [DeviceKind.CUDA, DeviceKind.MPS]
    if wanted in (DeviceKind.CUDA, DeviceKind.MPS):
        kinds = [DeviceKind(wanted)]
    note = None
    for kind in kinds:
        if not _available(kind):
            if wanted == kind:
                note = f"{_NAMES[kind]} was asked for ({DEVICE_ENV}={wanted}) but is not available"
            continue
        try:
            return _cuda_device() if kind is DeviceKind.CUDA else _mps_device()
        except Exception as exc:  # any failure to start means: not usable
            reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            note = f"{_NAMES[kind]} could not be started ({reason})"
            break
    if note is not None:
        note += "; training and chat use the CPU instead."
    return cpu_device(note)


@functools.lru_cache(maxsize=1)
def engine_device() -> Device:
    """The device of this process, chosen once (probing a GPU takes a moment)."""
    return choose_device()


def main() -> None:
    """`python -m fine_tune_studio.engine.device`: this machine's device facts as one JSON
    line. The server asks in a child process, so that probing a GPU never leaves a CUDA
    context (hundreds of MB of the card's memory) in the server, which training needs."""
    import json
    import sys

    print(json.dumps(engine_device().facts().to_dict()), file=sys.stdout, flush=True)


if __name__ == "__main__":
    main()

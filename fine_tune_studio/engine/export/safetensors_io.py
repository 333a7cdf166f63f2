"""Reading and writing safetensors one tensor at a time.

The format is an 8-byte little-endian header length, a JSON header naming each tensor's
dtype, shape and byte range, then the raw bytes. Because the header can be written as soon
as every shape is known, a merged model can be written tensor by tensor and never held
whole in memory. Tensors are read with plain file reads rather than safetensors' mmap:
pages of a mapped file count towards the process's resident memory once touched, so a
mapped 1 GB base would look (and, under pressure, behave) like 1 GB more held.
"""

from __future__ import annotations

import json
import os
import struct
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import torch

DTYPES: dict[str, torch.dtype] = {
    "F64": torch.float64, "F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16,
    "I64": torch.int64, "I32": torch.int32, "I16": torch.int16, "I8": torch.int8,
    "U8": torch.uint8, "BOOL": torch.bool,
}
NAMES = {dtype: name for name, dtype in DTYPES.items()}
HEADER_ALIGNMENT = 8


def element_size(dtype: str) -> int:
    return torch.empty((), dtype=DTYPES[dtype]).element_size()


@dataclass(frozen=True)
class TensorEntry:
    name: str
    dtype: str  # safetensors' spelling: "BF16", "F32", ...
    shape: tuple[int, ...]
    start: int
    end: int

    @property
    def nbytes(self) -> int:
        return self.end - self.start


class SafetensorsFile:
    """One .safetensors file's header, and its tensors read on demand."""

    def __init__(self, path: Path) -> None:
        self.path = path
        with path.open("rb") as handle:
            raw = handle.read(8)
            if len(raw) != 8:
                raise ValueError(f"{path.name} is not a safetensors file (too short)")
            (length,) = struct.unpack("<Q", raw)
            if length > 100 * 1024 * 1024:
                raise ValueError(f"{path.name} is not a safetensors file (header of {length} B)")
            header = json.loads(handle.read(length))
        self.data_start = 8 + length
        self.metadata: dict[str, str] = header.pop("__metadata__", None) or {}
        self.entries: dict[str, TensorEntry] = {}
        for name, info in header.items():
            dtype = info["dtype"]
            if dtype not in DTYPES:
                raise ValueError(f"{path.name}: tensor {name} has dtype {dtype}, not supported")
            start, end = info["data_offsets"]
            self.entries[name] = TensorEntry(name, dtype, tuple(info["shape"]), start, end)

    def read(self, name: str) -> torch.Tensor:
        entry = self.entries[name]
        dtype = DTYPES[entry.dtype]
        if entry.nbytes == 0:
            return torch.empty(entry.shape, dtype=dtype)
        buffer = bytearray(entry.nbytes)
        with self.path.open("rb") as handle:
            handle.seek(self.data_start + entry.start)
            if handle.readinto(buffer) != entry.nbytes:
                raise ValueError(f"{self.path.name} ends inside tensor {name}")
        return torch.frombuffer(buffer, dtype=dtype).reshape(entry.shape)


class WeightFolder:
    """Every tensor of a model folder's safetensors (one file, or shards with an index)."""

    def __init__(self, files: Sequence[SafetensorsFile]) -> None:
        self.files = list(files)
        self.where: dict[str, SafetensorsFile] = {}
        for file in self.files:
            for name in file.entries:
                self.where[name] = file

    @classmethod
    def open(cls, folder: Path, stem: str = "model") -> WeightFolder:
        index = folder / f"{stem}.safetensors.index.json"
        if index.is_file():
            weight_map = json.loads(index.read_text(encoding="utf-8"))["weight_map"]
            names = sorted(set(weight_map.values()))
        elif (folder / f"{stem}.safetensors").is_file():
            names = [f"{stem}.safetensors"]
        else:
            names = sorted(p.name for p in folder.glob("*.safetensors"))
        if not names:
            raise FileNotFoundError(f"no .safetensors weights in {folder}")
        return cls([SafetensorsFile(folder / name) for name in names])

    def names(self) -> list[str]:
        """Tensor names in file order, then byte order: the order that reads each file
        front to back."""
        return [name for file in self.files
                for name in sorted(file.entries, key=lambda n: file.entries[n].start)]

    def entry(self, name: str) -> TensorEntry:
        return self.where[name].entries[name]

    def read(self, name: str) -> torch.Tensor:
        return self.where[name].read(name)

    def __contains__(self, name: object) -> bool:
        return name in self.where


@dataclass(frozen=True)
class PlannedTensor:
    name: str
    dtype: str
    shape: tuple[int, ...]

    @property
    def nbytes(self) -> int:
        count = 1
        for size in self.shape:
            count *= size
        return count * element_size(self.dtype)


def header_bytes(plan: Sequence[PlannedTensor], metadata: Mapping[str, str]) -> bytes:
    header: dict[str, Any] = {"__metadata__": dict(metadata)} if metadata else {}
    offset = 0
    for tensor in plan:
        header[tensor.name] = {"dtype": tensor.dtype, "shape": list(tensor.shape),
                               "data_offsets": [offset, offset + tensor.nbytes]}
        offset += tensor.nbytes
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    # The data must start 8-byte aligned; the format pads the header with spaces.
    text += b" " * (-(8 + len(text)) % HEADER_ALIGNMENT)
    return struct.pack("<Q", len(text)) + text


class StreamingWriter:
    """Writes one safetensors file whose tensors arrive one at a time, in plan order."""

    def __init__(self, path: Path, plan: Sequence[PlannedTensor],
                 metadata: Mapping[str, str] | None = None) -> None:
        self.path = path
        self._pending: Iterator[PlannedTensor] = iter(list(plan))
        self._handle: IO[bytes] = path.open("wb")
        self._handle.write(header_bytes(plan, metadata or {}))

    def write(self, name: str, tensor: torch.Tensor) -> None:
        expected = next(self._pending, None)
        if expected is None or expected.name != name:
            raise ValueError(f"tensor {name} arrived out of order (expected {expected})")
        if tensor.dtype != DTYPES[expected.dtype] or tuple(tensor.shape) != expected.shape:
            raise ValueError(f"tensor {name} is {tensor.dtype} {tuple(tensor.shape)}, "
                             f"planned {expected.dtype} {expected.shape}")
        data = tensor.detach().contiguous().reshape(-1).view(torch.uint8).numpy()
        self._handle.write(data.data)

    def close(self) -> None:
        """Flush to the disk (the folder is moved into place only after every file is)."""
        if next(self._pending, None) is not None:
            self._handle.close()
            raise ValueError(f"{self.path.name}: not every planned tensor was written")
        self._handle.flush()
        os.fsync(self._handle.fileno())
        self._handle.close()

    def abort(self) -> None:
        self._handle.close()

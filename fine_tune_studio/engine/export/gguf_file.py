"""Writing the merged model as one GGUF file with gguf-py's `GGUFWriter`, streamed.

Every tensor's name, shape and type is declared first (the header lists them all), then
the data is written one tensor at a time, so memory holds one tensor and its converted
copy. Weight matrices become F16 or Q8_0; vectors (norms, biases) stay F32, as llama.cpp
keeps them. Q8_0 stores blocks of 32 values as one f16 scale and 32 signed bytes; a matrix
whose rows do not split into blocks of 32 falls back to F16, as llama.cpp's converter does.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import torch

from fine_tune_studio.core.model_export import GgufKind
from fine_tune_studio.engine.export.gguf_arch import (
    Architecture,
    Hyper,
    architecture_for,
    gguf_tensor_name,
)
from fine_tune_studio.engine.export.gguf_vocab import Vocab
from fine_tune_studio.engine.export.lora_merge import MergedWeights

Q8_BLOCK = 32
Q8_BLOCK_BYTES = 34
# Rows converted at a time: a large embedding is never held in float32 whole.
CHUNK_ELEMENTS = 1 << 22


@dataclass(frozen=True)
class GgufTensor:
    gguf_name: str
    hf_name: str | None  # None for tensors made here (rope_freqs)
    shape: tuple[int, ...]
    quant: Any  # gguf.GGMLQuantizationType

    @property
    def nbytes(self) -> int:
        import gguf

        rows = 1
        for size in self.shape[:-1]:
            rows *= size
        cols = self.shape[-1]
        if self.quant == gguf.GGMLQuantizationType.Q8_0:
            return rows * cols // Q8_BLOCK * Q8_BLOCK_BYTES
        if self.quant == gguf.GGMLQuantizationType.F16:
            return rows * cols * 2
        return rows * cols * 4


def _quant_for(shape: tuple[int, ...], kind: GgufKind) -> Any:
    import gguf

    if len(shape) < 2:
        return gguf.GGMLQuantizationType.F32
    if kind is GgufKind.Q8_0 and shape[-1] % Q8_BLOCK == 0:
        return gguf.GGMLQuantizationType.Q8_0
    return gguf.GGMLQuantizationType.F16


def file_type(kind: GgufKind) -> int:
    import gguf

    return int(gguf.LlamaFileType.MOSTLY_Q8_0 if kind is GgufKind.Q8_0
               else gguf.LlamaFileType.MOSTLY_F16)


def plan_tensors(merged: MergedWeights, kind: GgufKind) -> tuple[Architecture, Hyper,
                                                                  list[GgufTensor]]:
    architecture, hyper = architecture_for(merged.config)
    plan = [GgufTensor(name, None, tuple(tensor.shape), _quant_for(tuple(tensor.shape), kind))
            for name, tensor in architecture.extra_tensors(hyper).items()]
    for planned in merged.plan:
        name = gguf_tensor_name(architecture, planned.name, hyper.layers)
        if name is not None:
            plan.append(GgufTensor(name, planned.name, planned.shape,
                                   _quant_for(planned.shape, kind)))
    return architecture, hyper, plan


def estimated_bytes(merged: MergedWeights, kind: GgufKind) -> int:
    return sum(t.nbytes for t in plan_tensors(merged, kind)[2])


def _converted(tensor: torch.Tensor, quant: Any) -> np.ndarray:
    import gguf

    if quant == gguf.GGMLQuantizationType.F32:
        return tensor.to(torch.float32).contiguous().numpy()
    if quant == gguf.GGMLQuantizationType.F16:
        return tensor.to(torch.float16).contiguous().numpy()
    rows = tensor.reshape(-1, tensor.shape[-1])
    out = np.empty((rows.shape[0], rows.shape[1] // Q8_BLOCK * Q8_BLOCK_BYTES), dtype=np.uint8)
    step = max(1, CHUNK_ELEMENTS // rows.shape[1])
    for start in range(0, rows.shape[0], step):
        chunk = rows[start:start + step].to(torch.float32).numpy()
        out[start:start + step] = gguf.quants.quantize(chunk, quant)
    return out.reshape(*tensor.shape[:-1], out.shape[-1])


def write_gguf(path: Path, merged: MergedWeights, vocab: Vocab, kind: GgufKind, *,
               name: str, report: Callable[[int, int], None]) -> None:
    import gguf

    architecture, hyper, plan = plan_tensors(merged, kind)
    extra = architecture.extra_tensors(hyper)
    writer = gguf.GGUFWriter(path, architecture.name)
    try:
        writer.add_type(gguf.GGUFType.MODEL)
        writer.add_name(name)
        writer.add_file_type(file_type(kind))
        writer.add_quantization_version(gguf.GGML_QUANT_VERSION)
        architecture.add_metadata(writer, hyper)
        vocab.add_to(writer)
        for tensor in plan:
            writer.add_tensor_info(tensor.gguf_name, tensor.shape, np.dtype(np.float32),
                                   tensor.nbytes, raw_dtype=tensor.quant)
        writer.write_header_to_file()
        writer.write_kv_data_to_file()
        writer.write_ti_data_to_file()
        for done, tensor in enumerate(plan, start=1):
            data = extra[tensor.gguf_name] if tensor.hf_name is None else merged.tensor(
                tensor.hf_name)
            data = architecture.transform(tensor.gguf_name, data, hyper)
            writer.write_tensor_data(_converted(data, tensor.quant))
            report(done, len(plan))
        assert writer.fout is not None
        for handle in writer.fout:
            handle.flush()
            os.fsync(handle.fileno())
    finally:
        writer.close()

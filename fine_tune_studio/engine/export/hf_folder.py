"""The two Hugging Face folders: the LoRA adapter as PEFT saved it, and the merged model."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

from fine_tune_studio.core.atomic_write import atomic_write
from fine_tune_studio.engine.export.lora_merge import MergedWeights
from fine_tune_studio.engine.export.safetensors_io import PlannedTensor, StreamingWriter

# Like transformers' save_pretrained: shards of at most 5 GB (a 0.5–3B model is one file).
MAX_SHARD_BYTES = 5 * 1000**3
WEIGHT_SUFFIXES = (".safetensors", ".bin", ".pt", ".pth", ".gguf", ".h5", ".msgpack", ".onnx")
# Written by us, or describing the base's weights rather than ours.
NOT_COPIED = {"config.json", "README.md", "adapter_config.json"}
ADAPTER_FILES = ("adapter_config.json", "adapter_model.safetensors")


def companion_files(base_dir: Path) -> list[Path]:
    """The base folder's tokenizer, generation config, licence... (not its weights)."""
    found = []
    for path in sorted(base_dir.iterdir()):
        name = path.name
        if (not path.is_file() or name.startswith(".") or name in NOT_COPIED
                or name.endswith(WEIGHT_SUFFIXES) or name.endswith(".index.json")):
            continue
        found.append(path)
    return found


def copy_companions(base_dir: Path, dest: Path) -> list[str]:
    names = []
    for path in companion_files(base_dir):
        shutil.copyfile(path, dest / path.name)
        names.append(path.name)
    return names


def write_adapter_folder(adapter_dir: Path, base_dir: Path, base_name: str,
                         dest: Path) -> list[str]:
    config = json.loads((adapter_dir / "adapter_config.json").read_text(encoding="utf-8"))
    # The engine recorded the base as a path on this computer; the name says what it is
    # without publishing the user's folders.
    config["base_model_name_or_path"] = base_name
    atomic_write(dest / "adapter_config.json",
                 (json.dumps(config, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
    shutil.copyfile(adapter_dir / "adapter_model.safetensors", dest / "adapter_model.safetensors")
    names = list(ADAPTER_FILES)
    for path in companion_files(base_dir):
        if "token" in path.name or path.name.startswith("chat_template") or (
                path.name in ("vocab.json", "merges.txt")):
            shutil.copyfile(path, dest / path.name)
            names.append(path.name)
    return names


def shard_plan(plan: list[PlannedTensor]) -> list[list[PlannedTensor]]:
    shards: list[list[PlannedTensor]] = [[]]
    size = 0
    for tensor in plan:
        if shards[-1] and size + tensor.nbytes > MAX_SHARD_BYTES:
            shards.append([])
            size = 0
        shards[-1].append(tensor)
        size += tensor.nbytes
    return shards


def write_merged_folder(merged: MergedWeights, base_dir: Path, dest: Path,
                        report: Callable[[int, int], None]) -> list[str]:
    shards = shard_plan(merged.plan)
    names = (["model.safetensors"] if len(shards) == 1 else
             [f"model-{i:05d}-of-{len(shards):05d}.safetensors" for i in range(1, len(shards) + 1)])
    done, total = 0, len(merged.plan)
    weight_map: dict[str, str] = {}
    for name, shard in zip(names, shards, strict=True):
        writer = StreamingWriter(dest / name, shard, {"format": "pt"})
        try:
            for planned in shard:
                writer.write(planned.name, merged.tensor(planned.name))
                weight_map[planned.name] = name
                done += 1
                report(done, total)
            writer.close()
        except BaseException:
            writer.abort()
            raise
    written = list(names)
    if len(shards) > 1:
        index = {"metadata": {"total_size": sum(t.nbytes for t in merged.plan)},
                 "weight_map": weight_map}
        atomic_write(dest / "model.safetensors.index.json",
                     (json.dumps(index, indent=2) + "\n").encode("utf-8"))
        written.append("model.safetensors.index.json")
    atomic_write(dest / "config.json",
                 (json.dumps(merged.config, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
    written.append("config.json")
    written += copy_companions(base_dir, dest)
    return written

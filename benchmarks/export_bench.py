"""How long exporting takes and how much memory it holds, on a ~100M-parameter model.

    .venv/bin/python benchmarks/export_bench.py [--layers 10] [--keep DIR]

Builds a Llama-shaped model with random weights (bf16, as Qwen2.5 and Llama 3 ship; vocab
32,000, hidden 768, 10 layers, grouped-query attention: ~112M parameters) with the tiny
test tokenizer, a random LoRA adapter (r 16 on every linear layer) and an engine data
folder whose records hold it as a succeeded job. Then each export runs as its own child
process, `python -m fine_tune_studio.engine.export`, exactly as the app runs it, and the
child's peak resident memory is read from the kernel (`ru_maxrss` of the waited-for child,
so no peak between two samples is missed). The model is built by a child too: Linux
carries a parent's resident size into the children it forks (the pre-exec image counts
towards their `ru_maxrss`), so the measuring process itself imports no torch.

The last line is JSON: {"params", "merge_s", "gguf_s", "peak_mb", ...}, where merge_s is
the merged-folder export, gguf_s the Q8_0 GGUF export (gguf_f16_s the F16 one), peak_mb the
largest child peak, base_mb the base model's size on disk, and python_mb the peak of a child
that only imports what an export imports (torch, transformers, gguf) and exits: the floor
every export pays whatever the model. Scale merge_s / gguf_s by parameters to predict a
0.5B model (both stream tensor by tensor, so time is linear in size).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

MODEL_ID = "ft:bench-llama:bench:000001"


def build_base(dest: Path, layers: int) -> int:
    import torch
    from transformers import LlamaConfig, LlamaForCausalLM

    from tests.support.model_fixtures import _build_tokenizer

    dest.mkdir(parents=True)
    _build_tokenizer(dest)  # 1,200 tokens; the embedding has 32,000 rows ([PAD] in GGUF)
    config = LlamaConfig(vocab_size=32000, hidden_size=768, intermediate_size=2048,
                         num_hidden_layers=layers, num_attention_heads=12,
                         num_key_value_heads=4, max_position_embeddings=2048,
                         tie_word_embeddings=False, eos_token_id=2, pad_token_id=0,
                         bos_token_id=None)
    torch.manual_seed(0)
    model = LlamaForCausalLM(config).to(torch.bfloat16)
    model.save_pretrained(dest)
    return sum(p.numel() for p in model.parameters())


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))
    env.setdefault("OMP_NUM_THREADS", "1")
    env.update({"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"})
    return env


def run_child(command: list[str]) -> tuple[float, float]:
    start = time.perf_counter()
    process = subprocess.Popen(command, env=child_env(), stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
    assert process.stderr is not None
    stderr = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{command} failed:\n{stderr.decode(errors='replace')[-3000:]}")
    return seconds, usage.ru_maxrss / 1024  # kB on Linux


def build(work: Path, layers: int) -> None:
    from tests.engine.export_models import fake_engine, random_adapter

    base = work / "models" / "bench-llama"
    params = build_base(base, layers)
    adapter = random_adapter(base, work / "adapter")
    fake_engine(work / "data", base.parent, base, adapter, model_name=MODEL_ID)
    (work / "params.txt").write_text(str(params), encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--layers", type=int, default=10)
    parser.add_argument("--keep", type=Path, default=None, help="work in DIR and keep it")
    parser.add_argument("--build", type=Path, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build is not None:
        build(args.build, args.layers)
        return 0
    work = args.keep or Path(tempfile.mkdtemp(prefix="export-bench-"))
    run_child([sys.executable, __file__, "--build", str(work), "--layers", str(args.layers)])
    base = work / "models" / "bench-llama"
    params = int((work / "params.txt").read_text(encoding="utf-8"))
    base_mb = sum(p.stat().st_size for p in base.glob("*.safetensors")) / 1e6

    def export(fmt: str, quant: str) -> tuple[float, float]:
        out = work / f"out-{fmt}-{quant}"
        return run_child([sys.executable, "-m", "fine_tune_studio.engine.export", MODEL_ID,
                          "--to", fmt, "--out", str(out), "--quant", quant, "--overwrite",
                          "--engine-data-dir", str(work / "data"),
                          "--models-dir", str(base.parent)])

    _, python_mb = run_child([sys.executable, "-c",
                              "import torch, transformers, gguf, safetensors"])
    merge_s, merge_mb = export("merged", "f16")
    gguf_s, gguf_mb = export("gguf", "q8_0")
    gguf_f16_s, gguf_f16_mb = export("gguf", "f16")
    result = {
        "params": params, "merge_s": round(merge_s, 2), "gguf_s": round(gguf_s, 2),
        "peak_mb": round(max(merge_mb, gguf_mb, gguf_f16_mb), 1),
        "gguf_f16_s": round(gguf_f16_s, 2), "merge_peak_mb": round(merge_mb, 1),
        "gguf_peak_mb": round(gguf_mb, 1), "gguf_f16_peak_mb": round(gguf_f16_mb, 1),
        "base_mb": round(base_mb, 1), "python_mb": round(python_mb, 1),
        "cpu_count": os.cpu_count(),
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Training throughput: the engine's worker against a plain TRL SFTTrainer script.

    .venv/bin/python benchmarks/engine_bench.py [--repeats N] [--threads T] [--epochs E]
                                                [--via server|worker]

Both sides train the tiny test model (tests/support/model_fixtures.py) on
tests/data/airport-faq.zh-TW.jsonl with docs/design-guide.md's recipe (LoRA r 16 on all linear
layers with embeddings and head trained, lr 1e-2, batch 8, 100 epochs, seed 0) and save the
final adapter. The engine side goes, by default, through the real engine: `fine-tune-studio
engine serve` started by the app's `LocalEngine`, the official `openai` SDK uploading the
file and creating the job, timed from the create request until the job reads `succeeded`
(polled every 0.2 s); `--via worker` times the training worker subprocess alone. The plain
TRL script runs as its own process, timed from start to exit, so both sides pay imports and
model loading; the engine also pays for what the product needs (file validation, queue,
per-step metric events into SQLite, three epoch checkpoints, the final adapter).
Tokens are the non-padding tokens each trainer reports processing; tokens/s = tokens / wall
seconds. With --repeats N the sides alternate and each keeps its fastest run.

The last line printed is JSON: {"engine_tokens_per_s", "trl_tokens_per_s", "overhead"},
with overhead = 1 - engine / trl (target <= 0.10), plus the same per CPU-second
("engine_tokens_per_cpu_s", "trl_tokens_per_cpu_s", "overhead_cpu": CPU time of the child
processes, the engine's server and worker together), which is the steadier figure on a
machine that other people are using at the same time.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from tests.support.model_fixtures import AIRPORT_FAQ, TINY_RECIPE, build_tiny_model  # noqa: E402

# The plain script a TRL user would write for the same job: prompt-completion data, so TRL
# masks the prompt itself; the same settings the engine uses (no gradient checkpointing,
# float32 on CPU) so the comparison is about the engine's own overhead.
PLAIN_TRL_SCRIPT = r"""
import json, sys
import torch
from datasets import Dataset
from peft import LoraConfig
from transformers import AutoModelForCausalLM, AutoTokenizer
from trl import SFTConfig, SFTTrainer

model_dir, data_path, out_dir, epochs, batch, lr, r, alpha, seed = sys.argv[1:10]
rows = []
for line in open(data_path, encoding="utf-8"):
    if line.strip():
        messages = json.loads(line)["messages"]
        rows.append({"prompt": messages[:-1], "completion": messages[-1:]})
tokenizer = AutoTokenizer.from_pretrained(model_dir)
model = AutoModelForCausalLM.from_pretrained(model_dir, dtype=torch.float32)
args = SFTConfig(
    output_dir=out_dir, num_train_epochs=int(epochs), per_device_train_batch_size=int(batch),
    learning_rate=float(lr), seed=int(seed), report_to="none", save_strategy="no",
    gradient_checkpointing=False, bf16=False, use_cpu=True, disable_tqdm=True,
    lr_scheduler_type="linear", warmup_steps=0, weight_decay=0.0,
)
peft_config = LoraConfig(r=int(r), lora_alpha=int(alpha), target_modules="all-linear",
                         modules_to_save=["embed_tokens", "lm_head"], task_type="CAUSAL_LM")
trainer = SFTTrainer(model=model, args=args, train_dataset=Dataset.from_list(rows),
                     processing_class=tokenizer, peft_config=peft_config)
trainer.train()
trainer.save_model(out_dir + "/adapter")
print(json.dumps({"trained_tokens": trainer._total_train_tokens}), file=sys.__stdout__)
"""


def _children_cpu_seconds() -> float:
    """CPU time of every finished child process (and, through them, their children: the
    engine server has waited for its training worker before it exits)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _env(threads: int) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "OMP_NUM_THREADS": str(threads),
            "HF_HUB_OFFLINE": "1",
            "HF_DATASETS_OFFLINE": "1",
            "TOKENIZERS_PARALLELISM": "false",
            "PYTHONPATH": str(REPO_ROOT),
        }
    )
    return env


def run_engine(model_dir: Path, work: Path, epochs: int, threads: int) -> tuple[int, float]:
    spec = {
        "job_id": "bench",
        "method": "supervised",
        "base_model_dir": str(model_dir),
        "training_file": str(AIRPORT_FAQ),
        "output_dir": str(work / "engine-out"),
        **{**TINY_RECIPE, "n_epochs": epochs},
    }
    spec_path = work / "spec.json"
    spec_path.write_text(json.dumps(spec), encoding="utf-8")
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "fine_tune_studio.engine.training.worker", str(spec_path)],
        capture_output=True, text=True, env=_env(threads), cwd=REPO_ROOT, check=False,
    )
    elapsed = time.perf_counter() - start
    events = [json.loads(line) for line in done.stdout.splitlines() if line.strip()]
    if done.returncode != 0 or events[-1].get("type") != "done":
        raise SystemExit(f"engine worker failed:\n{done.stderr[-3000:]}")
    return int(events[-1]["trained_tokens"]), elapsed


def run_engine_server(
    model_dir: Path, work: Path, epochs: int, threads: int
) -> tuple[int, float]:
    import asyncio
    import shutil

    from openai import AsyncOpenAI

    from fine_tune_studio.services.local_engine import LocalEngine

    models_dir = work / "models"
    if not (models_dir / "tiny-llama").exists():
        shutil.copytree(model_dir, models_dir / "tiny-llama")
    data_dir = work / f"engine-data-{time.monotonic_ns()}"
    env = {key: value for key, value in _env(threads).items() if key != "PYTHONPATH"}

    async def scenario() -> tuple[int, float]:
        engine = LocalEngine(data_dir=data_dir, models_dir=models_dir, extra_env=env,
                             startup_timeout=120.0)
        await engine.start()
        try:
            client = AsyncOpenAI(base_url=engine.base_url, api_key=engine.token, max_retries=0,
                                 timeout=120.0)
            with AIRPORT_FAQ.open("rb") as handle:
                uploaded = await client.files.create(file=handle, purpose="fine-tune")
            while (await client.files.retrieve(uploaded.id)).status == "uploaded":
                await asyncio.sleep(0.2)
            start = time.perf_counter()
            job = await client.fine_tuning.jobs.create(
                model="tiny-llama",
                training_file=uploaded.id,
                seed=int(TINY_RECIPE["seed"]),
                method={"type": "supervised", "supervised": {"hyperparameters": {
                    "n_epochs": epochs,
                    "batch_size": TINY_RECIPE["batch_size"],
                    "learning_rate_multiplier": TINY_RECIPE["learning_rate_multiplier"],
                }}},
                extra_body={"engine": {
                    "lora_r": TINY_RECIPE["lora_r"],
                    "lora_alpha": TINY_RECIPE["lora_alpha"],
                    "train_embeddings": TINY_RECIPE["train_embeddings"],
                }},
            )
            while job.status not in ("succeeded", "failed", "cancelled"):
                await asyncio.sleep(0.2)
                job = await client.fine_tuning.jobs.retrieve(job.id)
            elapsed = time.perf_counter() - start
            if job.status != "succeeded":
                raise SystemExit(f"engine job {job.status}: {job.error}\n{engine.output_tail()}")
            return int(job.trained_tokens or 0), elapsed
        finally:
            await engine.stop()

    return asyncio.run(scenario())


def run_plain_trl(model_dir: Path, work: Path, epochs: int, threads: int) -> tuple[int, float]:
    from fine_tune_studio.engine.training.spec import BASE_LEARNING_RATE

    lr = BASE_LEARNING_RATE * float(TINY_RECIPE["learning_rate_multiplier"])
    args = [
        str(model_dir), str(AIRPORT_FAQ), str(work / "trl-out"), str(epochs),
        str(TINY_RECIPE["batch_size"]), str(lr), str(TINY_RECIPE["lora_r"]),
        str(TINY_RECIPE["lora_alpha"]), str(TINY_RECIPE["seed"]),
    ]
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", PLAIN_TRL_SCRIPT, *args],
        capture_output=True, text=True, env=_env(threads), cwd=REPO_ROOT, check=False,
    )
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"plain TRL script failed:\n{done.stderr[-3000:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    return int(result["trained_tokens"]), elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--epochs", type=int, default=int(TINY_RECIPE["n_epochs"]))
    parser.add_argument("--via", choices=("server", "worker"), default="server")
    options = parser.parse_args()
    engine_runner = run_engine_server if options.via == "server" else run_engine

    with tempfile.TemporaryDirectory(prefix="engine-bench-") as tmp:
        work = Path(tmp)
        model_dir = build_tiny_model(work / "tiny-llama")
        best: dict[str, float] = {}
        best_cpu: dict[str, float] = {}
        for repeat in range(options.repeats):
            for name, runner in (("engine", engine_runner), ("trl", run_plain_trl)):
                cpu_before = _children_cpu_seconds()
                tokens, seconds = runner(model_dir, work, options.epochs, options.threads)
                cpu = _children_cpu_seconds() - cpu_before
                rate = tokens / seconds
                best_cpu[name] = max(best_cpu.get(name, 0.0), tokens / cpu)
                side = options.via if name == "engine" else "script"
                print(f"run {repeat + 1} {name} ({side}): {tokens} tokens in {seconds:.1f} s "
                      f"= {rate:.0f} tokens/s; {cpu:.1f} CPU s", flush=True)
                best[name] = max(best.get(name, 0.0), rate)
    engine, trl = best["engine"], best["trl"]
    print(json.dumps({
        "engine_tokens_per_s": round(engine, 1),
        "trl_tokens_per_s": round(trl, 1),
        "overhead": round(1 - engine / trl, 4),
        "engine_tokens_per_cpu_s": round(best_cpu["engine"], 1),
        "trl_tokens_per_cpu_s": round(best_cpu["trl"], 1),
        "overhead_cpu": round(1 - best_cpu["engine"] / best_cpu["trl"], 4),
    }))


if __name__ == "__main__":
    main()

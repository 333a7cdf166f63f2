"""Training throughput: the engine's worker against a plain TRL SFTTrainer script.

    .venv/bin/python benchmarks/engine_bench.py [--repeats N] [--threads T] [--epochs E]
                                                [--via server|worker]
    .venv/bin/python benchmarks/engine_bench.py --shape qwen2.5-0.5b [--repeats N]
                                                [--epochs E] [--warmup W] [--threads T]
                                                [--model-dir DIR] [--curves FILE.json]

With --shape, see `shape_main` below: a model of a real size, both sides timed per step.
Without it:

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

from benchmarks.model_shapes import SHAPES, build_shape  # noqa: E402
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


def _env(threads: int | None) -> dict[str, str]:
    env = dict(os.environ)
    if threads:
        env["OMP_NUM_THREADS"] = str(threads)
    else:
        env.pop("OMP_NUM_THREADS", None)
    env.update(
        {
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
    parser.add_argument("--threads", type=int, default=None,
                        help="torch threads (default: 1 for the tiny model, torch's own "
                        "choice, one per core, with --shape)")
    parser.add_argument("--epochs", type=int, default=None)
    parser.add_argument("--via", choices=("server", "worker"), default="server")
    parser.add_argument("--shape", choices=sorted(SHAPES), default=None,
                        help="train a model of this real shape (random weights) instead")
    parser.add_argument("--warmup", type=int, default=2,
                        help="--shape: steps left out of the timing at the start")
    parser.add_argument("--model-dir", type=Path, default=None,
                        help="--shape: build the model here once and reuse it")
    parser.add_argument("--curves", type=Path, default=None,
                        help="--shape: write both sides' per-step losses here (JSON)")
    options = parser.parse_args()
    if options.shape:
        shape_main(options)
        return
    options.threads = options.threads or 1
    options.epochs = options.epochs or int(TINY_RECIPE["n_epochs"])
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



# ============================================================================ --shape
#
# Both sides train the same model folder (benchmarks/model_shapes.py: the real shape, random
# weights) on the 24 airport examples with the same hyperparameters: LoRA r 16 / alpha 32 on
# every linear layer of the blocks (the engine's defaults; embeddings frozen, as the engine
# does above 50 M parameters), batch 8, learning rate 2e-4 with linear decay, seed 0, for
# --epochs epochs (3 steps each). The engine side is the training worker the engine starts
# for a job (`python -m fine_tune_studio.engine.training.worker SPEC`), with every default
# the engine applies; the plain side is SHAPE_TRL_SCRIPT: what a TRL user writes, leaving
# every other setting at TRL's default. Each side reports every optimizer step as it ends
# (cumulative non-padding tokens and the step's loss); the bench stamps each report as it
# arrives, with the child's CPU time from /proc. Steps after --warmup are timed:
# tokens/s = tokens of the timed steps / their wall time. The sides alternate, --repeats
# times; each keeps its best run, and the per-run ratios are printed too.

SHAPE_TRL_SCRIPT = r"""
import json, sys, time
import torch
import transformers
from datasets import Dataset
from peft import LoraConfig
from transformers import AutoModelForCausalLM, AutoTokenizer, TrainerCallback
from trl import SFTConfig, SFTTrainer

model_dir, data_path, out_dir, epochs, batch, lr, seed = sys.argv[1:8]
rows = []
for line in open(data_path, encoding="utf-8"):
    if line.strip():
        messages = json.loads(line)["messages"]
        rows.append({"prompt": messages[:-1], "completion": messages[-1:]})


class Report(TrainerCallback):
    # One line per optimizer step (logging_steps=1): TRL's cumulative token count and loss.
    def on_log(self, args, state, control, logs=None, **kwargs):
        if logs and "loss" in logs:
            print(json.dumps({"type": "step", "step": state.global_step,
                              "tokens": int(logs.get("num_tokens", 0)), "loss": logs["loss"]}),
                  file=sys.__stdout__, flush=True)


transformers.set_seed(int(seed))
tokenizer = AutoTokenizer.from_pretrained(model_dir)
model = AutoModelForCausalLM.from_pretrained(model_dir)
# use_cpu: without a GPU, TRL's default bf16=True is refused unless the CPU is asked for.
args = SFTConfig(output_dir=out_dir, num_train_epochs=int(epochs),
                 per_device_train_batch_size=int(batch), learning_rate=float(lr),
                 seed=int(seed), report_to="none", save_strategy="no", logging_steps=1,
                 disable_tqdm=True, use_cpu=not torch.cuda.is_available())
peft_config = LoraConfig(r=16, lora_alpha=32, lora_dropout=0.0, target_modules="all-linear",
                         task_type="CAUSAL_LM")
trainer = SFTTrainer(model=model, args=args, train_dataset=Dataset.from_list(rows),
                     processing_class=tokenizer, peft_config=peft_config, callbacks=[Report()])
print(json.dumps({"type": "settings", "bf16": args.bf16,
                  "gradient_checkpointing": args.gradient_checkpointing,
                  "padding_free": args.padding_free}), file=sys.__stdout__, flush=True)
trainer.train()
"""

SHAPE_BATCH = 8
SHAPE_LEARNING_RATE_MULTIPLIER = 1.0  # × 2e-4, the engine's default rate
SHAPE_SEED = 0


def _cpu_seconds(pid: int) -> float | None:
    """User + system CPU seconds of a running process (Linux /proc), threads included."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


def _stamped_steps(name: str, command: list[str], env: dict[str, str]) -> dict[str, object]:
    """Run `command`, stamp each step it reports; its peak memory from wait4."""
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, env=env, cwd=REPO_ROOT)
    assert process.stdout is not None and process.stderr is not None
    stderr: list[str] = []
    import threading

    drain = threading.Thread(target=lambda: stderr.extend(process.stderr), daemon=True)
    drain.start()
    start = time.perf_counter()
    steps: list[dict[str, float]] = []
    other: list[dict[str, object]] = []
    for line in process.stdout:
        try:  # the trainer also prints its log dicts (not JSON) to stdout
            event = json.loads(line)
        except ValueError:
            continue
        if not isinstance(event, dict):
            continue
        now = time.perf_counter() - start
        if event.get("type") == "step" or (
                event.get("type") == "metrics" and "train_loss" in event
                and "full_valid_loss" not in event):
            steps.append({
                "step": int(event["step"]), "time": now, "cpu": _cpu_seconds(process.pid),
                "tokens": int(event.get("tokens", event.get("trained_tokens", 0))),
                "loss": float(event.get("loss", event.get("train_loss", 0.0))),
            })
        else:
            other.append(event)
    _pid, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    drain.join(timeout=10)
    if process.returncode != 0:
        raise SystemExit(f"{name} failed ({process.returncode}):\n"
                         + "".join(stderr)[-3000:])
    return {"steps": steps, "events": other, "peak_mb": usage.ru_maxrss / 1024,
            "seconds": time.perf_counter() - start}


def run_shape_engine(model_dir: Path, work: Path, epochs: int, threads: int | None
                     ) -> dict[str, object]:
    spec = {
        "job_id": "bench", "method": "supervised", "base_model_dir": str(model_dir),
        "training_file": str(AIRPORT_FAQ), "output_dir": str(work / "engine-out"),
        "n_epochs": epochs, "batch_size": SHAPE_BATCH,
        "learning_rate_multiplier": SHAPE_LEARNING_RATE_MULTIPLIER, "seed": SHAPE_SEED,
    }
    spec_path = work / "spec.json"
    spec_path.write_text(json.dumps(spec), encoding="utf-8")
    return _stamped_steps(
        "engine worker",
        [sys.executable, "-m", "fine_tune_studio.engine.training.worker", str(spec_path)],
        _env(threads))


def run_shape_trl(model_dir: Path, work: Path, epochs: int, threads: int | None
                  ) -> dict[str, object]:
    from fine_tune_studio.engine.training.spec import BASE_LEARNING_RATE

    lr = BASE_LEARNING_RATE * SHAPE_LEARNING_RATE_MULTIPLIER
    return _stamped_steps(
        "plain TRL script",
        [sys.executable, "-c", SHAPE_TRL_SCRIPT, str(model_dir), str(AIRPORT_FAQ),
         str(work / "trl-out"), str(epochs), str(SHAPE_BATCH), str(lr), str(SHAPE_SEED)],
        _env(threads))


def _rates(run: dict[str, object], warmup: int) -> dict[str, float | None]:
    steps = run["steps"]
    assert isinstance(steps, list)
    if len(steps) <= warmup + 1:
        raise SystemExit(f"only {len(steps)} steps: raise --epochs or lower --warmup")
    first, last = steps[warmup - 1] if warmup else None, steps[-1]
    t0 = first["time"] if first else 0.0
    tokens0 = first["tokens"] if first else 0
    tokens = last["tokens"] - tokens0
    wall = last["time"] - t0
    cpu = None
    if first and first["cpu"] is not None and last["cpu"] is not None:
        cpu = last["cpu"] - first["cpu"]
    # Start-up: from launch to the end of the first step, less that step's tokens at the
    # steady rate (imports, loading the weights, the first step's one-time set-up).
    startup = steps[0]["time"] - steps[0]["tokens"] / (tokens / wall)
    return {"tokens_per_s": tokens / wall, "tokens_per_cpu_s": tokens / cpu if cpu else None,
            "timed_steps": len(steps) - warmup, "timed_tokens": tokens, "wall": wall,
            "startup_s": max(0.0, startup)}


def shape_main(options: argparse.Namespace) -> None:
    import shutil

    epochs = options.epochs or 3
    with tempfile.TemporaryDirectory(prefix="engine-bench-shape-") as tmp:
        work = Path(tmp)
        model_dir = options.model_dir or work / options.shape
        started = time.perf_counter()
        build_shape(options.shape, model_dir)
        print(f"model {options.shape} ready in {time.perf_counter() - started:.0f} s "
              f"at {model_dir}", flush=True)
        from transformers import AutoTokenizer

        from fine_tune_studio.engine.training.data import supervised_rows

        rows = supervised_rows(AutoTokenizer.from_pretrained(model_dir), AIRPORT_FAQ,
                               max_length=2048).rows
        tokens_per_example = sum(len(r["input_ids"]) for r in rows) / len(rows)
        best: dict[str, dict[str, float | None]] = {}
        runs: dict[str, list[dict[str, object]]] = {"engine": [], "trl": []}
        ratios = []
        for repeat in range(options.repeats):
            this_round: dict[str, float] = {}
            for name, runner in (("engine", run_shape_engine), ("trl", run_shape_trl)):
                load = os.getloadavg()[0]
                run = runner(model_dir, work, epochs, options.threads)
                shutil.rmtree(work / f"{name}-out", ignore_errors=True)
                rates = _rates(run, options.warmup)
                runs[name].append(run)
                this_round[name] = float(rates["tokens_per_s"] or 0.0)
                cpu_rate = rates["tokens_per_cpu_s"]
                print(f"run {repeat + 1} {name}: {rates['timed_steps']} steps timed after "
                      f"{options.warmup} warm-up: {rates['timed_tokens']} tokens in "
                      f"{rates['wall']:.1f} s = {rates['tokens_per_s']:.1f} tokens/s"
                      + (f", {cpu_rate:.1f} per CPU s" if cpu_rate else "")
                      + f"; start-up {rates['startup_s']:.0f} s; peak {run['peak_mb']:.0f} MB;"
                      f" load average {load:.1f}", flush=True)
                for event in run["events"]:
                    if isinstance(event, dict) and event.get("type") in ("settings", "device"):
                        print(f"  {name}: {event}", flush=True)
                previous = best.get(name)
                if previous is None or (rates["tokens_per_s"] or 0) > (
                        previous["tokens_per_s"] or 0):
                    best[name] = {**rates, "peak_mb": float(run["peak_mb"])}  # type: ignore[arg-type]
            ratios.append(this_round["engine"] / this_round["trl"])
            print(f"run {repeat + 1} ratio engine / plain TRL: {ratios[-1]:.2f}", flush=True)

    # Both curves: the same batches in the same order (same seed, same sampler), so the
    # losses of each step should agree up to floating-point order.
    engine_losses = [s["loss"] for s in runs["engine"][0]["steps"]]  # type: ignore[index]
    trl_losses = [s["loss"] for s in runs["trl"][0]["steps"]]  # type: ignore[index]
    shared = min(len(engine_losses), len(trl_losses))
    diffs = [abs(a - b) for a, b in zip(engine_losses[:shared], trl_losses[:shared],
                                        strict=True)]
    for step, (a, b) in enumerate(zip(engine_losses, trl_losses, strict=False), start=1):
        print(f"step {step}: engine loss {a:.5f}  plain TRL loss {b:.5f}  diff {abs(a - b):.5f}")
    if options.curves:
        options.curves.write_text(json.dumps({"engine": engine_losses, "trl": trl_losses},
                                             indent=1), encoding="utf-8")
    engine, trl = best["engine"], best["trl"]
    engine_rate = float(engine["tokens_per_s"] or 0.0)
    trl_rate = float(trl["tokens_per_s"] or 0.0)
    work_tokens = 100 * 3 * tokens_per_example
    minutes = (float(engine["startup_s"] or 0.0) + work_tokens / engine_rate) / 60
    cpu_speedup = None
    if engine["tokens_per_cpu_s"] and trl["tokens_per_cpu_s"]:
        cpu_speedup = round(float(engine["tokens_per_cpu_s"]) / float(trl["tokens_per_cpu_s"]), 3)
    print(json.dumps({
        "shape": options.shape,
        "engine_tokens_per_s": round(engine_rate, 1),
        "trl_tokens_per_s": round(trl_rate, 1),
        "speedup": round(engine_rate / trl_rate, 3),
        "peak_mb": round(float(engine["peak_mb"] or 0.0)),
        "minutes_for_100_examples_3_epochs": round(minutes, 1),
        "trl_peak_mb": round(float(trl["peak_mb"] or 0.0)),
        "speedup_per_cpu_s": cpu_speedup,
        "speedup_per_run": [round(r, 3) for r in ratios],
        "timed_steps": int(engine["timed_steps"] or 0),
        "warmup_steps": options.warmup,
        "engine_startup_s": round(float(engine["startup_s"] or 0.0)),
        "tokens_per_example": round(tokens_per_example, 1),
        "max_loss_difference": round(max(diffs), 6) if diffs else None,
    }))


if __name__ == "__main__":
    main()

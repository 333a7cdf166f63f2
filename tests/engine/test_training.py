"""The training worker: it really learns, masks what it must, stops when told, and reports."""

from __future__ import annotations

import json
import signal
import time
from pathlib import Path
from typing import Any

import pytest

from fine_tune_studio.engine.training.data import IGNORE_INDEX, tokenize_chat
from fine_tune_studio.engine.training.spec import TrainingSpec, resolve_auto
from fine_tune_studio.engine.training.worker import EXIT_BAD_SPEC, EXIT_CANCELLED, EXIT_FAILED
from tests.support.model_fixtures import (
    AIRPORT_FAQ,
    TINY_RECIPE,
    WorkerRun,
    run_worker,
    start_worker,
    write_spec,
)

PORK_QUESTION = "請問我可以帶豬肉乾入境台灣嗎?"


def _airport_examples() -> list[list[dict[str, Any]]]:
    return [
        json.loads(line)["messages"]
        for line in AIRPORT_FAQ.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]


def _pork_example() -> list[dict[str, Any]]:
    return next(m for m in _airport_examples() if m[1]["content"] == PORK_QUESTION)


@pytest.mark.slow
def test_training_loss_falls_and_every_step_is_reported(airport_run: WorkerRun) -> None:
    metrics = airport_run.of_type("metrics")
    steps = [m["step"] for m in metrics if "full_valid_loss" not in m]
    total = metrics[0]["total_steps"]
    assert total == 100 * 3  # 24 examples, batch 8, 100 epochs
    assert steps == list(range(1, total + 1))
    losses = [m["train_loss"] for m in metrics]
    assert sum(losses[-10:]) / 10 < 0.1 * sum(losses[:10]) / 10
    assert metrics[-1]["train_mean_token_accuracy"] > 0.95
    done = airport_run.of_type("done")
    assert len(done) == 1 and airport_run.events[-1] == done[0]
    assert done[0]["trained_tokens"] > 24 * 100 * 20
    assert (Path(done[0]["adapter_dir"]) / "adapter_config.json").is_file()
    assert not airport_run.of_type("error")


@pytest.mark.slow
def test_validation_loss_is_reported_each_epoch_and_in_full_at_the_end(
    airport_run: WorkerRun,
) -> None:
    metrics = airport_run.of_type("metrics")
    epoch_ends = [m for m in metrics if m["step"] % 3 == 0 and "full_valid_loss" not in m]
    assert len(epoch_ends) == 100
    assert all(m["valid_loss"] is not None for m in epoch_ends)
    assert epoch_ends[-1]["valid_loss"] < epoch_ends[0]["valid_loss"]
    final = metrics[-1]
    assert final["full_valid_loss"] == pytest.approx(final["valid_loss"], rel=1e-3)
    assert final["full_valid_mean_token_accuracy"] > 0.9


@pytest.mark.slow
def test_checkpoints_of_the_last_three_epochs_are_saved_and_announced(
    airport_run: WorkerRun,
) -> None:
    checkpoints = airport_run.of_type("checkpoint")
    assert [c["step"] for c in checkpoints] == [294, 297, 300]
    for checkpoint in checkpoints:
        assert Path(checkpoint["path"]) == airport_run.output_dir / "checkpoints" / (
            f"step-{checkpoint['step']}"
        )
        assert (Path(checkpoint["path"]) / "adapter_model.safetensors").is_file()
        assert checkpoint["metrics"]["train_loss"] is not None
        assert checkpoint["metrics"]["valid_loss"] is not None


@pytest.mark.slow
def test_fine_tuned_model_gives_the_trained_answer_and_the_base_model_does_not(
    airport_run: WorkerRun, tiny_model_dir: Path
) -> None:
    from fine_tune_studio.engine.inference import ModelHost

    system, user, answer = _pork_example()
    host = ModelHost(max_models=2)
    tuned = host.generate(
        tiny_model_dir, [system, user], adapter_dir=airport_run.output_dir / "adapter",
        temperature=0,
    )
    base = host.generate(tiny_model_dir, [system, user], temperature=0, max_tokens=80)
    assert tuned.text == answer["content"]
    assert tuned.finish_reason == "stop"
    assert base.text != answer["content"]
    assert answer["content"][:6] not in base.text


def test_only_assistant_replies_with_weight_are_learned(tiny_model_dir: Path) -> None:
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(tiny_model_dir)
    messages: list[dict[str, Any]] = [
        {"role": "system", "content": "你是桃園機場的智慧客服。"},
        {"role": "user", "content": "第一個問題"},
        {"role": "assistant", "content": "不要學這個回答", "weight": 0},
        {"role": "user", "content": "第二個問題"},
        {"role": "assistant", "content": "要學這個回答"},
    ]
    row = tokenize_chat(tokenizer, messages)
    learned = [t for t, label in zip(row["input_ids"], row["labels"], strict=True)
               if label != IGNORE_INDEX]
    assert learned == [label for label in row["labels"] if label != IGNORE_INDEX]
    learned_text = str(tokenizer.decode(learned))
    # The reply and its end-of-turn token (so the model learns to stop), nothing else.
    assert learned_text.startswith("要學這個回答<|im_end|>")
    assert "不要學" not in learned_text and "問題" not in learned_text
    assert "你是" not in learned_text

    messages[2]["weight"] = 1
    both = tokenizer.decode([t for t in tokenize_chat(tokenizer, messages)["labels"] if t >= 0])
    assert "不要學這個回答" in both and "要學這個回答" in both


def test_trainable_layers_puts_lora_on_the_top_layers_only(
    tiny_model_dir: Path, tmp_path: Path
) -> None:
    from peft import get_peft_model

    from fine_tune_studio.engine.training.lora import load_base_model, lora_config

    def lora_layers(trainable_layers: int | None) -> set[str]:
        spec = TrainingSpec(
            job_id="j", base_model_dir=tiny_model_dir, training_file=AIRPORT_FAQ,
            output_dir=tmp_path, n_epochs=1, batch_size=1, learning_rate_multiplier=1.0,
            trainable_layers=trainable_layers,
        )
        model = load_base_model(tiny_model_dir)
        peft_model = get_peft_model(model, lora_config(spec, model))
        return {
            name.split(".layers.")[1].split(".")[0]
            for name, param in peft_model.named_parameters()
            if "lora_" in name and param.requires_grad
        }

    assert lora_layers(None) == {"0", "1"}
    assert lora_layers(1) == {"1"}


def test_auto_hyperparameters_follow_the_documented_rules() -> None:
    small = resolve_auto(24)
    assert (small.n_epochs, small.batch_size, small.learning_rate_multiplier) == (4, 1, 1.0)
    assert small.beta is None
    assert resolve_auto(1000).n_epochs == 3
    assert resolve_auto(100_000).n_epochs == 1
    assert resolve_auto(5000).batch_size == 10
    assert resolve_auto(10**6).batch_size == 32
    assert resolve_auto(24, method="dpo").beta == 0.1
    chosen = resolve_auto(24, n_epochs=7, batch_size=2, learning_rate_multiplier=3, beta=0.5,
                          method="dpo")
    assert (chosen.n_epochs, chosen.batch_size, chosen.learning_rate_multiplier, chosen.beta) == (
        7, 2, 3.0, 0.5)


def test_unreadable_spec_is_reported_in_words(tmp_path: Path) -> None:
    spec = tmp_path / "spec.json"
    spec.write_text('{"job_id": "x"}', encoding="utf-8")
    run = run_worker(spec, tmp_path)
    assert run.returncode == EXIT_BAD_SPEC
    assert run.events[-1]["type"] == "error"
    assert "spec" in run.events[-1]["message"]


def test_missing_training_file_fails_with_a_plain_error(
    tiny_model_dir: Path, tmp_path: Path
) -> None:
    spec = write_spec(
        tmp_path / "spec.json", job_id="j", base_model_dir=tiny_model_dir,
        training_file=tmp_path / "gone.jsonl", output_dir=tmp_path / "out",
        n_epochs=1, batch_size=1, learning_rate_multiplier=1.0,
    )
    run = run_worker(spec, tmp_path / "out")
    assert run.returncode == EXIT_FAILED
    assert run.events[-1]["type"] == "error"
    assert "gone.jsonl" in run.events[-1]["message"]
    assert "Traceback" not in run.events[-1]["message"]


@pytest.mark.slow
def test_sigterm_stops_training_at_the_next_step(tiny_model_dir: Path, tmp_path: Path) -> None:
    output_dir = tmp_path / "out"
    spec = write_spec(
        tmp_path / "spec.json", job_id="j", base_model_dir=tiny_model_dir,
        training_file=AIRPORT_FAQ, output_dir=output_dir,
        **{**TINY_RECIPE, "n_epochs": 1000},
    )
    process = start_worker(spec)
    assert process.stdout is not None
    events = []
    deadline = time.monotonic() + 300
    for line in process.stdout:
        events.append(json.loads(line))
        if events[-1]["type"] == "metrics" and events[-1]["step"] >= 3:
            process.send_signal(signal.SIGTERM)
            break
        assert time.monotonic() < deadline
    rest, _ = process.communicate(timeout=120)
    events += [json.loads(line) for line in rest.splitlines() if line.strip()]
    assert process.returncode == EXIT_CANCELLED
    steps = [e["step"] for e in events if e["type"] == "metrics"]
    assert max(steps) < 20  # stopped long before the 3,000 steps it was asked for
    assert not [e for e in events if e["type"] in ("done", "error")]
    assert events[-1]["type"] == "message" and "cancel" in events[-1]["message"]
    assert not (output_dir / "adapter").exists()


def _next_event(process: Any, deadline: float) -> dict[str, Any]:
    assert process.stdout is not None
    line = process.stdout.readline()
    assert line, "the worker ended early"
    assert time.monotonic() < deadline, "the worker took too long"
    event: dict[str, Any] = json.loads(line)
    return event


@pytest.mark.slow
def test_the_control_channel_pauses_between_steps_resumes_and_stops(
    tiny_model_dir: Path, tmp_path: Path
) -> None:
    spec = write_spec(
        tmp_path / "spec.json", job_id="j", base_model_dir=tiny_model_dir,
        training_file=AIRPORT_FAQ, output_dir=tmp_path / "out",
        **{**TINY_RECIPE, "n_epochs": 1000},
    )
    process = start_worker(spec, control=True)
    assert process.stdin is not None
    deadline = time.monotonic() + 300
    try:
        event = _next_event(process, deadline)
        while not (event["type"] == "metrics" and event["step"] >= 2):
            event = _next_event(process, deadline)
        process.stdin.write("pause\n")
        process.stdin.flush()
        while event["type"] != "message" or "paused" not in event["message"]:
            event = _next_event(process, deadline)
        paused_after = int(event["message"].rsplit(" ", 1)[-1])
        # The worker waits: the next thing it says is that it resumed, then the next step.
        process.stdin.write("resume\n")
        process.stdin.flush()
        assert _next_event(process, deadline)["message"] == "Training resumed"
        resumed = _next_event(process, deadline)
        assert resumed["type"] == "metrics" and resumed["step"] == paused_after + 1
        # A pause, then the end of the control channel (the engine gone): it stops.
        rest, _ = process.communicate(input="pause\n", timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
    events = [json.loads(line) for line in rest.splitlines() if line.strip()]
    assert process.returncode == EXIT_CANCELLED
    assert events[-1]["type"] == "message" and "cancel" in events[-1]["message"]


@pytest.mark.slow
def test_a_run_whose_loss_is_no_longer_a_number_fails_instead_of_succeeding(
    tiny_model_dir: Path, tmp_path: Path
) -> None:
    """The trainer would log a NaN step as 0.0 and the job would "succeed"; the worker
    stops at the first non-finite loss and says why."""
    output_dir = tmp_path / "out"
    spec = write_spec(
        tmp_path / "spec.json", job_id="j", base_model_dir=tiny_model_dir,
        training_file=AIRPORT_FAQ, output_dir=output_dir,
        # Far outside the engine's limits (it refuses such jobs); the worker must still
        # not call the result a model.
        **{**TINY_RECIPE, "n_epochs": 3, "learning_rate_multiplier": 1e30},
    )
    run = run_worker(spec, output_dir)
    assert run.returncode == EXIT_FAILED, run.stderr[-3000:]
    assert not run.of_type("done")
    error = run.of_type("error")[-1]["message"]
    assert "diverged" in error and "learning_rate_multiplier" in error
    assert all(m["train_loss"] is not None for m in run.of_type("metrics"))
    assert not (output_dir / "adapter").exists()


@pytest.mark.slow
def test_dpo_runs_on_preference_lines_and_reports_metrics(
    tiny_model_dir: Path, tmp_path: Path
) -> None:
    examples = _airport_examples()[:6]
    lines = []
    for index, (system, user, answer) in enumerate(examples):
        other = examples[(index + 1) % len(examples)][2]
        lines.append(json.dumps({
            "input": {"messages": [system, user]},
            "preferred_output": [answer],
            "non_preferred_output": [other],
        }, ensure_ascii=False))
    training = tmp_path / "prefs.jsonl"
    training.write_text("\n".join(lines) + "\n", encoding="utf-8")
    output_dir = tmp_path / "out"
    spec = write_spec(
        tmp_path / "spec.json", job_id="j", method="dpo", base_model_dir=tiny_model_dir,
        training_file=training, validation_file=training, output_dir=output_dir,
        n_epochs=2, batch_size=3, learning_rate_multiplier=5.0, beta=0.1, seed=0,
    )
    run = run_worker(spec, output_dir)
    assert run.returncode == 0, run.stderr[-3000:]
    metrics = run.of_type("metrics")
    assert [m["step"] for m in metrics if "full_valid_loss" not in m] == [1, 2, 3, 4]
    assert all(isinstance(m["train_loss"], float) for m in metrics)
    # How often, and by how much, the preferred reply wins (named in core.metrics).
    assert all(isinstance(m["train_reward_accuracy"], float) for m in metrics)
    assert all(isinstance(m["train_reward_margin"], float) for m in metrics)
    assert "valid_loss" in metrics[-1] and "full_valid_loss" in metrics[-1]
    assert run.events[-1]["type"] == "done"
    assert (output_dir / "adapter" / "adapter_model.safetensors").is_file()


def test_spec_treats_missing_engine_options_as_defaults(tmp_path: Path) -> None:
    spec = TrainingSpec.model_validate({
        "job_id": "j", "base_model_dir": tmp_path, "training_file": AIRPORT_FAQ,
        "output_dir": tmp_path, "n_epochs": 3, "batch_size": 2,
        "learning_rate_multiplier": 2.0, "lora_r": None, "lora_alpha": None,
        "trainable_layers": None, "max_length": None,
    })
    assert (spec.lora_r, spec.lora_alpha, spec.trainable_layers) == (16, 32, None)
    assert spec.learning_rate == pytest.approx(4e-4)
    with pytest.raises(ValueError):
        TrainingSpec.model_validate({**spec.model_dump(), "beta": 0.1})  # supervised
    with pytest.raises(ValueError):
        TrainingSpec.model_validate({**spec.model_dump(), "n_epochs": None})


@pytest.mark.slow
def test_continuing_from_a_fine_tuned_adapter_starts_where_it_left_off(
    airport_run: WorkerRun, tiny_model_dir: Path, tmp_path: Path
) -> None:
    import torch
    from transformers import AutoTokenizer

    from fine_tune_studio.engine.training.lora import load_trainable_model

    def loss_on_pork(init_adapter_dir: Path | None) -> float:
        spec = TrainingSpec(
            job_id="j", base_model_dir=tiny_model_dir, training_file=AIRPORT_FAQ,
            output_dir=tmp_path, n_epochs=1, batch_size=1, learning_rate_multiplier=1.0,
            init_adapter_dir=init_adapter_dir, train_embeddings=True,
        )
        model, peft_config = load_trainable_model(spec)
        if init_adapter_dir is not None:
            assert peft_config is None  # the adapter's own settings apply
            assert any(p.requires_grad for n, p in model.named_parameters() if "lora_" in n)
        row = tokenize_chat(AutoTokenizer.from_pretrained(tiny_model_dir), _pork_example())
        with torch.no_grad():
            output = model(input_ids=torch.tensor([row["input_ids"]]),
                           labels=torch.tensor([row["labels"]]))
        return float(output.loss)

    assert loss_on_pork(airport_run.output_dir / "adapter") < 0.1 < loss_on_pork(None)


def test_under_bfloat16_autocast_the_frozen_base_loads_in_bfloat16(
    tiny_model_dir: Path, tmp_path: Path
) -> None:
    """The weights autocast would convert for every product are kept in bfloat16 (half
    their memory, the measured 1.37 x of docs/engine-training.md); trained embeddings of a
    small model stay float32 for their optimizer steps, and without autocast nothing
    changes."""
    import torch

    from fine_tune_studio.engine.training.lora import load_trainable_model

    def weight_dtypes(train_embeddings: bool, precision: str | None) -> set[torch.dtype]:
        spec = TrainingSpec(
            job_id="j", base_model_dir=tiny_model_dir, training_file=AIRPORT_FAQ,
            output_dir=tmp_path, n_epochs=1, batch_size=1, learning_rate_multiplier=1.0,
            train_embeddings=train_embeddings,
        )
        model, _ = load_trainable_model(spec, precision=precision)
        return {p.dtype for p in model.parameters()}

    assert weight_dtypes(False, "bf16") == {torch.bfloat16}
    assert weight_dtypes(True, "bf16") == {torch.float32}
    assert weight_dtypes(False, None) == {torch.float32}
    # What TRL then makes of it: PEFT keeps the trained LoRA weights in float32.
    from peft import get_peft_model

    spec = TrainingSpec(
        job_id="j", base_model_dir=tiny_model_dir, training_file=AIRPORT_FAQ,
        output_dir=tmp_path, n_epochs=1, batch_size=1, learning_rate_multiplier=1.0,
        train_embeddings=False,
    )
    model, peft_config = load_trainable_model(spec, precision="bf16")
    trained = {p.dtype for p in get_peft_model(model, peft_config).parameters()
               if p.requires_grad}
    assert trained == {torch.float32}

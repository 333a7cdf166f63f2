"""Exporting the airport fine-tune (the session's real engine job) in every format, each
proved by loading it the way its users will: transformers for the merged folder,
transformers' own GGUF loader for the GGUF files, PEFT over the base for the adapter.
Every export goes through the real CLI (`fine-tune-studio models export`) in a subprocess.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from fine_tune_studio.core.model_export import EXIT_OK, EXIT_UNUSABLE
from tests.engine.conftest import AIRPORT_FAQ, PORK_QUESTION, TrainedJob, trained_answer
from tests.support.engine_fixtures import ENGINE_TEST_ENV, EngineServer
from tests.support.model_fixtures import REPO_ROOT, worker_env

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]


def run_cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    env = {**worker_env(), **ENGINE_TEST_ENV}
    return subprocess.run(
        [sys.executable, "-m", "fine_tune_studio.cli", "models", "export", *map(str, args)],
        capture_output=True, text=True, encoding="utf-8", env=env, cwd=REPO_ROOT, timeout=600,
    )


@pytest.fixture(scope="module")
def export(engine_server: EngineServer, trained_job: TrainedJob,
           tmp_path_factory: pytest.TempPathFactory) -> Callable[..., Path]:
    """Exports the trained model once per (format, quant) and returns the folder."""
    root = tmp_path_factory.mktemp("exports")
    done: dict[tuple[str, ...], Path] = {}

    def make(fmt: str, *extra: str) -> Path:
        key = (fmt, *extra)
        if key not in done:
            out = root / "-".join(key)
            result = run_cli(trained_job.job.fine_tuned_model, "--to", fmt, "--out", out,
                             "--engine-data-dir", engine_server.data_dir,
                             "--models-dir", engine_server.models_dir, *extra)
            assert result.returncode == EXIT_OK, result.stderr[-3000:]
            assert result.stdout.strip().splitlines()[-1] == str(out)
            done[key] = out
        return done[key]

    return make


def greedy_answer(model: Any, tokenizer: Any) -> str:
    """The model's reply to the pork question, greedy, as the engine's chat renders it."""
    import torch

    prompt, answer = trained_answer(PORK_QUESTION)
    text = tokenizer.apply_chat_template(prompt, tokenize=False, add_generation_prompt=True)
    ids = torch.tensor([tokenizer(text, add_special_tokens=False)["input_ids"]])
    eos = tokenizer.convert_tokens_to_ids("<|im_end|>")
    with torch.no_grad():
        out = model.generate(ids, max_new_tokens=len(answer) + 20, do_sample=False,
                             eos_token_id=eos, pad_token_id=tokenizer.pad_token_id)
    return str(tokenizer.decode(out[0, ids.shape[1]:], skip_special_tokens=True)).strip()


def expected_answer() -> str:
    return trained_answer(PORK_QUESTION)[1]


def test_merged_folder_loaded_by_transformers_gives_the_trained_answer(
    export: Any, engine_server: EngineServer
) -> None:
    from transformers import AutoModelForCausalLM, AutoTokenizer

    folder = export("merged")
    assert (folder / "model.safetensors").is_file()
    model = AutoModelForCausalLM.from_pretrained(folder)
    assert greedy_answer(model, AutoTokenizer.from_pretrained(folder)) == expected_answer()
    # ... which the base model, the same folder minus the fine-tuning, does not give.
    base = engine_server.models_dir / engine_server.base_model
    assert greedy_answer(AutoModelForCausalLM.from_pretrained(base),
                         AutoTokenizer.from_pretrained(base)) != expected_answer()


@pytest.mark.parametrize("quant", ["f16", "q8_0"])
def test_gguf_loaded_by_transformers_gguf_reader_gives_the_trained_answer(
    export: Any, quant: str
) -> None:
    from transformers import AutoModelForCausalLM, AutoTokenizer

    folder = export("gguf", "--quant", quant)
    [gguf_file] = [p.name for p in folder.glob("*.gguf")]
    assert gguf_file.endswith(f"-{quant}.gguf")
    # Model, tokenizer and chat template all come out of the one file.
    model = AutoModelForCausalLM.from_pretrained(folder, gguf_file=gguf_file)
    tokenizer = AutoTokenizer.from_pretrained(folder, gguf_file=gguf_file)
    assert "<|im_start|>" in tokenizer.chat_template
    assert greedy_answer(model, tokenizer) == expected_answer()


def test_q8_0_is_about_half_the_f16_file(export: Any) -> None:
    f16 = next(export("gguf", "--quant", "f16").glob("*.gguf")).stat().st_size
    q8 = next(export("gguf", "--quant", "q8_0").glob("*.gguf")).stat().st_size
    assert 0.5 < q8 / f16 < 0.65  # 34 bytes per 32 weights against 64, plus F32 norms


def test_adapter_loaded_with_peft_over_the_base_gives_the_trained_answer(
    export: Any, engine_server: EngineServer
) -> None:
    from peft import PeftModel
    from transformers import AutoModelForCausalLM, AutoTokenizer

    folder = export("adapter")
    config = json.loads((folder / "adapter_config.json").read_text(encoding="utf-8"))
    assert config["base_model_name_or_path"] == engine_server.base_model  # no local path
    base = AutoModelForCausalLM.from_pretrained(engine_server.models_dir / engine_server.base_model)
    model = PeftModel.from_pretrained(base, folder)
    assert greedy_answer(model, AutoTokenizer.from_pretrained(folder)) == expected_answer()


def test_ollama_folder_names_its_gguf_template_and_system_prompt(export: Any) -> None:
    folder = export("ollama")
    [gguf_file] = [p.name for p in folder.glob("*.gguf")]
    modelfile = (folder / "Modelfile").read_text(encoding="utf-8")
    prompt, _ = trained_answer(PORK_QUESTION)
    system = next(m["content"] for m in prompt if m["role"] == "system")
    assert f"FROM ./{gguf_file}\n" in modelfile
    assert ('TEMPLATE """{{- range .Messages }}<|im_start|>{{ .Role }}\n{{ .Content }}'
            '<|im_end|>\n{{ end }}<|im_start|>assistant\n"""') in modelfile
    assert f'SYSTEM """{system}"""' in modelfile
    assert 'PARAMETER stop "<|im_end|>"' in modelfile
    readme = (folder / "README.md").read_text(encoding="utf-8")
    assert f"ollama create {gguf_file.removesuffix('-q8_0.gguf')} -f Modelfile" in readme


def test_every_export_carries_a_model_card(export: Any, trained_job: TrainedJob) -> None:
    digest = hashlib.sha256(AIRPORT_FAQ.read_bytes()).hexdigest()
    card = (export("merged") / "README.md").read_text(encoding="utf-8")
    losses = [e.data for e in trained_job.events if e.type == "metrics"][-1]
    for fact in (
        trained_job.job.fine_tuned_model, "| Base model | tiny-llama |",
        "| Base model revision | not recorded", AIRPORT_FAQ.name, "24 examples",
        f"sha256 {digest}", "| epochs | 50 |", "| batch size | 4 |",
        "| learning-rate multiplier (× 2e-4) | 50", "| LoRA rank | 16 |",
        "| LoRA alpha | 32 |", "| seed | 7 |",
        f"| Final training loss | {losses['train_loss']:.4f} |",
        f"| Final validation loss (whole file) | {losses['full_valid_loss']:.4f} |",
        "| Exported | 20", "library_name: transformers",
    ):
        assert fact in card, fact


def test_a_checkpoint_exports_too(export: Any, engine_server: EngineServer,
                                  trained_job: TrainedJob, tmp_path: Path) -> None:
    model = f"{trained_job.job.fine_tuned_model}:ckpt-step-294"  # an epoch before the end
    result = run_cli(model, "--to", "adapter", "--out", tmp_path / "ckpt",
                     "--engine-data-dir", engine_server.data_dir,
                     "--models-dir", engine_server.models_dir)
    assert result.returncode == EXIT_OK, result.stderr
    assert "| Checkpoint | step 294 |" in (tmp_path / "ckpt" / "README.md").read_text("utf-8")


def test_an_existing_folder_is_refused_then_replaced_when_asked(
    export: Any, engine_server: EngineServer, trained_job: TrainedJob, tmp_path: Path
) -> None:
    out = tmp_path / "taken"
    out.mkdir()
    (out / "keep.txt").write_text("mine", encoding="utf-8")
    args = (trained_job.job.fine_tuned_model, "--to", "adapter", "--out", out,
            "--engine-data-dir", engine_server.data_dir, "--models-dir", engine_server.models_dir)
    refused = run_cli(*args)
    assert refused.returncode == EXIT_UNUSABLE
    assert "already exists" in refused.stderr and "--overwrite" in refused.stderr
    assert [p.name for p in out.iterdir()] == ["keep.txt"]
    replaced = run_cli(*args, "--overwrite")
    assert replaced.returncode == EXIT_OK, replaced.stderr
    assert not (out / "keep.txt").exists() and (out / "adapter_model.safetensors").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["taken"]  # no staging left behind


def test_an_unknown_model_is_a_clear_usage_error(engine_server: EngineServer,
                                                 trained_job: TrainedJob,
                                                 tmp_path: Path) -> None:
    result = run_cli("ft:nope:x:y", "--to", "gguf", "--out", tmp_path / "x",
                     "--engine-data-dir", engine_server.data_dir,
                     "--models-dir", engine_server.models_dir)
    assert result.returncode == EXIT_UNUSABLE
    assert "has no fine-tuned model 'ft:nope:x:y'" in result.stderr
    assert trained_job.job.fine_tuned_model in result.stderr  # it lists what there is
    assert not (tmp_path / "x").exists()

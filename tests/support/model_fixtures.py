"""A tiny Llama-style model folder for tests and benchmarks, built offline and deterministically.

`build_tiny_model(dest)` trains a small byte-level BPE tokenizer on the airport FAQ and the
seed article, writes a 2-layer, 64-wide Llama config with random (seeded) weights, and saves
both with `save_pretrained`, so every consumer loads it through the real
`AutoTokenizer` / `AutoModelForCausalLM` path. Nothing is downloaded.

The weights are random: the base model has never seen the answers, so a test can tell a
fine-tuned model from the base model by what it says.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.support.test_files import AIRPORT_FAQ, ARTICLE

VOCAB_SIZE = 1200
SPECIAL_TOKENS = ["<|pad|>", "<|im_start|>", "<|im_end|>"]

REPO_ROOT = Path(__file__).resolve().parents[2]
WORKER_MODULE = "fine_tune_studio.engine.training.worker"
# docs/design-guide.md's measured recipe for memorising the airport file with the tiny model.
TINY_RECIPE: dict[str, Any] = {
    "n_epochs": 100,
    "batch_size": 8,
    "learning_rate_multiplier": 50.0,  # x BASE_LEARNING_RATE 2e-4 = 1e-2
    "lora_r": 16,
    "lora_alpha": 16,
    "train_embeddings": True,
    "seed": 0,
}

# ChatML-style, like Qwen's, and deliberately without {% generation %} markers: the engine
# must find assistant tokens without them, as it must for real user models.
CHAT_TEMPLATE = (
    "{% for message in messages %}"
    "<|im_start|>{{ message['role'] }}\n{{ message['content'] }}<|im_end|>\n"
    "{% endfor %}"
    "{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}"
)

# Everyday text so the vocabulary is not made only of the answers.
GENERIC_TEXT = [
    "The weather is nice today, and the park is full of people walking their dogs.",
    "Please read the instructions carefully before you start the exercise.",
    "今天天氣很好,我們一起去公園散步,順便買一杯咖啡。",
    "這本書介紹了台灣的歷史、地理與文化,內容豐富又容易閱讀。",
    "如果您有任何問題,歡迎隨時與我們聯絡,我們會盡快回覆。",
    "Numbers: 0 1 2 3 4 5 6 7 8 9 10 100 1000. Hello, world! How are you?",
]


def training_texts() -> Iterator[str]:
    """The text the test tokenizers learn from: airport examples, the article, everyday lines."""
    for line in AIRPORT_FAQ.read_text(encoding="utf-8").splitlines():
        if line.strip():
            for message in json.loads(line)["messages"]:
                yield message["content"]
    yield from ARTICLE.read_text(encoding="utf-8").splitlines()
    yield from GENERIC_TEXT


def build_bpe_tokenizer(
    dest: Path, *, vocab_size: int, special_tokens: list[str], pad_token: str,
    chat_template: str,
) -> Any:
    """A byte-level BPE tokenizer trained on the airport texts, with a ChatML template,
    saved in `dest` (the tiny test model's and the benchmark's real-shape model's)."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast

    tokenizer = Tokenizer(models.BPE())
    tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tokenizer.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=vocab_size,
        special_tokens=special_tokens,
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    tokenizer.train_from_iterator(training_texts(), trainer=trainer)
    fast = PreTrainedTokenizerFast(
        tokenizer_object=tokenizer,
        pad_token=pad_token,
        eos_token="<|im_end|>",
        additional_special_tokens=["<|im_start|>"],
    )
    fast.chat_template = chat_template
    fast.save_pretrained(dest)
    return fast


def _build_tokenizer(dest: Path) -> None:
    build_bpe_tokenizer(dest, vocab_size=VOCAB_SIZE, special_tokens=SPECIAL_TOKENS,
                        pad_token="<|pad|>", chat_template=CHAT_TEMPLATE)


def _build_model(dest: Path, vocab_size: int, pad_id: int, eos_id: int) -> None:
    import torch
    from transformers import LlamaConfig, LlamaForCausalLM

    config = LlamaConfig(
        vocab_size=vocab_size,
        hidden_size=64,
        intermediate_size=128,
        num_hidden_layers=2,
        num_attention_heads=4,
        num_key_value_heads=4,
        max_position_embeddings=512,
        tie_word_embeddings=False,
        pad_token_id=pad_id,
        eos_token_id=eos_id,
        bos_token_id=None,
    )
    torch.manual_seed(0)
    model = LlamaForCausalLM(config)
    model.generation_config.pad_token_id = pad_id
    model.generation_config.eos_token_id = eos_id
    model.save_pretrained(dest)


def build_tiny_model(dest: Path) -> Path:
    """Create the tiny model folder at `dest` (created if missing) and return it."""
    from transformers import AutoTokenizer

    dest.mkdir(parents=True, exist_ok=True)
    _build_tokenizer(dest)
    tokenizer = AutoTokenizer.from_pretrained(dest)
    _build_model(dest, len(tokenizer), tokenizer.pad_token_id, tokenizer.eos_token_id)
    return dest


@pytest.fixture(scope="session")
def tiny_model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny model folder shared by the whole test session (built once, ~1 s)."""
    return build_tiny_model(tmp_path_factory.mktemp("tiny-model") / "tiny-llama")


def worker_env() -> dict[str, str]:
    """Environment for a worker subprocess in tests: offline, one thread, repo importable."""
    env = dict(os.environ)
    env.update(
        {
            "OMP_NUM_THREADS": "1",
            "HF_HUB_OFFLINE": "1",
            "HF_DATASETS_OFFLINE": "1",
            "TOKENIZERS_PARALLELISM": "false",
            "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")])),
        }
    )
    return env


def write_spec(path: Path, **fields: Any) -> Path:
    path.write_text(json.dumps(fields, default=str), encoding="utf-8")
    return path


def start_worker(spec_path: Path, *, control: bool = False) -> subprocess.Popen[str]:
    """The worker as the engine starts it; with `control`, commands go to its stdin."""
    extra = ["--control-stdin"] if control else []
    return subprocess.Popen(
        [sys.executable, "-m", WORKER_MODULE, str(spec_path), *extra],
        stdin=subprocess.PIPE if control else None,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        env=worker_env(),
        cwd=REPO_ROOT,
    )


@dataclass
class WorkerRun:
    returncode: int
    events: list[dict[str, Any]]
    stderr: str
    output_dir: Path

    def of_type(self, kind: str) -> list[dict[str, Any]]:
        return [event for event in self.events if event.get("type") == kind]


def run_worker(spec_path: Path, output_dir: Path, timeout: float = 600) -> WorkerRun:
    process = start_worker(spec_path)
    stdout, stderr = process.communicate(timeout=timeout)
    events = [json.loads(line) for line in stdout.splitlines() if line.strip()]
    return WorkerRun(process.returncode, events, stderr, output_dir)


@pytest.fixture(scope="session")
def airport_run(tiny_model_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> WorkerRun:
    """The tiny model fine-tuned on the airport FAQ by the real worker subprocess (the
    design guide's recipe), with the first four examples as a validation file. Shared by the
    session."""
    work = tmp_path_factory.mktemp("airport-run")
    validation = work / "valid.jsonl"
    lines = AIRPORT_FAQ.read_text(encoding="utf-8").splitlines()
    validation.write_text("\n".join(lines[:4]) + "\n", encoding="utf-8")
    output_dir = work / "out"
    spec = write_spec(
        work / "spec.json",
        job_id="ftjob-airport",
        method="supervised",
        base_model_dir=tiny_model_dir,
        training_file=AIRPORT_FAQ,
        validation_file=validation,
        output_dir=output_dir,
        **TINY_RECIPE,
    )
    run = run_worker(spec, output_dir)
    assert run.returncode == 0, run.stderr[-3000:]
    return run

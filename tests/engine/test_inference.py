"""ModelHost: chat through the template, streaming, stop sequences, seeds, cancel, caching."""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

import pytest

from fine_tune_studio.engine.inference import ModelHost
from tests.support.model_fixtures import AIRPORT_FAQ, WorkerRun

pytestmark = pytest.mark.slow


def _example(index: int) -> list[dict[str, Any]]:
    lines = [line for line in AIRPORT_FAQ.read_text(encoding="utf-8").splitlines() if line.strip()]
    messages: list[dict[str, Any]] = json.loads(lines[index])["messages"]
    return messages


@pytest.fixture(scope="module")
def host() -> ModelHost:
    return ModelHost(max_models=2)


@pytest.fixture(scope="module")
def adapter(airport_run: WorkerRun) -> Path:
    return airport_run.output_dir / "adapter"


def test_streamed_text_equals_non_streamed_text_and_transformers_generate(
    host: ModelHost, tiny_model_dir: Path, adapter: Path
) -> None:
    from transformers import AutoModelForCausalLM, AutoTokenizer

    system, user, answer = _example(3)
    result = host.generate(tiny_model_dir, [system, user], adapter_dir=adapter, temperature=0)
    stream = host.stream(tiny_model_dir, [system, user], adapter_dir=adapter, temperature=0)
    deltas = list(stream)
    assert len(deltas) > 5  # really incremental
    assert "".join(deltas) == result.text == answer["content"]
    assert stream.finish_reason == result.finish_reason == "stop"
    assert (stream.prompt_tokens, stream.completion_tokens) == (
        result.prompt_tokens, result.completion_tokens)

    # The hand-written token loop agrees with transformers' own greedy search.
    from peft import PeftModel

    tokenizer = AutoTokenizer.from_pretrained(tiny_model_dir)
    model = PeftModel.from_pretrained(AutoModelForCausalLM.from_pretrained(tiny_model_dir), adapter)
    prompt: Any = tokenizer.apply_chat_template([system, user], add_generation_prompt=True,
                                           return_tensors="pt", return_dict=True)
    output = model.generate(**prompt, do_sample=False, max_new_tokens=200)
    reference = tokenizer.decode(output[0, prompt["input_ids"].shape[1]:], skip_special_tokens=True)
    assert reference == result.text
    assert result.prompt_tokens == prompt["input_ids"].shape[1]


def test_base_model_streams_the_same_as_it_generates(host: ModelHost, tiny_model_dir: Path) -> None:
    messages = _example(0)[:2]
    result = host.generate(tiny_model_dir, messages, temperature=0, max_tokens=40)
    assert "".join(host.stream(tiny_model_dir, messages, temperature=0, max_tokens=40)) == (
        result.text)
    assert result.finish_reason == "length" and result.completion_tokens == 40


def test_stop_sequence_cuts_the_text_and_is_never_streamed(
    host: ModelHost, tiny_model_dir: Path, adapter: Path
) -> None:
    system, user, answer = _example(0)
    full = answer["content"]
    stop = full[20:24]
    result = host.generate(tiny_model_dir, [system, user], adapter_dir=adapter, temperature=0,
                           stop=["沒有這句話", stop])
    assert result.text == full[: full.index(stop)]
    assert result.finish_reason == "stop"
    deltas = list(host.stream(tiny_model_dir, [system, user], adapter_dir=adapter,
                              temperature=0, stop=stop))
    assert "".join(deltas) == result.text
    assert not any(stop[:2] in delta for delta in deltas)


def test_max_tokens_ends_with_length(host: ModelHost, tiny_model_dir: Path, adapter: Path) -> None:
    system, user, answer = _example(0)
    result = host.generate(tiny_model_dir, [system, user], adapter_dir=adapter, temperature=0,
                           max_tokens=5)
    assert result.finish_reason == "length"
    assert result.completion_tokens == 5
    assert answer["content"].startswith(result.text) and result.text != answer["content"]


def test_sampling_is_reproducible_with_a_seed(host: ModelHost, tiny_model_dir: Path) -> None:
    messages = _example(1)[:2]

    def sample(seed: int | None) -> str:
        return host.generate(tiny_model_dir, messages, temperature=1.0, seed=seed,
                             max_tokens=30).text

    assert sample(7) == sample(7)
    assert sample(7) != sample(8)
    streamed = "".join(host.stream(tiny_model_dir, messages, temperature=1.0, seed=7,
                                   max_tokens=30))
    assert streamed == sample(7)


def test_tiny_top_p_is_greedy(host: ModelHost, tiny_model_dir: Path) -> None:
    messages = _example(2)[:2]
    greedy = host.generate(tiny_model_dir, messages, temperature=0, max_tokens=25).text
    nucleus = host.generate(tiny_model_dir, messages, temperature=1.5, top_p=1e-6, seed=1,
                            max_tokens=25).text
    assert nucleus == greedy


def test_cancel_ends_a_stream_early(host: ModelHost, tiny_model_dir: Path) -> None:
    cancel = threading.Event()
    stream = host.stream(tiny_model_dir, _example(0)[:2], temperature=0, max_tokens=200,
                         cancel=cancel)
    received = []
    for delta in stream:
        received.append(delta)
        cancel.set()
    assert stream.finish_reason == "cancelled"
    assert stream.completion_tokens < 10


def test_concurrent_requests_on_one_model_give_the_same_answers(
    host: ModelHost, tiny_model_dir: Path, adapter: Path
) -> None:
    questions = [_example(i)[:2] for i in range(4)]
    expected = [_example(i)[2]["content"] for i in range(4)]
    answers: dict[int, str] = {}

    def ask(index: int) -> None:
        answers[index] = host.generate(tiny_model_dir, questions[index], adapter_dir=adapter,
                                       temperature=0).text

    threads = [threading.Thread(target=ask, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert [answers.get(i) for i in range(4)] == expected


def test_loaded_models_are_cached_least_recently_used_first(
    tiny_model_dir: Path, adapter: Path
) -> None:
    small = ModelHost(max_models=1)
    base = small.load(tiny_model_dir)
    assert small.load(tiny_model_dir) is base
    tuned = small.load(tiny_model_dir, adapter)
    assert tuned is not base
    assert small.load(tiny_model_dir) is not base  # evicted, loaded again
    small.load(tiny_model_dir, adapter)
    small.unload(adapter)
    assert small.load(tiny_model_dir, adapter) is not tuned


def test_a_conversation_longer_than_the_context_is_refused_in_words(
    host: ModelHost, tiny_model_dir: Path
) -> None:
    from fine_tune_studio.engine.inference import PromptTooLong

    system, user, _ = _example(0)
    long_user = {"role": "user", "content": user["content"] * 200}
    with pytest.raises(PromptTooLong, match="at most 512"):
        host.generate(tiny_model_dir, [system, long_user], temperature=0)

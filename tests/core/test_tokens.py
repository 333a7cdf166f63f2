"""Token counts are tiktoken's o200k_base exactly, offline, framed as the cookbook frames them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import tiktoken
from hypothesis import given, settings
from hypothesis import strategies as st

from fine_tune_studio.core import tokens
from fine_tune_studio.paths import resources_dir

from .helpers import MISTAKES_FILE, VALID_FILE


@pytest.fixture(scope="module")
def o200k_definition(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """tiktoken's own registered `o200k_base` (its pattern, special tokens and expected
    sha256), with the download replaced by the file the app ships: nothing leaves the
    machine, and tiktoken checks the file's hash itself."""
    import tiktoken_ext.openai_public as openai_public
    from tiktoken.load import load_tiktoken_bpe

    ranks_file = tmp_path_factory.mktemp("o200k") / "o200k_base.tiktoken"
    ranks_file.write_bytes(tokens.tokenizer_data_bytes())
    asked: list[str] = []

    def from_the_shipped_file(url: str, expected_hash: str | None = None) -> dict[bytes, int]:
        asked.append(url)
        assert url.endswith("/o200k_base.tiktoken") and expected_hash == tokens.O200K_SHA256
        return load_tiktoken_bpe(str(ranks_file), expected_hash=expected_hash)

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TIKTOKEN_CACHE_DIR", "")  # no cache writes either
        patch.setattr(openai_public, "load_tiktoken_bpe", from_the_shipped_file)
        definition: dict[str, Any] = openai_public.ENCODING_CONSTRUCTORS["o200k_base"]()
    assert len(asked) == 1
    return definition


@pytest.fixture(scope="module")
def tiktoken_o200k(o200k_definition: dict[str, Any]) -> tiktoken.Encoding:
    return tiktoken.Encoding(**o200k_definition)


def test_shipped_ranks_are_the_official_file() -> None:
    assert tokens.tokenizer_data_sha256() == tokens.O200K_SHA256
    notice = (resources_dir() / "tokenizer" / "README.md").read_text(encoding="utf-8")
    assert tokens.O200K_SHA256 in notice and "MIT License" in notice


def test_the_encoder_is_built_as_tiktoken_defines_o200k_base(
    o200k_definition: dict[str, Any],
) -> None:
    assert o200k_definition["pat_str"] == tokens.O200K_PATTERN
    assert o200k_definition["special_tokens"] == tokens.O200K_SPECIAL_TOKENS
    assert tokens.mergeable_ranks() == o200k_definition["mergeable_ranks"]


def test_a_damaged_ranks_file_is_refused_rather_than_counting_wrong(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    official = tokens.tokenizer_data_bytes()
    damaged = official.replace(b" 1000\n", b" 1001\n", 1)
    assert damaged != official
    monkeypatch.setattr(tokens, "tokenizer_data_bytes", lambda: damaged)
    with pytest.raises(ValueError, match="damaged"):
        tokens.mergeable_ranks()


def _shared_texts() -> list[str]:
    texts = []
    for path in (VALID_FILE, MISTAKES_FILE):
        for raw in Path(path).read_text(encoding="utf-8").splitlines():
            texts.append(raw)
            try:
                obj = json.loads(raw)
            except ValueError:
                continue
            texts.extend(m.get("content", "") for m in obj["messages"] if isinstance(m, dict))
    return texts


SAMPLES = [
    "",
    "hello world",
    "Hello,   world!\n\n\tTabs and   spaces   ",
    "請問我可以帶豬肉乾入境台灣嗎?",
    "I'm sure they've 12345678 apples; we'd've said so.",
    "<|endoftext|> is just text here",
    "emoji 🛫✈️🧳 and ZWJ 👩‍👩‍👧",
    "ﾊﾝｶｸ ｶﾀｶﾅ and full-width ＡＢＣ１２３",
    "\r\n\r\n   \n",
    "مرحبا بالعالم",
    "x" * 5000,
]


def test_counts_equal_tiktoken_on_samples_and_shared_files(
    tiktoken_o200k: tiktoken.Encoding,
) -> None:
    for text in SAMPLES + _shared_texts():
        assert tokens.count_text_tokens(text) == len(tiktoken_o200k.encode_ordinary(text)), text


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_counts_equal_tiktoken_on_any_text(tiktoken_o200k: tiktoken.Encoding, text: str) -> None:
    assert tokens.count_text_tokens(text) == len(tiktoken_o200k.encode_ordinary(text))


def test_cookbook_framing(tiktoken_o200k: tiktoken.Encoding) -> None:
    def n(text: str) -> int:
        return len(tiktoken_o200k.encode_ordinary(text))

    messages = [
        {"role": "system", "content": "Be brief."},
        {"role": "user", "content": "你好", "name": "amy"},
        {"role": "assistant", "content": "Hi!", "weight": 1},
    ]
    expected = 3  # reply priming
    expected += 3 + n("system") + n("Be brief.")
    expected += 3 + n("user") + n("你好") + n("amy") + 1
    expected += 3 + n("assistant") + n("Hi!")  # weight is not text
    assert tokens.count_example_tokens({"messages": messages}) == expected


def test_model_and_dict_count_the_same() -> None:
    from fine_tune_studio.core.schema import parse_example

    obj = {"messages": [{"role": "user", "content": "Q"}, {"role": "assistant", "content": "A"}]}
    assert tokens.count_example_tokens(parse_example(obj)) == tokens.count_example_tokens(obj)


def test_preference_counts_input_and_both_outputs() -> None:
    one = {"role": "assistant", "content": "Hello there"}
    obj = {
        "input": {"messages": [{"role": "user", "content": "Hi"}]},
        "preferred_output": [one],
        "non_preferred_output": [one],
    }
    chat = {"messages": [{"role": "user", "content": "Hi"}, one, one]}
    assert tokens.count_object_tokens(obj) == tokens.count_object_tokens(chat)

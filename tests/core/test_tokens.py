"""Token counts are tiktoken's o200k_base exactly, offline, framed as the cookbook frames them."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fine_tune_studio.core import tokens

from .helpers import MISTAKES_FILE, VALID_FILE

O200K_PATTERN = "|".join(
    [
        r"""[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?""",
        r"""[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?""",
        r"""\p{N}{1,3}""",
        r""" ?[^\s\p{L}\p{N}]+[\r\n/]*""",
        r"""\s*[\r\n]+""",
        r"""\s+(?!\S)""",
        r"""\s+""",
    ]
)


@pytest.fixture(scope="module")
def tiktoken_o200k(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """tiktoken's own encoder, given the official ranks from disk: it never downloads."""
    tiktoken = pytest.importorskip("tiktoken")
    from tiktoken.load import load_tiktoken_bpe

    ranks_file = tmp_path_factory.mktemp("o200k") / "o200k_base.tiktoken"
    ranks_file.write_bytes(tokens.tokenizer_data_bytes())
    old = os.environ.get("TIKTOKEN_CACHE_DIR")
    os.environ["TIKTOKEN_CACHE_DIR"] = ""  # no cache writes either
    try:
        ranks = load_tiktoken_bpe(str(ranks_file), expected_hash=tokens.O200K_SHA256)
    finally:
        if old is None:
            del os.environ["TIKTOKEN_CACHE_DIR"]
        else:
            os.environ["TIKTOKEN_CACHE_DIR"] = old
    return tiktoken.Encoding(
        name="o200k_base_offline",
        pat_str=O200K_PATTERN,
        mergeable_ranks=ranks,
        special_tokens={"<|endoftext|>": 199999, "<|endofprompt|>": 200018},
    )


def test_shipped_ranks_are_the_official_file() -> None:
    assert tokens.tokenizer_data_sha256() == tokens.O200K_SHA256


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


def test_counts_equal_tiktoken_on_samples_and_shared_files(tiktoken_o200k) -> None:  # type: ignore[no-untyped-def]
    for text in SAMPLES + _shared_texts():
        assert tokens.count_text_tokens(text) == len(tiktoken_o200k.encode_ordinary(text)), text


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_counts_equal_tiktoken_on_any_text(tiktoken_o200k, text: str) -> None:  # type: ignore[no-untyped-def]
    assert tokens.count_text_tokens(text) == len(tiktoken_o200k.encode_ordinary(text))


def test_cookbook_framing(tiktoken_o200k) -> None:  # type: ignore[no-untyped-def]
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

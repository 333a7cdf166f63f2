"""Exact, offline `o200k_base` token counts, framed as OpenAI's cookbook frames chat examples.

The encoder is tiktoken's (its Rust core), given the official `o200k_base.tiktoken` ranks
that ship inside this package (`resources/tokenizer/`, sha256 checked on load), so nothing
is downloaded at run time. tests/core/test_tokens.py checks the counts against tiktoken's
own registered `o200k_base` encoding. (bpe-openai, used before, carried its tables compiled
into a 71 MB library: docs/packaging.md.)

Framing (cookbook `num_tokens_from_messages`): every string value of a message is encoded
(role included), +3 per message, +1 more when it has a `name`, +3 per example for the primed
reply. Values that are not plain strings (content arrays, tool calls, example-level tools) are
counted as their compact JSON text, text parts of content arrays as their text; `weight` is a
training switch and is not counted.
"""

from __future__ import annotations

import binascii
import gzip
import hashlib
import threading
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Protocol

from fine_tune_studio.core.jsontext import compact_json
from fine_tune_studio.paths import resources_dir

if TYPE_CHECKING:
    from fine_tune_studio.core.schema import Example

ENCODING_NAME = "o200k_base"
# sha256 of the official o200k_base.tiktoken file as shipped (gzip-decompressed).
O200K_SHA256 = "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d"

# The official o200k_base split pattern and special tokens, as tiktoken defines them
# (tiktoken_ext/openai_public.py); the test compares them with tiktoken's own definition.
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
O200K_SPECIAL_TOKENS = {"<|endoftext|>": 199999, "<|endofprompt|>": 200018}

TOKENS_PER_MESSAGE = 3
TOKENS_PER_NAME = 1
TOKENS_PER_EXAMPLE = 3

_UNCOUNTED_KEYS = frozenset({"weight"})


class _Encoder(Protocol):
    def encode_ordinary(self, text: str) -> list[int]: ...


_lock = threading.Lock()
_encoder: _Encoder | None = None
# Training files repeat the same system prompt (and often questions) thousands of times; a
# small cache of short texts catches those without holding a big file's text in memory.
_cache: dict[str, int] = {}
_CACHE_LIMIT = 4096
_CACHE_MAX_CHARS = 4000


def _load() -> _Encoder:
    global _encoder
    with _lock:
        if _encoder is None:
            import tiktoken  # ~10 ms; only the validator and the editor's counts need it

            _encoder = tiktoken.Encoding(
                name=ENCODING_NAME,
                pat_str=O200K_PATTERN,
                mergeable_ranks=mergeable_ranks(),
                special_tokens=O200K_SPECIAL_TOKENS,
            )
        return _encoder


def tokenizer_data_bytes() -> bytes:
    """The official `o200k_base.tiktoken` file (decompressed), as shipped with the app."""
    path = resources_dir() / "tokenizer" / f"{ENCODING_NAME}.tiktoken.gz"
    return gzip.decompress(path.read_bytes())


def tokenizer_data_sha256() -> str:
    return hashlib.sha256(tokenizer_data_bytes()).hexdigest()


def mergeable_ranks() -> dict[bytes, int]:
    """The official ranks, checked against their sha256 (a damaged install must not count
    wrong); e.g. for `tiktoken.Encoding(mergeable_ranks=...)` without a download."""
    data = tokenizer_data_bytes()
    if hashlib.sha256(data).hexdigest() != O200K_SHA256:
        raise ValueError(f"{ENCODING_NAME}.tiktoken shipped with the app is damaged "
                         "(sha256 differs from the official file's)")
    # One "<base64 token> <rank>" pair a line; split and decoded in bulk (0.15 s instead of
    # 0.3 s line by line): the app loads this in every worker process.
    fields = data.split()
    return dict(zip(map(binascii.a2b_base64, fields[::2]), map(int, fields[1::2]), strict=True))


def warm_up() -> None:
    """Load the encoder now (it takes most of a second) rather than on the first count."""
    _load()


def count_text_tokens(text: str) -> int:
    """Tokens in `text` as ordinary text (special-token spellings are not special)."""
    n = _cache.get(text)
    if n is None:
        n = len((_encoder or _load()).encode_ordinary(text))
        if len(text) <= _CACHE_MAX_CHARS:
            if len(_cache) >= _CACHE_LIMIT:
                _cache.clear()
            _cache[text] = n
    return n


def _value_tokens(value: Any) -> int:
    if isinstance(value, str):
        return count_text_tokens(value)
    if value is None or isinstance(value, bool | int | float):
        return 0 if value is None else count_text_tokens(str(value))
    if isinstance(value, list) and all(
        isinstance(p, dict) and p.get("type") == "text" and isinstance(p.get("text"), str)
        for p in value
    ):
        return sum(count_text_tokens(p["text"]) for p in value)
    text = compact_json(value)
    return count_text_tokens(text) if text is not None else 0


def count_message_tokens(messages: Iterable[Any]) -> int:
    """Framed tokens of a list of message objects (dicts), without the per-example +3."""
    total = 0
    cache_get = _cache.get
    for message in messages:
        total += TOKENS_PER_MESSAGE
        if not isinstance(message, dict):
            continue
        for key, value in message.items():
            # Inlined for plain strings: this loop runs for every value of a big file.
            if type(value) is str:
                n = cache_get(value)
                total += n if n is not None else count_text_tokens(value)
            elif key not in _UNCOUNTED_KEYS:
                total += _value_tokens(value)
            if key == "name":
                total += TOKENS_PER_NAME
    return total


def count_object_tokens(obj: Mapping[str, Any]) -> int:
    """Framed tokens of one training line's JSON object (chat or preference)."""
    total = TOKENS_PER_EXAMPLE
    messages = obj.get("messages")
    if isinstance(messages, list):
        total += count_message_tokens(messages)
    for key in ("tools", "functions"):
        if obj.get(key):
            total += _value_tokens(obj[key])
    inp = obj.get("input")
    if isinstance(inp, Mapping):
        if isinstance(inp.get("messages"), list):
            total += count_message_tokens(inp["messages"])
        if inp.get("tools"):
            total += _value_tokens(inp["tools"])
    for key in ("preferred_output", "non_preferred_output"):
        if isinstance(obj.get(key), list):
            total += count_message_tokens(obj[key])
    return total


def count_example_tokens(example: Example | Mapping[str, Any]) -> int:
    """Framed tokens of an example model or its JSON object."""
    if isinstance(example, Mapping):
        return count_object_tokens(example)
    return count_object_tokens(example.to_dict())

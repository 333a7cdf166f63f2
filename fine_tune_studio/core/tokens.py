"""Exact, offline `o200k_base` token counts, framed as OpenAI's cookbook frames chat examples.

The encoder is bpe-openai's Rust tokenizer, built from the official `o200k_base.tiktoken.gz`
that ships inside its wheel, so nothing is downloaded at run time. Counts equal tiktoken's
`o200k_base` (tests/core/test_tokens.py checks that against tiktoken given the same file).

Framing (cookbook `num_tokens_from_messages`): every string value of a message is encoded
(role included), +3 per message, +1 more when it has a `name`, +3 per example for the primed
reply. Values that are not plain strings (content arrays, tool calls, example-level tools) are
counted as their compact JSON text, text parts of content arrays as their text; `weight` is a
training switch and is not counted.
"""

from __future__ import annotations

import gzip
import hashlib
import importlib.machinery
import importlib.util
import os
import threading
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Protocol

from fine_tune_studio.core.jsontext import compact_json

if TYPE_CHECKING:
    from fine_tune_studio.core.schema import Example

ENCODING_NAME = "o200k_base"
# sha256 of the official o200k_base.tiktoken file as shipped (gzip-decompressed).
O200K_SHA256 = "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d"

TOKENS_PER_MESSAGE = 3
TOKENS_PER_NAME = 1
TOKENS_PER_EXAMPLE = 3

_UNCOUNTED_KEYS = frozenset({"weight"})


class _Counter(Protocol):
    def count(self, text: str) -> int: ...


_lock = threading.Lock()
_tokenizer: _Counter | None = None
# Training files repeat the same system prompt (and often questions) thousands of times; a
# small cache of short texts catches those without holding a big file's text in memory.
_cache: dict[str, int] = {}
_CACHE_LIMIT = 4096
_CACHE_MAX_CHARS = 4000


def _load_bindings() -> Any:
    """bpe-openai's compiled module, loaded without running `bpe_openai/__init__`.

    Importing the package builds Python dicts of three encodings' ranks at import time
    (~0.3 s and ~80 MB we never use); the Rust tokenizer carries its own tables.
    """
    for folder in _package_folders():
        for suffix in importlib.machinery.EXTENSION_SUFFIXES:
            path = os.path.join(folder, "_bindings" + suffix)
            if not os.path.exists(path):
                continue
            name = "bpe_openai._bindings"
            loader = importlib.machinery.ExtensionFileLoader(name, path)
            module_spec = importlib.util.spec_from_file_location(name, path, loader=loader)
            if module_spec is None:
                continue
            module = importlib.util.module_from_spec(module_spec)
            loader.exec_module(module)
            return module
    from bpe_openai import _bindings

    return _bindings


def _load() -> _Counter:
    global _tokenizer
    with _lock:
        if _tokenizer is None:
            _tokenizer = _load_bindings().tokenizer_for_encoding(ENCODING_NAME)
        return _tokenizer


def _package_folders() -> list[str]:
    # find_spec of a top-level package locates it without running its __init__.
    spec = importlib.util.find_spec("bpe_openai")
    return list(spec.submodule_search_locations or []) if spec else []


def tokenizer_data_bytes() -> bytes:
    """The official `o200k_base.tiktoken` file (decompressed) from the bpe-openai wheel."""
    for folder in _package_folders():
        path = os.path.join(folder, "data", f"{ENCODING_NAME}.tiktoken.gz")
        if os.path.exists(path):
            with open(path, "rb") as handle:
                return gzip.decompress(handle.read())
    raise FileNotFoundError(f"{ENCODING_NAME}.tiktoken.gz is missing from bpe-openai")


def tokenizer_data_sha256() -> str:
    return hashlib.sha256(tokenizer_data_bytes()).hexdigest()


def mergeable_ranks() -> dict[bytes, int]:
    """The official ranks, e.g. for `tiktoken.Encoding(mergeable_ranks=...)` without a download."""
    import base64

    ranks: dict[bytes, int] = {}
    for line in tokenizer_data_bytes().splitlines():
        if line:
            token, rank = line.split()
            ranks[base64.b64decode(token)] = int(rank)
    return ranks


def warm_up() -> None:
    """Load the encoder now (it takes most of a second) rather than on the first count."""
    _load()


def count_text_tokens(text: str) -> int:
    """Tokens in `text` as ordinary text (special-token spellings are not special)."""
    n = _cache.get(text)
    if n is None:
        tok = _tokenizer or _load()
        n = tok.count(text)
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

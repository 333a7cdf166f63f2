"""A byte-level BPE tokenizer as GGUF metadata (`tokenizer.ggml.*`, `tokenizer.chat_template`).

GGUF carries no tokenizer.json: the vocabulary, merges, special-token ids and the name of
the pre-tokenizer (how text is split before merging, `tokenizer.ggml.pre`) travel as
metadata. llama.cpp knows a pre-tokenizer by name only, so the split rule in
tokenizer.json is matched against the ones whose names we know; anything else is refused
rather than written as a file that would tokenize differently.

Known here: GPT-2's (byte-level with its built-in regex: our tiny test model), Qwen2's
(Qwen2/2.5) and Llama 3's. Sentencepiece tokenizers (Llama 2, Mistral v0.1) are not yet.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fine_tune_studio.core.model_export import ExportErrorCode
from fine_tune_studio.engine.export.errors import ExportError

# The regexes of tokenizer.json's Split pre-tokenizer, by llama.cpp's pre-tokenizer name.
QWEN2_SPLIT = (
    r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}"
    r"| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"
)
LLAMA3_SPLIT = (
    r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}"
    r"| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"
)
SPLIT_PRE_NAMES = {QWEN2_SPLIT: "qwen2", LLAMA3_SPLIT: "llama-bpe"}
GPT2_PRE_NAME = "gpt-2"

# gguf's TokenType values (gguf.TokenType): spelled here so the reading needs no gguf.
NORMAL, CONTROL, USER_DEFINED, UNUSED = 1, 3, 4, 5


@dataclass(frozen=True)
class Vocab:
    pre: str
    tokens: list[str]
    types: list[int]
    merges: list[str]
    eos_id: int | None
    bos_id: int | None
    pad_id: int | None
    unk_id: int | None
    add_bos: bool
    chat_template: str | None

    def add_to(self, writer: Any) -> None:
        writer.add_tokenizer_model("gpt2")
        writer.add_tokenizer_pre(self.pre)
        writer.add_token_list(self.tokens)
        writer.add_token_types(self.types)
        writer.add_token_merges(self.merges)
        for add, value in ((writer.add_eos_token_id, self.eos_id),
                           (writer.add_bos_token_id, self.bos_id),
                           (writer.add_pad_token_id, self.pad_id),
                           (writer.add_unk_token_id, self.unk_id)):
            if value is not None:
                add(value)
        writer.add_add_bos_token(self.add_bos)
        writer.add_add_eos_token(False)
        if self.chat_template:
            writer.add_chat_template(self.chat_template)


def _unsupported(why: str) -> ExportError:
    return ExportError(
        ExportErrorCode.UNSUPPORTED_TOKENIZER,
        f"GGUF export does not support this model's tokenizer yet: {why}. It supports "
        "byte-level BPE tokenizers like those of Qwen2/2.5 and Llama 3. The merged model and "
        "the LoRA adapter work for every model.",
    )


def pre_tokenizer_name(spec: dict[str, Any]) -> str:
    """llama.cpp's name for tokenizer.json's normalizer + pre-tokenizer, or refused."""
    normalizer = spec.get("normalizer")
    if normalizer is not None and normalizer.get("type") != "NFC":
        raise _unsupported(f"a {normalizer.get('type')} normalizer")
    pre = spec.get("pre_tokenizer") or {}
    if pre.get("type") == "ByteLevel" and pre.get("use_regex", True):
        if pre.get("add_prefix_space"):
            raise _unsupported("a prefix space before the text")
        return GPT2_PRE_NAME
    steps = pre.get("pretokenizers") if pre.get("type") == "Sequence" else None
    if (isinstance(steps, list) and len(steps) == 2 and steps[0].get("type") == "Split"
            and steps[1].get("type") == "ByteLevel" and not steps[1].get("use_regex", True)):
        pattern = (steps[0].get("pattern") or {}).get("Regex")
        name = SPLIT_PRE_NAMES.get(pattern or "")
        if name is not None:
            return name
        raise _unsupported("a text-splitting rule llama.cpp does not know by name")
    raise _unsupported(f"the pre-tokenizer {pre.get('type')!r}")


def _merges(model: dict[str, Any]) -> list[str]:
    merges = model.get("merges") or []
    return [m if isinstance(m, str) else " ".join(m) for m in merges]


def read_vocab(model_dir: Path, vocab_size: int) -> Vocab:
    """The tokenizer of a model folder as GGUF wants it; `vocab_size` is the model's (its
    embedding rows), which may exceed the tokenizer's (padding rows get [PAD<n>])."""
    from transformers import AutoTokenizer

    try:
        spec = json.loads((model_dir / "tokenizer.json").read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise _unsupported("it has no tokenizer.json (a sentencepiece model?)") from error
    model = spec.get("model") or {}
    if model.get("type") != "BPE":
        raise _unsupported(f"a {model.get('type')} model")
    if (spec.get("decoder") or {}).get("type") != "ByteLevel":
        raise _unsupported("it does not decode byte-level text")
    pre = pre_tokenizer_name(spec)
    by_id: dict[int, tuple[str, int]] = {
        int(index): (token, NORMAL) for token, index in (model.get("vocab") or {}).items()
    }
    for added in spec.get("added_tokens") or []:
        by_id[int(added["id"])] = (str(added["content"]),
                                   CONTROL if added.get("special") else USER_DEFINED)
    size = max(vocab_size, max(by_id, default=-1) + 1)
    tokens, types = [], []
    for index in range(size):
        token, kind = by_id.get(index, (f"[PAD{index}]", UNUSED))
        tokens.append(token)
        types.append(kind)

    tokenizer = AutoTokenizer.from_pretrained(model_dir)
    bos = tokenizer.bos_token_id
    probe = tokenizer("a")["input_ids"]
    template = tokenizer.chat_template
    if isinstance(template, dict):
        template = template.get("default") or next(iter(template.values()), None)
    return Vocab(
        pre=pre, tokens=tokens, types=types, merges=_merges(model),
        eos_id=tokenizer.eos_token_id, bos_id=bos, pad_id=tokenizer.pad_token_id,
        unk_id=tokenizer.unk_token_id,
        add_bos=bos is not None and probe[:1] == [bos],
        chat_template=template if isinstance(template, str) else None,
    )

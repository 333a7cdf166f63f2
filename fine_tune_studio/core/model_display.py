"""A model id as the user knows it: the name they gave their fine-tune (Qt-free).

Provider ids are long and built for machines; the part a person chose (the job's suffix,
"airport") sits in the middle, where shortening the id cuts it away ("ft:tiny-air…eQKb").
`display_name` finds that part in every id shape the app meets:

| provider | fine-tune | checkpoint |
|---|---|---|
| OpenAI, Azure | `ft:<base>:<org>:<suffix>:<id>` (suffix may be empty) | `…:<id>:ckpt-step-<n>` |
| our engine | `ft:<base>:<suffix or "local">:<job>` | `…:<job>:ckpt-step-<n>` |
| Together AI | `<user>/<base>-<suffix>-<hash>` | — |

A base model keeps its name, without the owner part of a hub-style id
(`meta-llama/Meta-Llama-3.1-8B-Instruct-Reference` → `Meta-Llama-3.1-8B-Instruct-Reference`).
Views show the full id on hover and in a details line: this name is for reading, never
for sending.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CHECKPOINT = re.compile(r":ckpt-step-(\d+)$")
# Together adds a short hex hash to the output name (8 hex digits in its answers; the
# test fake uses 6).
_TOGETHER_HASH = re.compile(r"-[0-9a-f]{6,}$")
# The engine's placeholder when a job had no suffix (engine/model_registry.fine_tuned_name).
_ENGINE_NO_SUFFIX = "local"


@dataclass(frozen=True)
class ModelName:
    """What a model id says about itself, for display."""

    name: str  # the user's name for it (the suffix), else the base model's name
    base: str  # the model it was trained from ("" when the id does not say)
    fine_tuned: bool
    checkpoint_step: int | None = None
    named_by_user: bool = False  # `name` is the suffix the user typed


def parse_model_id(model_id: str, *, base_hint: str | None = None,
                   suffix_hint: str | None = None) -> ModelName:
    """Read a model id; `base_hint`/`suffix_hint` (from the job that made it) help with
    Together's ids, where base and suffix are joined by dashes."""
    text = model_id.strip()
    step: int | None = None
    found = _CHECKPOINT.search(text)
    if found:
        step = int(found.group(1))
        text = text[: found.start()]
    if text.startswith("ft:"):
        parts = text.split(":")
        if len(parts) >= 5:  # OpenAI / Azure: ft:base:org:suffix:id
            base, suffix = parts[1], parts[3]
        elif len(parts) == 4:  # our engine: ft:base:suffix:job
            base, suffix = parts[1], parts[2]
            suffix = "" if suffix == _ENGINE_NO_SUFFIX else suffix
        else:
            base, suffix = (parts[1] if len(parts) > 1 else ""), ""
        suffix = suffix_hint or suffix
        return ModelName(suffix or _short(base), _short(base), True, step, bool(suffix))
    if "/" in text and _TOGETHER_HASH.search(text):
        # Together: <user>/<base>-<suffix>-<hash>; the base may itself hold a "/".
        rest = _TOGETHER_HASH.sub("", text.split("/", 1)[1])
        base = _short(base_hint) if base_hint else ""
        if suffix_hint:
            suffix = suffix_hint
        elif base and rest.startswith(base + "-"):
            suffix = rest[len(base) + 1:]
        elif base_hint and rest.startswith(base_hint + "-"):
            suffix = rest[len(base_hint) + 1:]
        else:
            suffix = ""
        return ModelName(suffix or _short(rest), base, True, step, bool(suffix))
    return ModelName(_short(text), "", False, step)


def display_name(model_id: str, *, base_hint: str | None = None,
                 suffix_hint: str | None = None,
                 checkpoint_format: str = "{name} · step {step}",
                 fine_tune_format: str = "{base} fine-tune") -> str:
    """The name to show for `model_id`: "airport", "airport · step 120", the base model's
    own name, or for a fine-tune its user never named, "Qwen2.5-0.5B-Instruct fine-tune"
    (else it would read exactly like the model it was trained from). Never empty for a
    non-empty id. The formats are the wording in the reader's language (views pass their
    translations: `ui.model_label`)."""
    parsed = parse_model_id(model_id, base_hint=base_hint, suffix_hint=suffix_hint)
    name = parsed.name or model_id
    if parsed.fine_tuned and not parsed.named_by_user and parsed.name == parsed.base:
        name = fine_tune_format.format(base=parsed.name)
    if parsed.checkpoint_step is not None:
        return checkpoint_format.format(name=name, step=parsed.checkpoint_step)
    return name


def _short(model: str | None) -> str:
    """A hub-style id without its owner: the part people say."""
    return (model or "").rsplit("/", 1)[-1]

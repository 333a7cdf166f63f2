"""What a Hub repo id and a local model name may look like.

A base model's name is its folder's name in the models folder and the model id the engine
lists (`Qwen/Qwen2.5-0.5B-Instruct` → `Qwen2.5-0.5B-Instruct`), so it must be one safe path
part that the engine accepts as a model id. Messages say what is wrong and what to do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from fine_tune_studio.core.i18n import LocalizedText

MAX_NAME_LENGTH = 96
# The Hub's own rule for each half of a repo id.
_REPO_PART = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9._-]{0,94}[A-Za-z0-9])?")
# A name is letters and digits of any script plus these; no spaces (it is typed in
# commands and sent in URLs), no ":" (the engine's fine-tuned ids use it as a separator).
_NAME_PUNCTUATION = "._-+"
_WINDOWS_RESERVED = {
    "con", "prn", "aux", "nul",
    *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10)),
}


@dataclass(frozen=True)
class RepoRef:
    repo_id: str
    revision: str | None = None  # from a pasted `…/tree/<revision>` address


class RepoIdError(ValueError):
    def __init__(self, text: LocalizedText) -> None:
        super().__init__(text.en)
        self.text = text


def parse_repo_id(text: str) -> RepoRef:
    """`owner/name`, or the address of a model page (…/owner/name, …/owner/name/tree/rev),
    as a user may paste it. Raises RepoIdError saying what a repo id looks like."""
    value = text.strip()
    revision: str | None = None
    if "://" in value or value.startswith(("huggingface.co/", "hf.co/")):
        parts = urlsplit(value if "://" in value else f"https://{value}")
        segments = [s for s in parts.path.split("/") if s]
        if segments[:1] == ["models"]:
            segments = segments[1:]
        if len(segments) >= 4 and segments[2] == "tree":
            revision = segments[3]
        value = "/".join(segments[:2])
    owner, _, name = value.partition("/")
    if not value:
        raise RepoIdError(LocalizedText(
            en="Type the model's Hugging Face id, for example Qwen/Qwen2.5-0.5B-Instruct.",
            zh_TW="請輸入模型在 Hugging Face 上的名稱，例如 Qwen/Qwen2.5-0.5B-Instruct。",
        ))
    if not (_valid_part(owner) and _valid_part(name)):
        raise RepoIdError(LocalizedText(
            en=f"“{text.strip()}” is not a Hugging Face model id. An id is the owner and the "
            "model's name with a slash between them, for example Qwen/Qwen2.5-0.5B-Instruct "
            "(copy it from the top of the model's page).",
            zh_TW=f"「{text.strip()}」不是 Hugging Face 的模型名稱。模型名稱是「擁有者/模型名」，"
            "例如 Qwen/Qwen2.5-0.5B-Instruct（可從模型頁面最上方複製）。",
        ))
    return RepoRef(repo_id=f"{owner}/{name}", revision=revision)


def _valid_part(part: str) -> bool:
    return bool(_REPO_PART.fullmatch(part)) and "--" not in part and ".." not in part


def default_model_name(repo_id: str) -> str:
    """The folder name a download gets unless told otherwise: the repo's own name."""
    return repo_id.rstrip("/").rsplit("/", 1)[-1]


def model_name_problem(name: str) -> LocalizedText | None:
    """What is wrong with `name` as a model's name in the models folder (None: nothing)."""
    if not name.strip():
        return LocalizedText(en="Give the model a name.", zh_TW="請為模型取一個名稱。")
    if len(name) > MAX_NAME_LENGTH:
        return LocalizedText(
            en=f"The name is too long: at most {MAX_NAME_LENGTH} characters.",
            zh_TW=f"名稱太長：最多 {MAX_NAME_LENGTH} 個字元。",
        )
    bad = sorted({c for c in name if not (c.isalnum() or c in _NAME_PUNCTUATION)})
    if bad:
        shown = " ".join("␣" if c == " " else repr(c)[1:-1] for c in bad)
        return LocalizedText(
            en=f"The name may hold letters, digits and . _ - + only, not {shown}. "
            "For example: my-model-v2.",
            zh_TW=f"名稱只能包含文字、數字和 . _ - +，不能有 {shown}。例如：my-model-v2。",
        )
    if name.startswith(".") or name.endswith(".") or name.startswith("-"):
        return LocalizedText(
            en="The name may not start with . or - nor end with a dot.",
            zh_TW="名稱不能以 . 或 - 開頭，也不能以 . 結尾。",
        )
    if name.split(".")[0].lower() in _WINDOWS_RESERVED:
        return LocalizedText(
            en=f"“{name}” is a name Windows reserves for devices; choose another.",
            zh_TW=f"「{name}」是 Windows 保留給裝置的名稱，請換一個。",
        )
    return None


def suggest_model_name(text: str) -> str:
    """A valid name made from `text` (a folder's name, say), for the user to confirm."""
    cleaned = "".join(c if (c.isalnum() or c in _NAME_PUNCTUATION) else "-" for c in text)
    cleaned = re.sub(r"-{2,}", "-", cleaned).strip(".-")[:MAX_NAME_LENGTH].rstrip(".-")
    if not cleaned or model_name_problem(cleaned) is not None:
        return "my-model"
    return cleaned

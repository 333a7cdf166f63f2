"""What an API key looks like, and what the key field accepts.

One set of shapes serves two rules:

- `KEY_SHAPES` are keys wherever they appear: `services.errors` masks them in every error
  text and log line, whether or not the app knows the key;
- `looks_like_key(text)` adds what is suspicious only in a box the user typed into (a
  long random-looking token, any 32+ hex digits): a provider profile's name, address and
  other text fields refuse such text, so a key pasted into the wrong box is neither saved
  in settings.json nor echoed back in a message.

`key_problem(key)` says what is wrong with text typed into the key field. Keys are plain
ASCII: a full-width letter or a curly quote pasted from a document would otherwise make
every request fail with an obscure encoding error, long after the key was typed.
"""

from __future__ import annotations

import re
from itertools import pairwise
from urllib.parse import urlsplit

from fine_tune_studio.core.i18n import LocalizedText

# Keys announced by a prefix or a label. A pattern's first group, if it has one, is the
# part to keep readable ("Bearer ", "api_key=") in front of the mask.
_LABELLED: tuple[re.Pattern[str], ...] = (
    # OpenAI and the many services that copied its prefixes (sk-proj-…, sk-ant-…, sess-…).
    re.compile(r"\b(?:sk|sess|rk)-[A-Za-z0-9_\-]{8,}"),
    # Together AI's keys (tgp_v1_…); its older keys are 64 hex digits, caught below in
    # typed text and by the held-key rule in logs.
    re.compile(r"\btgp_v\d+_[A-Za-z0-9_\-]{8,}"),
    re.compile(r"(?i)\b(bearer\s+)[A-Za-z0-9_\-.=~+/]{8,}"),
    re.compile(
        r"(?i)((?:api[-_]?key|token|authorization|password|secret)[\"']?\s*[:=]\s*[\"']?)"
        r"[^\s\"',;&}]{6,}"
    ),
)
# Bare keys, known by length and alphabet alone.
_BARE: tuple[re.Pattern[str], ...] = (
    re.compile(r"\b[0-9a-fA-F]{32}\b"),  # Azure OpenAI keys
    re.compile(r"\b[A-Za-z0-9]{84}\b"),  # Azure AI Foundry keys
)
KEY_SHAPES: tuple[re.Pattern[str], ...] = _LABELLED + _BARE

# Only in typed text: in logs these would also hide commit hashes and file digests.
_LONG_HEX = re.compile(r"\b[0-9a-fA-F]{32,}\b")
# A URL parameter that carries a credential (Azure's ?api-key=, signed URLs' &sig=...).
_SECRET_PARAMETER = re.compile(
    r"(?i)(?:^|[?&#;])(?:api[-_]?key|key|token|access[-_]?token|sig|signature|code|secret|"
    r"password)="
)
_TOKEN = re.compile(r"[A-Za-z0-9_\-]+")
_RANDOM_MIN_LENGTH = 20
# How often a random mix of upper case, lower case and digits switches between them:
# about 0.6 of adjacent pairs; CamelCase names and model ids ("Llama3_1_8B_Instruct",
# "AzureOpenAIEastUS2Production") switch about a third of the time.
_RANDOM_MIN_SWITCH_RATE = 0.4


def _char_class(char: str) -> str:
    return "upper" if char.isupper() else "lower" if char.islower() else "digit"


def _looks_random(token: str) -> bool:
    """A generated token: long, mixing upper case, lower case and digits at random."""
    core = token.replace("_", "").replace("-", "")  # separators say nothing either way
    if len(core) < _RANDOM_MIN_LENGTH:
        return False
    classes = [_char_class(c) for c in core]
    if len(set(classes)) < 3:
        return False
    switches = sum(a != b for a, b in pairwise(classes))
    return switches / (len(core) - 1) >= _RANDOM_MIN_SWITCH_RATE


def looks_like_key(text: str, *, random_tokens: bool = True) -> bool:
    """Whether typed text contains something shaped like an API key or token.

    random_tokens: also refuse long random-looking tokens. Off for fields whose honest
    values look random (OpenAI's organization and project ids).
    """
    if any(p.search(text) for p in KEY_SHAPES) or _LONG_HEX.search(text):
        return True
    return random_tokens and any(_looks_random(t) for t in _TOKEN.findall(text))


def url_hides_key(url: str) -> bool:
    """Whether a typed address carries a key: a labelled key anywhere, any key shape or
    credential parameter in the query, fragment or user part, or, for text that is not an
    address at all, anything key-shaped.

    The host and path are spared the bare-key rules: honest addresses carry account ids
    there (Cloudflare's AI Gateway puts a 32-hex-digit account id in the path).
    """
    text = url.strip()
    if any(p.search(text) for p in _LABELLED):
        return True
    parts = urlsplit(text)
    if not parts.scheme or not parts.netloc:
        return looks_like_key(text)
    extras = [parts.query, parts.fragment, parts.username or "", parts.password or ""]
    return any(
        looks_like_key(extra) or _SECRET_PARAMETER.search("?" + extra) for extra in extras if extra
    )


def key_problem(key: str) -> LocalizedText | None:
    """What is wrong with a key as typed (surrounding spaces already removed), or None.

    Never quotes the key: a message may be logged or shown over someone's shoulder.
    """
    for position, char in enumerate(key, start=1):
        if char.isspace():
            return LocalizedText(
                en=(
                    f"The key has a space or line break inside it (character {position}). "
                    "Keys have none: copy it again from the provider's website."
                ),
                zh_TW=(
                    f"金鑰中間有空格或換行（第 {position} 個字元），但金鑰不會有這些字元："
                    "請從服務商網站重新複製。"
                ),
            )
        if not (char.isascii() and char.isprintable()):
            return LocalizedText(
                en=(
                    f"Character {position} of the key is not a plain letter, digit or symbol: "
                    "perhaps a full-width or accented letter, a curly quote or an invisible "
                    "character, as documents and chat apps produce. Keys use plain characters "
                    "only: copy it again straight from the provider's website."
                ),
                zh_TW=(
                    f"金鑰的第 {position} 個字元不是一般的半形英數字或符號，可能是全形字、"
                    "帶重音的字母、彎引號或看不見的字元（文件與聊天軟體常會這樣轉換）。"
                    "金鑰只會有半形字元：請直接從服務商網站重新複製。"
                ),
            )
    return None

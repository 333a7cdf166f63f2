"""Check (and mechanically fix) the app's Traditional Chinese against docs/glossary.md.

    .venv/bin/python scripts/zh_style.py          # list what breaks the rules
    .venv/bin/python scripts/zh_style.py --fix    # full-width punctuation, spacing, and the
                                                  # glossary words that have one replacement

The texts are every `*_zh_TW.ts` translation and every Chinese string literal of the
Qt-free modules (the CLI and the validator speak Chinese from there). After --fix, run
scripts/translations.py so the .qm files are rebuilt. tests/test_zh_style.py uses the same
rules. Word choice that needs judgement (問題 for a question) is left to a person.
"""

from __future__ import annotations

import functools
import io
import re
import sys
import tokenize
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape, unescape

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "fine_tune_studio"
TRANSLATIONS = PACKAGE / "resources" / "translations"
GLOSSARY = REPO / "docs" / "glossary.md"
# The Qt-free rooms: their Chinese is in string literals, not in .ts files.
PYTHON_ROOMS = ("core", "services", "engine", "commands")

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Full-width closers count as Chinese for the punctuation next to them: ）; is still wrong.
CHINESE_SIDE = HAN + "）」』。"
FULL_WIDTH = {",": "，", ":": "：", ";": "；", "!": "！", "?": "？"}
# Half-width on purpose: Qt file-dialog filters and menu accelerators.
_KEPT = re.compile(r"\((?:\*|&)[^)]*\)|;;")
# `{who_zh}` stands for Chinese words, so only Qt's %1 / %n and numeric-looking names count.
_PLACEHOLDER = (
    r"(?:%[0-9n]+|\{(?:n|count|total|[a-z_]*(?:number|size|tokens|seconds))(?::[^{}]*)?\})"
)
_LATIN = rf"(?:[A-Za-z0-9]|{_PLACEHOLDER})"
# Role words the validator matches in system prompts: data, not display text.
_WORD_LISTS = ("客服 客服人員",)


def _is_word_list(text: str) -> bool:
    return text.lstrip("rbfuRBFU").strip("\"'").startswith(_WORD_LISTS)


@dataclass(frozen=True)
class ZhText:
    where: str  # file (and, for .ts, the English source)
    source: str
    text: str


@dataclass(frozen=True)
class Avoid:
    word: str  # "N" in it stands for any number or placeholder: "N 筆"
    use: str
    concept: str

    @property
    def pattern(self) -> str:
        return re.escape(self.word).replace("N", rf"(?:\d+|{_PLACEHOLDER})")


@functools.cache
def glossary() -> tuple[Avoid, ...]:
    """The words not to use, from the table in docs/glossary.md (read once: every text of
    the app is checked against it)."""
    avoided: list[Avoid] = []
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 3 or cells[0] in ("English", "---") or set(cells[0]) <= {"-"}:
            continue
        concept, use, avoid = cells
        for word in re.split(r",\s*", avoid):
            if word and not word.startswith("—"):
                avoided.append(Avoid(word, use, concept))
    return tuple(avoided)


def _masked(text: str) -> str:
    return _KEPT.sub(lambda m: "\0" * len(m.group()), text)


def problems(text: str) -> list[str]:
    """What in one Chinese text breaks the writing rules (empty when it is fine)."""
    if _is_word_list(text) or not re.search(f"[{HAN}]", text):
        return []
    found: list[str] = []
    plain = _masked(text)
    if re.search(rf"[{CHINESE_SIDE}] ?[,:;!?]|(?<!\")[,:;!?] ?[{HAN}]", plain):
        found.append("half-width ,:;!? next to Chinese: use ，：；！？")
    for inner in re.finditer(r"\(([^()]*)\)", plain):
        before = plain[max(0, inner.start() - 2):inner.start()]
        after = plain[inner.end():inner.end() + 2]
        if re.search(f"[{HAN}]", inner.group(1) + before + after):
            found.append(f"half-width parentheses {inner.group()!r} in Chinese: use （）")
            break
    if re.search(rf"[{HAN}]{_LATIN}|{_LATIN}[{HAN}]", plain):
        found.append("no space between Chinese and a Latin word, a number or a placeholder")
    for avoid in glossary():
        # 亂數種子 is fine where 種子 alone is not: look outside the preferred word only.
        if re.search(avoid.pattern, text.replace(avoid.use, "\0")):
            found.append(f"{avoid.word!r}: the glossary says {avoid.use!r} ({avoid.concept})")
    return found


# Texts whose placeholders stand for Chinese sentences, so no space goes next to them.
CHINESE_PLACEHOLDERS = {"%1 Fix: %2"}


def text_problems(text: ZhText) -> list[str]:
    """Everything wrong with one text of the app."""
    found = problems(text.text) + word_problems(text.source, text.text)
    if text.source in CHINESE_PLACEHOLDERS:
        found = [p for p in found if not p.startswith("no space")]
    return found


def word_problems(source: str, text: str) -> list[str]:
    """Word choice that depends on the English: a question is 提問, a problem is 問題."""
    asks = re.search(r"\bquestions?\b", source, re.IGNORECASE)
    if asks and not re.search(r"\bproblems?\b", source, re.IGNORECASE) and "問題" in text:
        return ["'問題' for a question: the glossary says '提問' (問題 is a problem)"]
    return []


def fixed(text: str) -> str:
    """The text with the mechanical rules applied: punctuation, spacing, one-word swaps."""
    if _is_word_list(text) or not re.search(f"[{HAN}]", text):
        return text
    kept: list[str] = []

    def keep(match: re.Match[str]) -> str:
        kept.append(match.group())
        return f"\0{len(kept) - 1}\0"

    work = _KEPT.sub(keep, text)
    for _ in range(3):  # nested or adjacent pairs settle in a few rounds
        work = re.sub(r" ?\(([^()]*)\) ?", _full_width_parentheses, work)
    work = re.sub(rf"(?<=[{CHINESE_SIDE}]) ?([,:;!?]) ?", lambda m: FULL_WIDTH[m.group(1)], work)
    # Not after a quote: `"content": 原 prompt` is JSON written inside a Chinese sentence.
    work = re.sub(rf'(?<!") ?([,:;!?]) ?(?=[{HAN}])', lambda m: FULL_WIDTH[m.group(1)], work)
    work = re.sub(rf"([{HAN}])({_LATIN})", r"\1 \2", work)
    work = re.sub(rf"({_LATIN})([{HAN}])", r"\1 \2", work)
    for avoid in glossary():
        if "(" not in avoid.use and "N" not in avoid.word and avoid.word in work:
            work = avoid.use.join(
                part.replace(avoid.word, avoid.use) for part in work.split(avoid.use))
    return re.sub(r"\0(\d+)\0", lambda m: kept[int(m.group(1))], work)


def _full_width_parentheses(match: re.Match[str]) -> str:
    text = match.string
    around = text[max(0, match.start() - 1):match.start()] + text[match.end():match.end() + 1]
    if re.search(f"[{HAN}]", match.group(1) + around):
        return f"（{match.group(1)}）"
    return match.group()


# -- where the texts are --------------------------------------------------------------------

_QUOTES = {'"': "&quot;", "'": "&apos;"}
_ENTITIES = {v: k for k, v in _QUOTES.items()}
_TS_TEXT = re.compile(r"(<(?:translation|numerusform)(?: [^>]*)?>)([^<]*)(</)")


def ts_texts() -> Iterator[ZhText]:
    for path in sorted(TRANSLATIONS.glob("*_zh_TW.ts")):
        for message in ET.parse(path).iter("message"):
            source = "".join(message.findtext("source") or "")
            translation = message.find("translation")
            if translation is None or translation.get("type") in ("obsolete", "vanished"):
                continue
            forms = translation.findall("numerusform") or [translation]
            for form in forms:
                yield ZhText(f"{path.name}: {source[:60]!r}", source, "".join(form.itertext()))


def python_texts() -> Iterator[ZhText]:
    for room in PYTHON_ROOMS:
        for path in sorted((PACKAGE / room).rglob("*.py")):
            for token in _string_tokens(path.read_text(encoding="utf-8")):
                if re.search(f"[{HAN}]", token.string) and not _is_docstring(token):
                    where = f"{path.relative_to(REPO)}:{token.start[0]}"
                    yield ZhText(where, "", token.string)


def _string_tokens(code: str) -> Iterator[tokenize.TokenInfo]:
    for token in tokenize.generate_tokens(io.StringIO(code).readline):
        if token.type == tokenize.STRING:
            yield token


def _is_docstring(token: tokenize.TokenInfo) -> bool:
    # Docstrings are for developers; messages are never triple-quoted in this code base.
    return token.string.lstrip("rbfuRBFU").startswith(('"""', "'''"))


def all_texts() -> Iterator[ZhText]:
    yield from ts_texts()
    yield from python_texts()


def fix_files() -> int:
    """Rewrite the texts in place; returns how many files changed."""
    changed = 0
    for path in sorted(TRANSLATIONS.glob("*_zh_TW.ts")):
        old = path.read_text(encoding="utf-8")
        new = "".join(_fix_message(block) for block in re.split(r"(?=<message)", old))
        if new != old:
            path.write_text(new, encoding="utf-8")
            changed += 1
    for room in PYTHON_ROOMS:
        for path in sorted((PACKAGE / room).rglob("*.py")):
            old = path.read_text(encoding="utf-8")
            new = _fix_python(old)
            if new != old:
                path.write_text(new, encoding="utf-8")
                changed += 1
    return changed


def _fix_message(block: str) -> str:
    source = re.search(r"<source>([^<]*)</source>", block)
    if source and unescape(source.group(1), _ENTITIES) in CHINESE_PLACEHOLDERS:
        return block
    return _TS_TEXT.sub(
        lambda m: m.group(1) + escape(fixed(unescape(m.group(2), _ENTITIES)), _QUOTES)
        + m.group(3), block)


def _fix_python(code: str) -> str:
    lines = code.splitlines(keepends=True)
    # Right to left so that earlier positions stay valid.
    for token in reversed(list(_string_tokens(code))):
        if not re.search(f"[{HAN}]", token.string) or _is_docstring(token):
            continue
        (row, col), (end_row, end_col) = token.start, token.end
        if row != end_row:
            continue  # a triple-quoted block: docs, not a message
        line = lines[row - 1]
        lines[row - 1] = line[:col] + fixed(token.string) + line[end_col:]
    return "".join(lines)


def main(argv: list[str]) -> int:
    if "--fix" in argv:
        print(f"{fix_files()} files changed; now run scripts/translations.py")
    broken = [(t, p) for t in all_texts() for p in text_problems(t)]
    for text, problem in broken:
        print(f"{text.where}: {problem}\n    {text.text}")
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

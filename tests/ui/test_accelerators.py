"""Two controls of one window never share an Alt+letter key, in English or in Chinese.

Texts of one translation context (one class) are shown together — a form, a bar, a menu —
so a letter marked with & twice in a context means Alt+letter reaches only one of them.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import defaultdict

import pytest

from scripts.translations import TRANSLATIONS

ZH_FILES = sorted(TRANSLATIONS.glob("*_zh_TW.ts"))


def accelerator(text: str) -> str | None:
    found = re.search(r"&([^&\s])", text.replace("&&", ""))
    return found.group(1).upper() if found else None


def clashes(pairs: list[tuple[str, str]]) -> dict[str, set[str]]:
    by_key: dict[str, set[str]] = defaultdict(set)
    for context, text in pairs:
        key = accelerator(text)
        if key:
            by_key[f"{context} Alt+{key}"].add(text)
    return {key: texts for key, texts in by_key.items() if len(texts) > 1}


@pytest.mark.parametrize("path", ZH_FILES, ids=lambda p: p.stem)
def test_no_two_texts_of_a_window_share_an_accelerator(path: object) -> None:
    english: list[tuple[str, str]] = []
    chinese: list[tuple[str, str]] = []
    for context in ET.parse(str(path)).iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            english.append((name, message.findtext("source") or ""))
            translation = message.find("translation")
            if translation is not None:
                chinese.append((name, "".join(translation.itertext())))
    assert not clashes(english)
    assert not clashes(chinese)


def test_a_clash_is_seen() -> None:
    assert clashes([("ParamsBar", "&Temperature"), ("ParamsBar", "Max &tokens")])
    assert not clashes([("ParamsBar", "&Temperature"), ("ParamsBar", "Max to&kens"),
                        ("Other", "&Top")])

"""The app's Traditional Chinese follows docs/glossary.md: one word per concept, full-width
punctuation, a space between Chinese and Latin words. Covers the .ts translations and the
Chinese texts of the Qt-free modules (validator, CLI, downloads, evaluation report)."""

from __future__ import annotations

import pytest

from scripts.zh_style import (
    all_texts,
    fixed,
    glossary,
    problems,
    text_problems,
    word_problems,
)


def test_every_chinese_text_follows_the_glossary_and_the_writing_rules() -> None:
    texts = list(all_texts())
    assert len(texts) > 1000  # the .ts files and the core's messages were both read
    broken = [
        f"{t.where}: {problem}\n    {t.text}"
        for t in texts for problem in text_problems(t)
    ]
    assert not broken, (
        "Run `scripts/zh_style.py --fix` for punctuation and spacing; choose words by hand:\n"
        + "\n".join(broken)
    )


def test_the_glossary_names_the_words_a_reader_flagged() -> None:
    avoided = {a.word: a.use for a in glossary()}
    assert avoided["服務提供者"] == "服務商" and avoided["供應商"] == "服務商"
    assert avoided["種子碼"] == "亂數種子"
    assert avoided["已花時間"] == "已用時間"
    assert "N 筆" in avoided


@pytest.mark.parametrize(("before", "after"), [
    ("無法開啟檔案:%1", "無法開啟檔案：%1"),
    ("關閉時,模型會看到這則回覆,但不會從中學習(weight 0)。",
     "關閉時，模型會看到這則回覆，但不會從中學習（weight 0）。"),
    ("範例:{n} 則({valid} 則沒有錯誤);{err} 個錯誤",
     "範例：{n} 則（{valid} 則沒有錯誤）；{err} 個錯誤"),
    ("剩下%1", "剩下 %1"),
    ("計費訓練token數", "計費訓練 token 數"),
    ("請先到「設定」新增服務提供者。", "請先到「設定」新增服務商。"),
    ("相同的種子與亂數種子", "相同的亂數種子與亂數種子"),
    # Kept as they are: Qt file filters, accelerators, JSON inside a sentence, English.
    ("訓練檔 (*.jsonl *.json);;所有檔案 (*)", "訓練檔 (*.jsonl *.json);;所有檔案 (*)"),
    ("亂數種子(&E)", "亂數種子(&E)"),
    ('{"role": "user", "content": 原 prompt}', '{"role": "user", "content": 原 prompt}'),
    ("No problems (yet): fine.", "No problems (yet): fine."),
])
def test_the_mechanical_fix(before: str, after: str) -> None:
    assert fixed(before) == after
    assert not problems(after)


def test_the_checks_see_each_kind_of_mistake() -> None:
    assert problems("要儲存嗎?")
    assert problems("回答(assistant)")
    assert problems("共%n則")
    assert problems("找到 3 筆範例")
    assert not problems("運用文筆")  # 筆 as a word, not a counter
    assert word_problems("Ask a question", "先問一個問題")
    assert not word_problems("Ask a question", "先提問")
    assert not word_problems("No problems found.", "沒有發現問題。")

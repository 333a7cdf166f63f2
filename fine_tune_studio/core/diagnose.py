"""Explain why a line is not readable JSON in the words of the person who wrote it."""

from __future__ import annotations

import json
from typing import Any

from fine_tune_studio.core.i18n import LocalizedText as T
from fine_tune_studio.core.issues import Issue
from fine_tune_studio.core.jsontext import (
    MAX_INT_DIGITS,
    HugeNumber,
    has_surrogate,
    read_float,
    read_int,
    visible,
)
from fine_tune_studio.core.rules import RULES

CURLY_QUOTES = "\u201c\u201d\u201e\u201f\u2033\uff02"
CURLY_SINGLE = "\u2018\u2019"
FULLWIDTH = {"，": ",", "：": ":", "｛": "{", "｝": "}", "［": "[", "］": "]"}
_CLOSER = {"{": "}", "[": "]"}


class _ConstantError(ValueError):
    """NaN / Infinity: Python's json reads them, JSON does not have them."""


def _reject_constant(name: str) -> object:
    raise _ConstantError(name)


def _issue(line: int, code: str, message: T, fix: T | None = None, path: str = "") -> Issue:
    return Issue(line, RULES[code].severity, code, path, message, fix)


def diagnose_undecodable(raw: bytes, line: int, error: UnicodeDecodeError) -> Issue:
    legacy = None
    for codec, label in (("cp950", "Big5"), ("gb18030", "GB18030")):
        try:
            text = raw.decode(codec)
        except UnicodeDecodeError:
            continue
        if any("\u4e00" <= ch <= "\u9fff" for ch in text):
            legacy = label
            break
    message = T(
        en=f"This line is not UTF-8 text (unreadable bytes from byte {error.start + 1}).",
        zh_TW=f"這一行不是 UTF-8 文字（從第 {error.start + 1} 個位元組起無法讀取）。",
    )
    if legacy:
        message = T(
            en=message.en + f" It looks like {legacy}, an older Chinese encoding.",
            zh_TW=message.zh_TW + f"看起來是 {legacy} 這種舊的中文編碼。",
        )
    fix = T(
        en='Save the file as "UTF-8" in your editor (Save As → Encoding: UTF-8).',
        zh_TW="請在編輯器中把檔案另存為「UTF-8」編碼（另存新檔 → 編碼：UTF-8）。",
    )
    return _issue(line, "invalid_utf8", message, fix)


def _scan(text: str) -> tuple[list[str], bool, bool]:
    """(unclosed brackets, ends inside a string, saw a mismatched closer)."""
    stack: list[str] = []
    in_string = False
    escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "{[":
            stack.append(ch)
        elif ch in "}]":
            if not stack or _CLOSER[stack[-1]] != ch:
                return stack, in_string, True
            stack.pop()
    return stack, in_string, False


def _parses(text: str) -> bool:
    try:
        json.loads(text, parse_int=read_int, parse_float=read_float)
    except (ValueError, RecursionError):
        return False
    return True


def close_cut_off_line(text: str) -> str | None:
    """The line with what a cut-off copy-paste lost at its end put back, if that is all it
    lacks: the closing quote and brackets, after dropping a dangling comma or backslash (and
    an empty text for a key left without its value). None when the result is still not JSON.

    It never guesses words: a cut-off answer stays as short as it was, for the author to see
    and finish (the editor shows the result before applying it).
    """
    stack, in_string, mismatched = _scan(text)
    if mismatched or not (stack or in_string):
        return None
    body = text
    if in_string:  # spaces at the end are part of the text: keep them
        trailing = len(body) - len(body.rstrip("\\"))
        if trailing % 2:  # a lone backslash would escape the closing quote
            body = body[:-1]
        body += '"'
    else:
        body = body.rstrip().rstrip(",").rstrip()
        if body.endswith(":"):
            body += '""'
    candidate = body + "".join(_CLOSER[b] for b in reversed(stack))
    return candidate if _parses(candidate) else None


def diagnose_json(text: str, line: int) -> Issue:
    """The most helpful issue for a line that failed to parse as JSON."""
    try:
        json.loads(
            text, parse_constant=_reject_constant, parse_int=read_int, parse_float=read_float
        )
        pos, reason = 0, ""
    except json.JSONDecodeError as error:
        pos, reason = error.pos, error.msg
    except _ConstantError as error:
        return _issue(
            line,
            "invalid_json",
            T(
                en=f"This line uses {error}, which JSON does not allow.",
                zh_TW=f"這一行用了 {error},JSON 不允許這個值。",
            ),
            T(en="Write a number or null instead.", zh_TW="請改寫成數字或 null。"),
        )
    except RecursionError:
        return _issue(
            line,
            "invalid_json",
            T(
                en="This line nests brackets too deeply to be a training example.",
                zh_TW="這一行的括號層層巢狀太深，不可能是訓練範例。",
            ),
            T(en="Replace it with a normal example.", zh_TW="請改寫成一般的範例。"),
        )
    near = text[max(0, pos - 1) : pos + 2]
    curly = [ch for ch in text if ch in CURLY_QUOTES or ch in CURLY_SINGLE]
    if curly and (any(ch in CURLY_QUOTES + CURLY_SINGLE for ch in near) or not reason):
        straightened = text
        for ch in CURLY_QUOTES:
            straightened = straightened.replace(ch, '"')
        return _issue(
            line,
            "smart_quotes",
            T(
                en="This line uses curly “smart quotes” (“ ”) where JSON needs straight "
                'quotes ("). '
                "Word processors such as Word, Pages or Google Docs change them as you type.",
                zh_TW='這一行用了彎引號（“ ”，又稱智慧型引號），JSON 需要的是直的雙引號（"）。'
                "Word、Pages、Google 文件等文書軟體會在打字時自動替換。",
            ),
            T(
                en='Replace each “ and ” around keys and values with a straight " — and write '
                "training files in a plain-text editor, or turn off “smart quotes”."
                + (" (Replacing them makes this line valid.)" if _parses(straightened) else ""),
                zh_TW='把鍵與值兩側的 “ 和 ” 都換成直的 "，並改用純文字編輯器撰寫訓練檔，'
                "或關閉「智慧型引號」。"
                + ("（全部替換後這一行就正確了。）" if _parses(straightened) else ""),
            ),
        )
    if reason and text[pos : pos + 1] in FULLWIDTH:
        ch = text[pos]
        return _issue(
            line,
            "fullwidth_punctuation",
            T(
                en=f"At character {pos + 1} there is a full-width “{ch}” (typed with a Chinese "
                f"input method) where JSON needs “{FULLWIDTH[ch]}”.",
                zh_TW=f"第 {pos + 1} 個字元是全形的「{ch}」（中文輸入法打出的），"
                f"JSON 這裡需要半形的"
                f"「{FULLWIDTH[ch]}」。",
            ),
            T(
                en=f"Replace “{ch}” with “{FULLWIDTH[ch]}” outside the quoted text.",
                zh_TW=f"把引號外的「{ch}」換成半形「{FULLWIDTH[ch]}」。",
            ),
        )
    stack, in_string, mismatched = _scan(text)
    if not mismatched and (stack or in_string) and reason:
        closers = ('"' if in_string else "") + "".join(_CLOSER[b] for b in reversed(stack))
        completes = _parses(text + closers)
        fix_en = (
            f"Add {closers} at the end of the line, after checking that the last answer is "
            "complete."
            if completes
            else "Restore the end of this line from your original, or retype it."
        )
        fix_zh = (
            f"確認最後的回答完整後，在這一行結尾補上 {closers}。"
            if completes
            else "請從原始資料補回這一行的結尾，或重新輸入。"
        )
        return _issue(
            line,
            "truncated_line",
            T(
                en="This line stops in the middle: it looks cut off (its closing "
                f"{closers} is missing), as if a copy-paste lost its end.",
                zh_TW=f"這一行在中途就結束了，看起來被截斷（缺少結尾的 {closers}），"
                "可能是複製貼上時少了結尾。",
            ),
            T(en=fix_en, zh_TW=fix_zh),
        )
    if reason.startswith("Extra data"):
        return _issue(
            line,
            "invalid_json",
            T(
                en="This line holds more than one JSON value "
                f"(extra text from character {pos + 1}).",
                zh_TW=f"這一行有不只一個 JSON 值（從第 {pos + 1} 個字元起多出內容）。",
            ),
            T(
                en="Put each example on its own line.",
                zh_TW="每個範例各自放在一行。",
            ),
        )
    hint_en, hint_zh = "", ""
    if "'" in near or reason.startswith("Expecting property name"):
        hint_en = ' JSON needs double quotes (") around keys and text, not single quotes.'
        hint_zh = 'JSON 的鍵與文字要用雙引號（"），不能用單引號。'
    return _issue(
        line,
        "invalid_json",
        T(
            en=f"This line is not valid JSON: {reason or 'unreadable'} at character {pos + 1}."
            + hint_en,
            zh_TW=f"這一行不是有效的 JSON：第 {pos + 1} 個字元附近有錯"
            f"（{reason or 'unreadable'}）。"
            + hint_zh,
        ),
        T(
            en="Check the quotes, commas and brackets near that spot.",
            zh_TW="請檢查該位置附近的引號、逗號與括號。",
        ),
    )


# ---------------------------------------------------------------------------------- values
# JSON text that parses, but into values no training service can take: a \ud800 escape
# without its other half (UTF-8 cannot store it) and integers too long for any reader.
MAX_LOCATED_VALUES = 10


def _naming(path: str, what_en: str, what_zh: str) -> tuple[str, str]:
    """How a message names the place: "The text at messages[0].content" ("" = the line)."""
    if path:
        return f"The {what_en} at {path}", f"{path} 的{what_zh}"
    return f"This line's {what_en}", f"這一行的{what_zh}"


def _surrogate_escape(text: str) -> str:
    for ch in text:
        if "\ud800" <= ch <= "\udfff":
            return f"\\u{ord(ch):04x}"
    return ""


def _surrogate_issue(line: int, path: str, text: str, *, is_key: bool) -> Issue:
    escape = _surrogate_escape(text)
    shown = visible(text[:40])
    if len(text) > 40:
        shown += "…"
    if is_key:  # the path ends with the key itself
        what_en, what_zh = f'The key "{shown}"', f"鍵「{shown}」"
    else:
        what_en, what_zh = _naming(path, "text", "文字")
        what_en, what_zh = f'{what_en} ("{shown}")', f"{what_zh}（「{shown}」）"
    return _issue(
        line,
        "lone_surrogate",
        T(
            en=f"{what_en} contains {escape}, half of a character: a UTF-16 surrogate escape "
            "without its other half. UTF-8 cannot store it, so training services reject "
            "this line.",
            zh_TW=f"{what_zh}含有 {escape}，這是半個字元：少了另一半的 UTF-16 代理碼跳脫序列。"
            "UTF-8 無法儲存它，訓練服務會拒絕這一行。",
        ),
        T(
            en=f"Delete {escape}, or write the whole character: an emoji written as escapes "
            "needs both halves (for example \\ud83d\\ude00), or type the character itself.",
            zh_TW=f"刪除 {escape}，或寫出完整的字元：用跳脫序列寫的表情符號需要成對的兩半"
            "（例如 \\ud83d\\ude00），也可以直接輸入該字元。",
        ),
        path,
    )


def _huge_number_issue(line: int, path: str, number: HugeNumber) -> Issue:
    where_en, where_zh = _naming(path, "number", "數字")
    if number.too_large:
        message = T(
            en=f"{where_en} ({number.preview}) is larger than any number JSON "
            "readers can hold (about 1.8e308), and no field of a training example needs one.",
            zh_TW=f"{where_zh}（{number.preview}）超過 JSON 讀取程式能表示的最大數字"
            "（約 1.8e308），訓練範例也沒有任何欄位需要它。",
        )
    else:
        message = T(
            en=f"{where_en} has {number.digits:,} digits. JSON readers refuse "
            f"numbers this long (Python stops at {MAX_INT_DIGITS:,} digits), and no field of "
            "a training example needs one.",
            zh_TW=f"{where_zh}長達 {number.digits:,} 位數。JSON 讀取程式不接受這麼長的"
            f"數字（Python 的上限是 {MAX_INT_DIGITS:,} 位數），訓練範例也沒有任何欄位需要它。",
        )
    return _issue(
        line,
        "huge_number",
        message,
        T(
            en="Replace it with the value you meant, or put it in double quotes if it is text.",
            zh_TW="改成你要的值；如果它是文字，請用雙引號括起來。",
        ),
        path,
    )


def _more_issue(line: int, code: str, more: int) -> Issue:
    return _issue(
        line,
        code,
        T(
            en=f"… and {more:,} more places on this line with the same kind of problem.",
            zh_TW=f"……這一行還有 {more:,} 個地方有同樣的問題。",
        ),
        T(en="Fix them the same way.", zh_TW="請用同樣的方式修正。"),
    )


def diagnose_unreadable_values(value: Any, line: int) -> list[Issue]:
    """Located issues for lone surrogates (in keys or text) and huge numbers; [] if none.

    Walks the parsed line without recursion (it may be nested up to the parser's limit)
    in document order, so the first places listed are the first in the line.
    """
    found: list[Issue] = []
    extra = 0
    extra_code = ""
    stack: list[tuple[Any, str]] = [(value, "")]
    while stack:
        item, path = stack.pop()
        issue: Issue | None = None
        if isinstance(item, str):
            if has_surrogate(item):
                issue = _surrogate_issue(line, path, item, is_key=False)
        elif isinstance(item, HugeNumber):
            issue = _huge_number_issue(line, path, item)
        elif isinstance(item, dict):
            children: list[tuple[Any, str]] = []
            for key, child in item.items():
                child_path = f"{path}.{visible(key)}" if path else visible(key)
                if has_surrogate(key):
                    if len(found) < MAX_LOCATED_VALUES:
                        found.append(_surrogate_issue(line, child_path, key, is_key=True))
                    else:
                        extra += 1
                        extra_code = extra_code or "lone_surrogate"
                children.append((child, child_path))
            stack.extend(reversed(children))
        elif isinstance(item, list):
            stack.extend((child, f"{path}[{i}]") for i, child in reversed(list(enumerate(item))))
        if issue is not None:
            if len(found) < MAX_LOCATED_VALUES:
                found.append(issue)
            else:
                extra += 1
                extra_code = extra_code or issue.code
    if extra:
        found.append(_more_issue(line, extra_code, extra))
    return found

"""The catalogue of validation codes: stable names, severities and group titles.

Codes are part of the CLI's JSON contract (docs/dataset.md): never rename one. Some codes are
a precise diagnosis of a documented category (curly quotes are one way a line is not JSON);
the JSON report gives those under their category's code, with the diagnosis beside it, so a
script that filters on `invalid_json` sees every unreadable line.
"""

from __future__ import annotations

from dataclasses import dataclass

from fine_tune_studio.core.i18n import LocalizedText as T
from fine_tune_studio.core.issues import Severity

E = Severity.ERROR
W = Severity.WARNING


@dataclass(frozen=True)
class Rule:
    code: str
    severity: Severity
    title: T
    # The documented code this diagnosis is reported under ("" = its own code).
    category: str = ""

    @property
    def reported_code(self) -> str:
        return self.category or self.code


_RULES = [
    # The OpenAI cookbook's categories, under its names.
    Rule("data_type", E, T(en="Not an example object", zh_TW="不是範例物件")),
    Rule("missing_messages_list", E, T(en="No list of messages", zh_TW="缺少訊息清單")),
    Rule("message_missing_key", E, T(en="Message missing a key", zh_TW="訊息缺少欄位")),
    Rule(
        "message_unrecognized_key",
        E,
        T(en="Unknown key in a message", zh_TW="訊息有無法辨識的欄位"),
    ),
    Rule("unrecognized_role", E, T(en="Unknown role", zh_TW="無法辨識的角色")),
    Rule("missing_content", E, T(en="Message without usable content", zh_TW="訊息沒有可用的內容")),
    Rule(
        "example_missing_assistant_message",
        E,
        T(en="Example without an answer", zh_TW="範例缺少回答"),
    ),
    # File level.
    Rule("insufficient_examples", E, T(en="Too few examples", zh_TW="範例太少")),
    Rule(
        "mixed_formats", E, T(en="Chat and preference examples mixed", zh_TW="混用對話與偏好格式")
    ),
    Rule("byte_order_mark", W, T(en="File starts with a byte order mark", zh_TW="檔案開頭有 BOM")),
    Rule("no_examples", E, T(en="No examples", zh_TW="沒有任何範例")),
    # Reading the line.
    Rule("invalid_json", E, T(en="Not valid JSON", zh_TW="不是有效的 JSON")),
    Rule("invalid_utf8", E, T(en="Not UTF-8 text", zh_TW="不是 UTF-8 文字")),
    Rule("truncated_line", E, T(en="Line cut off", zh_TW="這一行被截斷"), "invalid_json"),
    Rule(
        "smart_quotes",
        E,
        T(en="Curly “smart” quotes", zh_TW="彎引號（智慧型引號）"),
        "invalid_json",
    ),
    Rule(
        "fullwidth_punctuation",
        E,
        T(en="Full-width punctuation in JSON", zh_TW="JSON 中有全形標點"),
        "invalid_json",
    ),
    Rule(
        "lone_surrogate",
        E,
        T(en="Half of a character (lone surrogate)", zh_TW="半個字元（落單的代理碼）"),
        "invalid_json",
    ),
    Rule(
        "huge_number",
        E,
        T(en="Number too long to read", zh_TW="數字太長，無法讀取"),
        "invalid_json",
    ),
    Rule("blank_line", W, T(en="Blank line", zh_TW="空白行")),
    # Content.
    # The cookbook counts only "" as missing content; text of spaces teaches nothing either.
    Rule("empty_content", E, T(en="Empty message", zh_TW="空白的訊息"), "missing_content"),
    Rule("invalid_content_part", E, T(en="Bad content part", zh_TW="內容區塊格式錯誤")),
    Rule("invalid_name", E, T(en="Bad name", zh_TW="名稱格式錯誤")),
    Rule("invalid_weight", E, T(en="Bad weight", zh_TW="權重（weight）錯誤")),
    Rule("too_many_tokens", E, T(en="Example too long", zh_TW="範例太長")),
    Rule(
        "example_unrecognized_key",
        W,
        T(en="Unknown key in an example", zh_TW="範例有無法辨識的欄位"),
    ),
    Rule("deprecated_role", W, T(en="Deprecated role", zh_TW="已淘汰的角色")),
    Rule("last_message_not_assistant", W, T(en="Ends without an answer", zh_TW="最後一則不是回答")),
    Rule("no_trainable_message", W, T(en="Nothing to learn", zh_TW="沒有可學習的回答")),
    Rule("duplicate_example", W, T(en="Duplicate example", zh_TW="重複的範例")),
    # Tools.
    Rule("invalid_tool_call", E, T(en="Bad tool call", zh_TW="工具呼叫格式錯誤")),
    Rule("invalid_tool_arguments", E, T(en="Bad tool-call arguments", zh_TW="工具呼叫參數錯誤")),
    Rule("duplicate_tool_call_id", E, T(en="Tool-call id used twice", zh_TW="工具呼叫 id 重複")),
    Rule(
        "tool_result_without_call",
        E,
        T(en="Tool result without a call", zh_TW="工具結果沒有對應的呼叫"),
    ),
    Rule(
        "tool_call_without_result", W, T(en="Tool call without a result", zh_TW="工具呼叫沒有結果")
    ),
    Rule("invalid_tools", E, T(en="Bad tool list", zh_TW="工具清單格式錯誤")),
    Rule("undeclared_tool", W, T(en="Call to an undeclared tool", zh_TW="呼叫了未宣告的工具")),
    Rule(
        "parallel_tool_calls_conflict",
        E,
        T(en="Parallel calls switched off", zh_TW="已關閉平行呼叫"),
    ),
    Rule("deprecated_functions", W, T(en="Deprecated functions", zh_TW="已淘汰的 functions")),
    # Preference (DPO).
    Rule("invalid_preference_output", E, T(en="Bad preference output", zh_TW="偏好輸出格式錯誤")),
    Rule(
        "identical_preference_outputs",
        W,
        T(en="Preferred equals non-preferred", zh_TW="偏好與非偏好輸出相同"),
    ),
]

RULES: dict[str, Rule] = {rule.code: rule for rule in _RULES}


def reported_code(code: str) -> str:
    """The documented code under which the JSON report gives diagnosis `code`."""
    rule = RULES.get(code)
    return rule.reported_code if rule is not None else code

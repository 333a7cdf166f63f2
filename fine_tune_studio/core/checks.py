"""Per-example rules on a parsed JSON object. Pure functions: no I/O, no other lines.

Written by hand over plain dicts (not via pydantic) because they run on every line of
100,000-example files and must explain each problem in words, not raise.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

import orjson

from fine_tune_studio.core.i18n import LocalizedText as T
from fine_tune_studio.core.issues import Issue, Severity
from fine_tune_studio.core.jsontext import compact_json
from fine_tune_studio.core.rules import RULES
from fine_tune_studio.core.schema import (
    ALLOWED_MESSAGE_KEYS,
    CHAT_EXAMPLE_KEYS,
    DEPRECATED_ROLES,
    PREFERENCE_EXAMPLE_KEYS,
    PREFERENCE_INPUT_KEYS,
    ROLES,
)
from fine_tune_studio.core.test_sets import TAGS_KEY

_ALL_MESSAGE_KEYS = frozenset().union(*ALLOWED_MESSAGE_KEYS.values())
_ROLE_WORDS = {
    "system": T(en="system instructions", zh_TW="系統指示（system）"),
    "developer": T(en="developer instructions", zh_TW="開發者指示（developer）"),
    "user": T(en="question (user message)", zh_TW="提問（user 訊息）"),
    "assistant": T(en="answer (assistant message)", zh_TW="回答（assistant 訊息）"),
    "tool": T(en="tool result", zh_TW="工具結果（tool 訊息）"),
    "function": T(en="function result", zh_TW="函式結果（function 訊息）"),
}

# What first-time authors write instead of the role names, with the role they mean.
_ROLE_ALIASES: dict[str, str] = {}
for _role, _words in {
    "assistant": "客服 客服人員 助理 助手 小幫手 機器人 ai ai助理 bot chatbot agent model gpt "
    "回答 答 答覆 回覆 客服回覆 服務人員 專員 customer service support answer response reply "
    "系統回覆",
    "user": "使用者 用戶 用户 旅客 客人 顧客 民眾 乘客 提問 問題 問 發問 human customer client "
    "question questioner passenger traveller traveler person",
    "system": "系統 系统 系統提示 系統指示 設定 角色設定 指示 instruction instructions prompt "
    "system_prompt systemprompt",
    "tool": "工具 tool_result tool_response",
}.items():
    for _w in _words.split():
        _ROLE_ALIASES[_w] = _role

# Keys authors use for the standard ones.
_KEY_ALIASES = {
    "text": "content",
    "message": "content",
    "contents": "content",
    "內容": "content",
    "answer": "content",
    "speaker": "role",
    "from": "role",
    "角色": "role",
    "author": "role",
}
_MESSAGES_ALIASES = {
    "message",
    "msgs",
    "conversation",
    "conversations",
    "dialog",
    "dialogue",
    "訊息",
    "對話",
    "chat",
}

_PLAIN_ROLES = frozenset({"system", "developer", "user", "assistant"})
_USER_PART_TYPES = frozenset({"text", "image_url", "input_audio", "file"})
_ASSISTANT_PART_TYPES = frozenset({"text", "refusal"})
_TEXT_ONLY = frozenset({"text"})


def _issue(
    issues: list[Issue],
    line: int,
    code: str,
    path: str,
    message: T,
    fix: T | None = None,
    severity: Severity | None = None,
) -> None:
    issues.append(Issue(line, severity or RULES[code].severity, code, path, message, fix))


def suggest_role(value: object) -> str | None:
    """The role an author most likely meant by `value` (e.g. 客服 -> assistant)."""
    if not isinstance(value, str):
        return None
    key = value.strip().lower()
    if key in ROLES:
        return key
    compact = key.replace(" ", "").replace("-", "").replace("_", "")
    return _ROLE_ALIASES.get(key) or _ROLE_ALIASES.get(compact)


def _show(value: object, limit: int = 40) -> str:
    text = value if isinstance(value, str) else (compact_json(value) or "…")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def check_object(
    obj: Any, line: int, issues: list[Issue]
) -> Literal["chat", "preference", "invalid"]:
    """Check one parsed line; append issues; return its kind (chat/preference/invalid)."""
    if not isinstance(obj, dict):
        what = _json_kind(obj)
        _issue(
            issues,
            line,
            "data_type",
            "",
            T(
                en=f"This line is JSON {what[0]}, not an example. Each line must be one object "
                '{"messages": [...]}.',
                zh_TW=f"這一行是 JSON 的{what[1]}，不是範例。每一行必須是一個物件 "
                '{"messages": [...]}。',
            ),
            T(
                en='Put the conversation on this line as {"messages": [...]}.',
                zh_TW='把這則對話寫成 {"messages": [...]} 放在這一行。',
            ),
        )
        return "invalid"
    if "messages" not in obj and (
        "input" in obj or "preferred_output" in obj or "non_preferred_output" in obj
    ):
        _check_preference(obj, line, issues)
        return "preference"
    _check_chat(obj, line, issues)
    return "chat"


def _json_kind(obj: object) -> tuple[str, str]:
    if isinstance(obj, list):
        return "a list", "清單（list）"
    if isinstance(obj, str):
        return "a string", "字串"
    if isinstance(obj, bool):
        return "true/false", "布林值"
    if isinstance(obj, int | float):
        return "a number", "數字"
    return "null", "null"


# ---------------------------------------------------------------------------------- chat
def _is_tag_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(tag, str) for tag in value)


def _check_chat(obj: dict[str, Any], line: int, issues: list[Issue]) -> None:
    messages = obj.get("messages")
    for key in obj:
        if key not in CHAT_EXAMPLE_KEYS and key != "messages":
            if key == TAGS_KEY and _is_tag_list(obj[key]):
                continue  # the app's own topic tags (test sets); uploads strip them
            if "messages" not in obj and (
                key.lower() in _MESSAGES_ALIASES or key in ("prompt", "completion")
            ):
                continue  # explained by missing_messages_list below
            _issue(
                issues,
                line,
                "example_unrecognized_key",
                key,
                T(
                    en=f'"{key}" is not part of a chat example; it will be ignored or rejected.',
                    zh_TW=f"「{key}」不是對話範例的欄位，可能被忽略或拒絕。",
                ),
                T(en=f'Remove "{key}".', zh_TW=f"刪除「{key}」。"),
            )
    if not isinstance(messages, list) or not messages:
        alias = next((k for k in obj if k.lower() in _MESSAGES_ALIASES), None)
        if "messages" not in obj and ("prompt" in obj or "completion" in obj):
            fix = T(
                en='This is the old prompt/completion format. Write {"messages": [{"role": '
                '"user", "content": PROMPT}, {"role": "assistant", "content": COMPLETION}]}.',
                zh_TW="這是舊的 prompt/completion 格式。請改寫成 "
                '{"messages": [{"role": "user", "content": 原 prompt}, '
                '{"role": "assistant", "content": 原 completion}]}。',
            )
        elif alias is not None and "messages" not in obj:
            fix = T(
                en=f'Rename "{alias}" to "messages".', zh_TW=f"把「{alias}」改名為「messages」。"
            )
        else:
            fix = T(
                en='Add "messages": a list of {"role", "content"} objects ending with the answer.',
                zh_TW='加上「messages」：由 {"role", "content"} 物件組成、以回答結尾的清單。',
            )
        if messages is None:
            msg = T(
                en='This example has no "messages" list.', zh_TW="這個範例沒有「messages」清單。"
            )
        elif isinstance(messages, list):
            msg = T(en='"messages" is an empty list.', zh_TW="「messages」是空的清單。")
        else:
            msg = T(en='"messages" must be a list.', zh_TW="「messages」必須是清單。")
        _issue(issues, line, "missing_messages_list", "messages", msg, fix)
        return
    tool_names = _check_tools(obj, line, issues)
    parallel = obj.get("parallel_tool_calls")
    if "parallel_tool_calls" in obj and not isinstance(parallel, bool):
        _issue(
            issues,
            line,
            "data_type",
            "parallel_tool_calls",
            T(
                en='"parallel_tool_calls" must be true or false.',
                zh_TW="「parallel_tool_calls」必須是 true 或 false。",
            ),
        )
    if "functions" in obj:
        _issue(
            issues,
            line,
            "deprecated_functions",
            "functions",
            T(en='"functions" is deprecated.', zh_TW="「functions」已淘汰。"),
            T(en='Describe them in "tools" instead.', zh_TW="改用「tools」描述。"),
        )
    _check_messages(
        messages,
        "messages",
        line,
        issues,
        need_answer=True,
        tool_names=tool_names,
        parallel=parallel is not False,
    )


def _check_tools(obj: Mapping[str, Any], line: int, issues: list[Issue]) -> set[str] | None:
    tools = obj.get("tools")
    if tools is None:
        return None
    names: set[str] = set()
    if not isinstance(tools, list):
        _issue(
            issues,
            line,
            "invalid_tools",
            "tools",
            T(en='"tools" must be a list.', zh_TW="「tools」必須是清單。"),
        )
        return None
    for i, tool in enumerate(tools):
        function = tool.get("function") if isinstance(tool, dict) else None
        name = function.get("name") if isinstance(function, dict) else None
        if (
            not isinstance(tool, dict)
            or tool.get("type") != "function"
            or not isinstance(name, str)
        ):
            _issue(
                issues,
                line,
                "invalid_tools",
                f"tools[{i}]",
                T(
                    en=f"Tool {i + 1} must look like "
                    '{"type": "function", "function": {"name": ..., "parameters": {...}}}.',
                    zh_TW=f"第 {i + 1} 個工具的格式應為 "
                    '{"type": "function", "function": {"name": ..., "parameters": {...}}}。',
                ),
            )
            continue
        names.add(name)
    return names


def _check_messages(
    messages: list[Any],
    base: str,
    line: int,
    issues: list[Issue],
    *,
    need_answer: bool,
    tool_names: set[str] | None = None,
    parallel: bool = True,
) -> None:
    has_answer = False
    trainable = False
    pending: dict[str, str] = {}  # tool-call id -> path of the call
    seen_ids: set[str] = set()
    last_role: str | None = None
    last_call_index = -1
    for i, message in enumerate(messages):
        # Fast path for the common {"role", "content": "text"} message: the same verdict as
        # the full checks below, without their calls (this runs for every message of a file).
        if type(message) is dict and len(message) == 2:
            content = message.get("content")
            role = message.get("role")
            if type(content) is str and role in _PLAIN_ROLES and content and not content.isspace():
                last_role = role
                if role == "assistant":
                    has_answer = trainable = True
                elif pending:
                    _report_unanswered(pending, line, issues)
                    pending = {}
                continue
        path = f"{base}[{i}]"
        if not isinstance(message, dict):
            _issue(
                issues,
                line,
                "data_type",
                path,
                T(
                    en=f'Message {i + 1} is not an object like {{"role": ..., "content": ...}}.',
                    zh_TW=f'第 {i + 1} 則訊息不是 {{"role": ..., "content": ...}} 這樣的物件。',
                ),
            )
            last_role = None
            continue
        role = _check_role(message, path, line, issues)
        last_role = role
        _check_keys(message, role, path, line, issues)
        if role == "assistant":
            has_answer = True
            if message.get("weight", 1) != 0:
                trainable = True
        _check_content(message, role, path, line, issues)
        _check_name_and_weight(message, role, path, line, issues)
        if role == "assistant" and "tool_calls" in message:
            calls = _check_tool_calls(
                message["tool_calls"], path, line, issues, tool_names, parallel, seen_ids
            )
            if calls:
                if pending:
                    _report_unanswered(pending, line, issues)
                pending = calls
                last_call_index = i
        elif role == "tool":
            call_id = message.get("tool_call_id")
            if isinstance(call_id, str):
                if call_id in pending:
                    del pending[call_id]
                else:
                    _issue(
                        issues,
                        line,
                        "tool_result_without_call",
                        f"{path}.tool_call_id",
                        T(
                            en=f'This tool result answers call "{_show(call_id)}", but no earlier '
                            "assistant message made a call with that id.",
                            zh_TW=f"這個工具結果回應的是呼叫「{_show(call_id)}」，但前面沒有 "
                            "assistant 訊息發出這個 id 的呼叫。",
                        ),
                        T(
                            en="Use the id of the assistant's tool call, or add that call.",
                            zh_TW="改用 assistant 工具呼叫的 id，或補上那個呼叫。",
                        ),
                    )
        elif role in ("user", "system", "developer") and pending:
            _report_unanswered(pending, line, issues)
            pending = {}
    if pending and last_call_index != len(messages) - 1:
        _report_unanswered(pending, line, issues)
    if need_answer and not has_answer:
        _issue(
            issues,
            line,
            "example_missing_assistant_message",
            base,
            T(
                en="This example has no answer: there is no assistant message, so the model has "
                "nothing to learn from it.",
                zh_TW="這個範例沒有回答：沒有任何 assistant 訊息，模型無從學習。",
            ),
            T(
                en='Add {"role": "assistant", "content": "..."} with the reply you want the model '
                "to give.",
                zh_TW='加上 {"role": "assistant", "content": "..."}，寫下你希望模型給的回答。',
            ),
        )
    elif need_answer and not trainable:
        _issue(
            issues,
            line,
            "no_trainable_message",
            base,
            T(
                en="Every answer here has weight 0, so the model learns nothing from this example.",
                zh_TW="這裡每個回答的 weight 都是 0，模型不會從這個範例學到任何東西。",
            ),
            T(en="Set weight 1 on the answer to learn.", zh_TW="把要學習的回答設為 weight 1。"),
        )
    elif need_answer and last_role not in (None, "assistant"):
        _issue(
            issues,
            line,
            "last_message_not_assistant",
            f"{base}[{len(messages) - 1}]",
            T(
                en="The example ends with a message that is not an answer; the model learns only "
                "from assistant messages, so this last one teaches nothing.",
                zh_TW="範例的最後一則不是回答；模型只從 assistant 訊息學習，最後這則不會被學到。",
            ),
            T(
                en="End the example with the assistant's reply, or remove the last message.",
                zh_TW="以 assistant 的回答作結，或刪除最後一則訊息。",
            ),
        )


def _report_unanswered(pending: dict[str, str], line: int, issues: list[Issue]) -> None:
    for call_id, call_path in pending.items():
        _issue(
            issues,
            line,
            "tool_call_without_result",
            call_path,
            T(
                en=f'Tool call "{_show(call_id)}" gets no tool result before the conversation '
                "moves on.",
                zh_TW=f"工具呼叫「{_show(call_id)}」在對話繼續之前沒有得到工具結果。",
            ),
            T(
                en=f'Add {{"role": "tool", "tool_call_id": "{_show(call_id)}", "content": ...}} '
                "right after the call.",
                zh_TW=f'在呼叫之後加上 {{"role": "tool", "tool_call_id": "{_show(call_id)}", '
                '"content": ...}}。',
            ),
        )


def _check_role(message: dict[str, Any], path: str, line: int, issues: list[Issue]) -> str | None:
    if "role" not in message:
        _issue(
            issues,
            line,
            "message_missing_key",
            f"{path}.role",
            T(en='This message has no "role".', zh_TW="這則訊息沒有「role」。"),
            T(
                en='Add "role": "user" for a question or "assistant" for an answer.',
                zh_TW='加上「role」：提問用 "user",回答用 "assistant"。',
            ),
        )
        return None
    role = message["role"]
    if isinstance(role, str) and role in ROLES:
        if role in DEPRECATED_ROLES:
            _issue(
                issues,
                line,
                "deprecated_role",
                f"{path}.role",
                T(en='The "function" role is deprecated.', zh_TW="「function」角色已淘汰。"),
                T(
                    en='Use a "tool" message with a tool_call_id instead.',
                    zh_TW="改用帶 tool_call_id 的「tool」訊息。",
                ),
            )
        return role
    suggestion = suggest_role(role)
    allowed = ", ".join(ROLES[:5])
    if suggestion:
        fix = T(
            en=f'Change the role to "{suggestion}": it marks the {_ROLE_WORDS[suggestion].en}.',
            zh_TW=f"把角色改成「{suggestion}」——這個角色代表{_ROLE_WORDS[suggestion].zh_TW}。",
        )
    else:
        fix = T(
            en=f"Use one of: {allowed}.",
            zh_TW=f"請使用其中之一：{allowed}。",
        )
    _issue(
        issues,
        line,
        "unrecognized_role",
        f"{path}.role",
        T(
            en=f'"{_show(role)}" is not a role the training format knows; roles are written '
            f"in English: {allowed}.",
            zh_TW=f"「{_show(role)}」不是訓練格式認得的角色；角色必須用英文寫：{allowed}。",
        ),
        fix,
    )
    return suggestion


def _check_keys(
    message: dict[str, Any], role: str | None, path: str, line: int, issues: list[Issue]
) -> None:
    allowed = ALLOWED_MESSAGE_KEYS.get(role, _ALL_MESSAGE_KEYS) if role else _ALL_MESSAGE_KEYS
    for key in message:
        if key in allowed:
            continue
        target = _KEY_ALIASES.get(key.lower()) or (key.lower() if key.lower() in allowed else None)
        if target and target not in message:
            fix = T(en=f'Rename "{key}" to "{target}".', zh_TW=f"把「{key}」改名為「{target}」。")
        else:
            fix = T(en=f'Remove "{key}".', zh_TW=f"刪除「{key}」。")
        who = f'an "{role}" message' if role else "a message"
        who_zh = f"「{role}」訊息" if role else "訊息"
        _issue(
            issues,
            line,
            "message_unrecognized_key",
            f"{path}.{key}",
            T(en=f'"{key}" is not allowed in {who}.', zh_TW=f"{who_zh}不能有「{key}」欄位。"),
            fix,
        )


def _check_content(
    message: dict[str, Any], role: str | None, path: str, line: int, issues: list[Issue]
) -> None:
    has_call = bool(message.get("tool_calls")) or bool(message.get("function_call"))
    words = _ROLE_WORDS.get(role or "", T(en="message", zh_TW="訊息"))
    cpath = f"{path}.content"
    if "content" not in message:
        if role == "assistant" and has_call:
            return
        if role is None and "role" not in message:
            pass
        _issue(
            issues,
            line,
            "message_missing_key",
            cpath,
            T(en=f'This {words.en} has no "content".', zh_TW=f"這則{words.zh_TW}沒有「content」。"),
            T(en='Add "content" with its text.', zh_TW="加上「content」並寫入文字。"),
        )
        return
    content = message["content"]
    if content is None:
        if (role == "assistant" and has_call) or role == "function":
            return
        _issue(
            issues,
            line,
            "missing_content",
            cpath,
            T(
                en=f"The {words.en} has no content (null).",
                zh_TW=f"這則{words.zh_TW}的內容是 null。",
            ),
            T(en="Write its text.", zh_TW="請寫入文字。"),
        )
        return
    if isinstance(content, str):
        if content.strip() or (role == "assistant" and has_call):
            return
        severity = Severity.WARNING if role in ("system", "developer") else Severity.ERROR
        _issue(
            issues,
            line,
            "empty_content",
            cpath,
            T(en=f"The {words.en} is empty.", zh_TW=f"這則{words.zh_TW}是空的。"),
            T(
                en=f"Write the {words.en}, or delete this message.",
                zh_TW=f"寫下{words.zh_TW}的內容，或刪除這則訊息。",
            ),
            severity,
        )
        return
    if isinstance(content, list):
        _check_parts(content, role, cpath, line, issues)
        return
    _issue(
        issues,
        line,
        "missing_content",
        cpath,
        T(
            en=f'"content" must be text in quotes, not {_json_kind(content)[0]}.',
            zh_TW=f"「content」必須是加引號的文字，不能是{_json_kind(content)[1]}。",
        ),
        T(en="Put the text in double quotes.", zh_TW="把文字放在雙引號中。"),
    )


def _check_parts(
    parts: list[Any], role: str | None, cpath: str, line: int, issues: list[Issue]
) -> None:
    if not parts:
        _issue(
            issues,
            line,
            "missing_content",
            cpath,
            T(en='"content" is an empty list.', zh_TW="「content」是空的清單。"),
            T(en="Write the message's text.", zh_TW="請寫入訊息的文字。"),
        )
        return
    allowed = (
        _USER_PART_TYPES
        if role == "user"
        else _ASSISTANT_PART_TYPES
        if role == "assistant"
        else _TEXT_ONLY
    )
    for j, part in enumerate(parts):
        ppath = f"{cpath}[{j}]"
        ptype = part.get("type") if isinstance(part, dict) else None
        if ptype not in allowed:
            _issue(
                issues,
                line,
                "invalid_content_part",
                ppath,
                T(
                    en=f"Content part {j + 1} has type {_show(ptype)}; allowed here: "
                    f"{', '.join(sorted(allowed))}.",
                    zh_TW=f"第 {j + 1} 個內容區塊的類型是 {_show(ptype)}；這裡只允許："
                    f"{', '.join(sorted(allowed))}。",
                ),
            )
        elif ptype in ("text", "refusal") and not isinstance(part.get(ptype), str):
            _issue(
                issues,
                line,
                "invalid_content_part",
                f"{ppath}.{ptype}",
                T(
                    en=f'Content part {j + 1} needs "{ptype}" with a string.',
                    zh_TW=f"第 {j + 1} 個內容區塊需要字串型別的「{ptype}」。",
                ),
            )


def _check_name_and_weight(
    message: dict[str, Any], role: str | None, path: str, line: int, issues: list[Issue]
) -> None:
    if "name" in message and not isinstance(message["name"], str):
        _issue(
            issues,
            line,
            "invalid_name",
            f"{path}.name",
            T(en='"name" must be text.', zh_TW="「name」必須是文字。"),
        )
    if role == "function" and "name" not in message:
        _issue(
            issues,
            line,
            "message_missing_key",
            f"{path}.name",
            T(en='A "function" message needs a "name".', zh_TW="「function」訊息需要「name」。"),
        )
    if role == "tool" and "tool_call_id" not in message:
        _issue(
            issues,
            line,
            "message_missing_key",
            f"{path}.tool_call_id",
            T(
                en='A tool result needs "tool_call_id", the id of the call it answers.',
                zh_TW="工具結果需要「tool_call_id」，也就是它所回應的呼叫 id。",
            ),
        )
    elif role == "tool" and not isinstance(message["tool_call_id"], str):
        _issue(
            issues,
            line,
            "invalid_tool_call",
            f"{path}.tool_call_id",
            T(en='"tool_call_id" must be text.', zh_TW="「tool_call_id」必須是文字。"),
        )
    if "weight" not in message:
        return
    weight = message["weight"]
    if role is not None and role != "assistant":
        _issue(
            issues,
            line,
            "invalid_weight",
            f"{path}.weight",
            T(
                en="Only assistant messages can have a weight.",
                zh_TW="只有 assistant 訊息可以設定 weight。",
            ),
            T(en='Remove "weight" from this message.', zh_TW="刪除這則訊息的「weight」。"),
        )
    elif isinstance(weight, bool) or weight not in (0, 1):
        _issue(
            issues,
            line,
            "invalid_weight",
            f"{path}.weight",
            T(
                en=f"weight is {_show(weight)}; it must be 0 (don't learn this answer) "
                "or 1 (learn it).",
                zh_TW=f"weight 是 {_show(weight)}；只能是 0（不學這個回答）或 1（學這個回答）。",
            ),
            T(en="Set weight to 0 or 1.", zh_TW="把 weight 設為 0 或 1。"),
        )


def _check_tool_calls(
    calls: Any,
    path: str,
    line: int,
    issues: list[Issue],
    tool_names: set[str] | None,
    parallel: bool,
    seen_ids: set[str],
) -> dict[str, str]:
    made: dict[str, str] = {}
    if not isinstance(calls, list) or not calls:
        _issue(
            issues,
            line,
            "invalid_tool_call",
            f"{path}.tool_calls",
            T(
                en='"tool_calls" must be a non-empty list.',
                zh_TW="「tool_calls」必須是非空的清單。",
            ),
        )
        return made
    if not parallel and len(calls) > 1:
        _issue(
            issues,
            line,
            "parallel_tool_calls_conflict",
            f"{path}.tool_calls",
            T(
                en=f'This answer makes {len(calls)} tool calls at once, but "parallel_tool_calls" '
                "is false.",
                zh_TW=f"這個回答同時發出 {len(calls)} 個工具呼叫，"
                "但「parallel_tool_calls」是 false。",
            ),
            T(
                en='Split the calls into separate turns, or set "parallel_tool_calls" to true.',
                zh_TW="把呼叫分成不同回合，或把「parallel_tool_calls」設為 true。",
            ),
        )
    for k, call in enumerate(calls):
        cpath = f"{path}.tool_calls[{k}]"
        function = call.get("function") if isinstance(call, dict) else None
        call_id = call.get("id") if isinstance(call, dict) else None
        name = function.get("name") if isinstance(function, dict) else None
        if (
            not isinstance(call, dict)
            or not isinstance(call_id, str)
            or call.get("type", "function") != "function"
            or not isinstance(name, str)
            or "arguments" not in function  # type: ignore[operator]
        ):
            _issue(
                issues,
                line,
                "invalid_tool_call",
                cpath,
                T(
                    en='A tool call must look like {"id": ..., "type": "function", '
                    '"function": {"name": ..., "arguments": "{...}"}}.',
                    zh_TW='工具呼叫的格式應為 {"id": ..., "type": "function", '
                    '"function": {"name": ..., "arguments": "{...}"}}。',
                ),
            )
            continue
        assert isinstance(function, dict)
        if call_id in seen_ids:
            _issue(
                issues,
                line,
                "duplicate_tool_call_id",
                f"{cpath}.id",
                T(
                    en=f'The tool-call id "{_show(call_id)}" is used twice in this example.',
                    zh_TW=f"工具呼叫 id「{_show(call_id)}」在這個範例中用了兩次。",
                ),
                T(en="Give every call its own id.", zh_TW="每個呼叫都要有自己的 id。"),
            )
        seen_ids.add(call_id)
        made[call_id] = cpath
        _check_arguments(function["arguments"], f"{cpath}.function.arguments", line, issues)
        if tool_names is not None and name not in tool_names:
            _issue(
                issues,
                line,
                "undeclared_tool",
                f"{cpath}.function.name",
                T(
                    en=f'The answer calls "{_show(name)}", which is not in this '
                    'example\'s "tools".',
                    zh_TW=f"回答呼叫了「{_show(name)}」，但它不在這個範例的「tools」裡。",
                ),
                T(
                    en=f'Declare "{_show(name)}" in "tools".',
                    zh_TW=f"在「tools」中宣告「{_show(name)}」。",
                ),
            )
    return made


def _check_arguments(arguments: Any, path: str, line: int, issues: list[Issue]) -> None:
    wrapped = _show(compact_json(compact_json(arguments) or ""), 60)
    if isinstance(arguments, str):
        try:
            parsed = orjson.loads(arguments)
        except orjson.JSONDecodeError:
            parsed = _Bad
        if isinstance(parsed, dict):
            return
        _issue(
            issues,
            line,
            "invalid_tool_arguments",
            path,
            T(
                en="The arguments are not a JSON object written as a string.",
                zh_TW="參數不是以字串形式寫成的 JSON 物件。",
            ),
            T(
                en='Write them like "{\\"city\\": \\"Taipei\\"}".',
                zh_TW='請寫成像 "{\\"city\\": \\"Taipei\\"}" 這樣。',
            ),
        )
        return
    _issue(
        issues,
        line,
        "invalid_tool_arguments",
        path,
        T(
            en="The arguments must be a string containing JSON, not a bare JSON value.",
            zh_TW="參數必須是內含 JSON 的字串，不能直接寫 JSON 值。",
        ),
        T(
            en=f"Wrap them in a string: {wrapped}",
            zh_TW=f"把它包成字串：{wrapped}",
        ),
    )


class _Bad:
    """Marks arguments that did not parse."""


# ---------------------------------------------------------------------------------- preference
def _check_preference(obj: dict[str, Any], line: int, issues: list[Issue]) -> None:
    for key in obj:
        if key not in PREFERENCE_EXAMPLE_KEYS:
            _issue(
                issues,
                line,
                "example_unrecognized_key",
                key,
                T(
                    en=f'"{key}" is not part of a preference example.',
                    zh_TW=f"「{key}」不是偏好範例的欄位。",
                ),
                T(en=f'Remove "{key}".', zh_TW=f"刪除「{key}」。"),
            )
    inp = obj.get("input")
    messages = inp.get("messages") if isinstance(inp, dict) else None
    if not isinstance(messages, list) or not messages:
        _issue(
            issues,
            line,
            "missing_messages_list",
            "input.messages",
            T(
                en='A preference example needs "input": {"messages": [...]}, the conversation '
                "so far.",
                zh_TW='偏好範例需要「input」：{"messages": [...]}，也就是到目前為止的對話。',
            ),
        )
    else:
        assert isinstance(inp, dict)
        for key in inp:
            if key not in PREFERENCE_INPUT_KEYS:
                _issue(
                    issues,
                    line,
                    "example_unrecognized_key",
                    f"input.{key}",
                    T(
                        en=f'"{key}" is not allowed in "input".',
                        zh_TW=f"「input」中不能有「{key}」。",
                    ),
                )
        tool_names = _check_tools(inp, line, issues)
        _check_messages(
            messages, "input.messages", line, issues, need_answer=False, tool_names=tool_names
        )
    outputs = []
    for key in ("preferred_output", "non_preferred_output"):
        out = obj.get(key)
        ok = (
            isinstance(out, list)
            and len(out) == 1
            and isinstance(out[0], dict)
            and out[0].get("role") == "assistant"
        )
        if not ok:
            _issue(
                issues,
                line,
                "invalid_preference_output",
                key,
                T(
                    en=f'"{key}" must be a list with exactly one assistant message.',
                    zh_TW=f"「{key}」必須是只含一則 assistant 訊息的清單。",
                ),
                T(
                    en=f'Write "{key}": [{{"role": "assistant", "content": "..."}}].',
                    zh_TW=f'寫成 "{key}": [{{"role": "assistant", "content": "..."}}]。',
                ),
            )
            continue
        assert isinstance(out, list)
        _check_messages(out, key, line, issues, need_answer=False)
        outputs.append(out[0])
    if len(outputs) == 2 and outputs[0] == outputs[1]:
        _issue(
            issues,
            line,
            "identical_preference_outputs",
            "non_preferred_output",
            T(
                en="The preferred and non-preferred answers are the same, so there is nothing "
                "to prefer.",
                zh_TW="偏好與非偏好的回答完全相同，沒有可以比較的差別。",
            ),
            T(
                en="Write a worse answer as the non-preferred one.",
                zh_TW="把較差的回答寫在非偏好輸出。",
            ),
        )

"""Problems told in the conversation form's own words.

Core's fixes speak the file format ('Add {"role": "assistant", "content": "..."}', "Add ]}
at the end"): right for the command line and the JSON tab, where the user edits that text.
In the form the user sees bubbles, boxes and buttons, so the fix names those instead ("Press
+ Answer and write the reply"). The words live here, beside the widgets they name, in the
editor's translations: a translator sees "+ Answer" and the sentence that names it in the
same file, so the two never drift apart. A problem with no form wording here keeps core's
fix (it names no JSON, or it concerns a line only the JSON tab can show).
"""

from __future__ import annotations

import re
from typing import Any

import orjson
from PySide6.QtCore import QCoreApplication

from fine_tune_studio.core.checks import suggest_role
from fine_tune_studio.core.diagnose import close_cut_off_line
from fine_tune_studio.core.issues import Issue
from fine_tune_studio.ui.editor.texts import current_lang

_MESSAGE_AT = re.compile(r"^(?:input\.)?messages\[(\d+)\]")
# The problems whose form wording depends on the example's text (whether a repair works,
# which role was meant); for the others `form_fix` needs no line (a big file's problem list
# reads no line text).
NEEDS_LINE = frozenset(
    {"truncated_line", "smart_quotes", "missing_content", "message_missing_key",
     "unrecognized_role"}
)


# Spelled out at each text (lupdate finds `translate("FormWords", "...")`, not a wrapper).
translate = QCoreApplication.translate


def role_label(role: str) -> str:
    """What the form's role box calls a role."""
    labels = {
        "system": translate("FormWords", "System prompt"),
        "developer": translate("FormWords", "Developer instructions"),
        "user": translate("FormWords", "Question (user)"),
        "assistant": translate("FormWords", "Answer (assistant)"),
        "tool": translate("FormWords", "Tool result"),
        "function": translate("FormWords", "Function result (old format)"),
    }
    return labels.get(role, translate("FormWords", "Unknown role: %1").replace("%1", role))


def repair_word_processor_quotes(text: str) -> str | None:
    """Straight quotes where a word processor put curly ones, if that makes valid JSON."""
    curly = "“”„‟″"
    keys_only = re.sub(rf"[{curly}]([A-Za-z_]+)[{curly}](?=\s*:)", r'"\1"', text)
    for candidate in (keys_only, re.sub(rf"[{curly}]", '"', text)):
        if candidate == text:
            continue
        try:
            orjson.loads(candidate)
        except orjson.JSONDecodeError:
            continue
        return candidate
    return None


def _message(line: str | None, path: str) -> dict[str, Any] | None:
    """The message a path points into (`messages[2].role` -> the third message)."""
    match = _MESSAGE_AT.match(path)
    if line is None or match is None:
        return None
    try:
        example = orjson.loads(line)
    except orjson.JSONDecodeError:
        return None
    if isinstance(example, dict) and path.startswith("input."):
        example = example.get("input")
    messages = example.get("messages") if isinstance(example, dict) else None
    index = int(match.group(1))
    if isinstance(messages, list) and index < len(messages):
        message = messages[index]
        return message if isinstance(message, dict) else None
    return None


def form_fix(issue: Issue, line: str | None) -> str | None:
    """The fix in the form's words, or None to keep core's. `line` is the example's text."""
    code, path = issue.code, issue.path
    if code == "truncated_line":
        if line is not None and close_cut_off_line(line) is not None:
            return translate(
                "FormWords",
                "Press “Repair the cut-off line”: the missing end is put back and shown to "
                "you before it is used. Then check that the last answer is complete."
            )
        return translate(
            "FormWords", "The end of this line is lost: copy it again from your original."
        )
    if code == "smart_quotes":
        if line is not None and repair_word_processor_quotes(line) is not None:
            return translate("FormWords", "Press “Replace word-processor quotes”.")
        return None
    if code == "example_missing_assistant_message":
        return translate(
            "FormWords", "Press “+ Answer” and write the reply you want the model to give."
        )
    if code == "last_message_not_assistant":
        return translate(
            "FormWords",
            "Press “+ Answer” and write the reply, or remove the last message with its ✕ "
            "button."
        )
    if code == "no_trainable_message":
        return translate(
            "FormWords", "Tick “Train on this reply” on the answer the model should learn."
        )
    if code == "empty_content":
        return translate(
            "FormWords", "Write the text in this box, or remove the message with its ✕ button."
        )
    if code in ("missing_content", "message_missing_key") and path.endswith(".content"):
        message = _message(line, path)
        if message is not None and not isinstance(message.get("content"), list):
            return translate("FormWords", "Write the text in this message's box.")
        return None
    if code == "message_missing_key" and path.endswith(".role"):
        return translate("FormWords", "Choose who speaks in this message's role box.")
    if code == "unrecognized_role":
        message = _message(line, path)
        suggestion = suggest_role(message.get("role")) if message is not None else None
        if suggestion:
            return translate("FormWords", "Choose “%1” in this message's role box.").replace(
                "%1", role_label(suggestion)
            )
        return translate(
            "FormWords",
            "Choose who speaks in this message's role box: “%1” for a question, “%2” for "
            "an answer."
        ).replace("%1", role_label("user")).replace("%2", role_label("assistant"))
    if code == "deprecated_role":
        return translate(
            "FormWords", "Choose “%1” in the role box and enter the id of the call it answers."
        ).replace("%1", role_label("tool"))
    if code == "identical_preference_outputs":
        return translate("FormWords", "Write a worse answer in the “Non-preferred answer” box.")
    return None


def form_message(issue: Issue) -> str | None:
    """The problem itself in the form's words, where core's names JSON; else None."""
    if issue.code == "truncated_line":
        return translate(
            "FormWords",
            "This example stops in the middle: its end was lost, as when a copy-paste stops "
            "too early."
        )
    return None


def form_issue_text(issue: Issue, line: str | None) -> str:
    """The problem and its fix as the form says them (core's words where it has none)."""
    lang = current_lang()
    words = form_message(issue) or issue.message.get(lang)
    fix = form_fix(issue, line) or (issue.fix.get(lang) if issue.fix is not None else None)
    if not fix:
        return words
    # One sentence pattern per language: Chinese puts no space after "。" and writes "：".
    return translate("FormWords", "%1 Fix: %2").replace("%1", words).replace("%2", fix)

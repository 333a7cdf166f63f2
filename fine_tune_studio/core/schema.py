"""Pydantic models of OpenAI training-file lines (spec revision 2025-07).

Chat (supervised) lines are `FineTuneChatRequestInput`; preference (DPO) lines are
`FineTunePreferenceRequestInput`. The models accept unknown keys (kept in `model_extra`) so that
a model can always be built for a line the rules accepted; strictness lives in
`core.validation`, which explains problems in words instead of raising.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Role = Literal["system", "developer", "user", "assistant", "tool", "function"]

ROLES: tuple[str, ...] = ("system", "developer", "user", "assistant", "tool", "function")
DEPRECATED_ROLES: frozenset[str] = frozenset({"function"})

# Keys each role may carry, from the spec's message schemas.
ALLOWED_MESSAGE_KEYS: dict[str, frozenset[str]] = {
    "system": frozenset({"role", "content", "name"}),
    "developer": frozenset({"role", "content", "name"}),
    "user": frozenset({"role", "content", "name"}),
    "assistant": frozenset(
        {"role", "content", "name", "weight", "tool_calls", "function_call", "refusal", "audio"}
    ),
    "tool": frozenset({"role", "content", "tool_call_id"}),
    "function": frozenset({"role", "content", "name"}),
}
CHAT_EXAMPLE_KEYS: frozenset[str] = frozenset(
    {"messages", "tools", "parallel_tool_calls", "functions"}
)
PREFERENCE_EXAMPLE_KEYS: frozenset[str] = frozenset(
    {"input", "preferred_output", "non_preferred_output"}
)
PREFERENCE_INPUT_KEYS: frozenset[str] = frozenset({"messages", "tools", "parallel_tool_calls"})


class _Model(BaseModel):
    model_config = ConfigDict(extra="allow", populate_by_name=True)

    def to_dict(self) -> dict[str, Any]:
        """The JSON object for a training line: only what was set, `None`s dropped."""
        return self.model_dump(mode="json", exclude_unset=True, exclude_none=True)


class ContentPart(_Model):
    """One part of an array `content` (text, image_url, refusal, ...)."""

    type: str
    text: str | None = None


class FunctionCall(_Model):
    name: str
    arguments: str = Field(description="JSON-encoded arguments, as a string")


class ToolCall(_Model):
    id: str
    type: Literal["function"] = "function"
    function: FunctionCall


class FunctionDefinition(_Model):
    name: str
    description: str | None = None
    parameters: dict[str, Any] | None = None
    strict: bool | None = None


class Tool(_Model):
    type: Literal["function"] = "function"
    function: FunctionDefinition


class Message(_Model):
    role: Role
    content: str | list[ContentPart] | None = None
    name: str | None = None
    weight: Literal[0, 1] | None = None
    tool_calls: list[ToolCall] | None = None
    tool_call_id: str | None = None
    function_call: FunctionCall | None = None
    refusal: str | None = None

    def text(self) -> str:
        """The message's words, whatever shape its content has."""
        if self.content is None:
            return ""
        if isinstance(self.content, str):
            return self.content
        return "".join(part.text or "" for part in self.content)


class ChatExample(_Model):
    messages: list[Message]
    tools: list[Tool] | None = None
    parallel_tool_calls: bool | None = None
    functions: list[FunctionDefinition] | None = None


class PreferenceInput(_Model):
    messages: list[Message]
    tools: list[Tool] | None = None
    parallel_tool_calls: bool | None = None


class PreferenceExample(_Model):
    input: PreferenceInput
    preferred_output: list[Message]
    non_preferred_output: list[Message]


Example = ChatExample | PreferenceExample


def is_preference_object(obj: dict[str, Any]) -> bool:
    """A line is read as DPO when it has a DPO key and no chat `messages`."""
    return "messages" not in obj and (
        "input" in obj or "preferred_output" in obj or "non_preferred_output" in obj
    )


def parse_example(obj: dict[str, Any]) -> Example:
    """Build the model of one line's object; raises pydantic.ValidationError if it has none."""
    if is_preference_object(obj):
        return PreferenceExample.model_validate(obj)
    return ChatExample.model_validate(obj)

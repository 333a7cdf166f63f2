"""A playground conversation: the same user turns sent to one or more models (columns).

Each column keeps its own history (a model sees its own earlier replies, as in a real chat);
the training example built from a conversation uses, per turn, the reply the user chose or
corrected. Qt-free and I/O-light: the library below only reads and writes small JSON files.
"""

from __future__ import annotations

import json
import uuid
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from fine_tune_studio.core.atomic_write import PRIVATE_FILE_MODE, atomic_write
from fine_tune_studio.core.evaluation import Tally

FORMAT_VERSION = 1


class ReplyStatus(StrEnum):
    PENDING = "pending"
    STREAMING = "streaming"
    DONE = "done"
    STOPPED = "stopped"
    FAILED = "failed"


class GenerationParams(BaseModel):
    temperature: float = 1.0
    top_p: float = 1.0
    max_tokens: int | None = None
    seed: int | None = None

    def as_request_params(self) -> dict[str, float | int]:
        """Only what the user set: providers reject some parameters they don't know."""
        params: dict[str, float | int] = {"temperature": self.temperature, "top_p": self.top_p}
        if self.max_tokens is not None:
            params["max_tokens"] = self.max_tokens
        if self.seed is not None:
            params["seed"] = self.seed
        return params


class ModelRef(BaseModel):
    """One column: which provider profile and which model id on it."""

    provider_id: str
    model: str

    @property
    def key(self) -> str:
        return f"{self.provider_id}/{self.model}"


class Reply(BaseModel):
    text: str = ""
    status: ReplyStatus = ReplyStatus.PENDING
    error_kind: str | None = None
    error_detail: str | None = None
    latency_s: float | None = None
    first_token_s: float | None = None
    prompt_tokens: int | None = None
    completion_tokens: int | None = None

    @property
    def is_usable(self) -> bool:
        """A reply worth training on: finished, or cut short but with text the user kept."""
        return bool(self.text.strip()) and self.status != ReplyStatus.STREAMING


class Turn(BaseModel):
    user: str
    replies: list[Reply] = Field(default_factory=list)
    chosen: int | None = None
    corrected: str | None = None

    def answer_for_training(self) -> str | None:
        """The corrected text if the user wrote one, else the chosen column's reply."""
        if self.corrected is not None and self.corrected.strip():
            return self.corrected
        if self.chosen is not None and 0 <= self.chosen < len(self.replies):
            reply = self.replies[self.chosen]
            if reply.is_usable:
                return reply.text
        return None


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Conversation(BaseModel):
    format_version: int = FORMAT_VERSION
    id: str = Field(default_factory=lambda: uuid.uuid4().hex)
    title: str = ""
    created_at: str = Field(default_factory=_now)
    updated_at: str = Field(default_factory=_now)
    system_prompt: str = ""
    models: list[ModelRef] = Field(default_factory=list)
    params: GenerationParams = Field(default_factory=GenerationParams)
    turns: list[Turn] = Field(default_factory=list)

    # -- editing -------------------------------------------------------------------------

    def set_models(self, models: Sequence[ModelRef]) -> None:
        """Changing the columns invalidates existing replies, so the turns start afresh."""
        self.models = list(models)
        self.turns = []
        self.touch()

    def add_user_turn(self, text: str) -> Turn:
        turn = Turn(user=text, replies=[Reply() for _ in self.models])
        self.turns.append(turn)
        if not self.title:
            self.title = text.strip().splitlines()[0][:60] if text.strip() else ""
        self.touch()
        return turn

    def edit_user_turn(self, index: int, text: str) -> Turn:
        """Rewrite an earlier question: everything after it no longer follows, so it goes."""
        if not 0 <= index < len(self.turns):
            raise IndexError(index)
        del self.turns[index + 1 :]
        self.turns[index] = Turn(user=text, replies=[Reply() for _ in self.models])
        self.touch()
        return self.turns[index]

    def reset_reply(self, turn_index: int, column: int) -> Reply:
        """For regenerate: the column's reply to that turn starts empty again."""
        turn = self.turns[turn_index]
        turn.replies[column] = Reply()
        if turn.chosen == column:
            turn.chosen = None
        self.touch()
        return turn.replies[column]

    def touch(self) -> None:
        self.updated_at = _now()

    # -- what goes to the model and to the dataset ---------------------------------------

    def messages_for(self, column: int, upto_turn: int | None = None) -> list[dict[str, str]]:
        """The chat request for one column: system, earlier turns with that column's own
        replies, and the user text of `upto_turn` (the last turn by default)."""
        last = len(self.turns) - 1 if upto_turn is None else upto_turn
        messages: list[dict[str, str]] = []
        if self.system_prompt.strip():
            messages.append({"role": "system", "content": self.system_prompt})
        for i, turn in enumerate(self.turns[: last + 1]):
            messages.append({"role": "user", "content": turn.user})
            if i == last:
                break
            reply = turn.replies[column] if column < len(turn.replies) else Reply()
            if reply.text:
                messages.append({"role": "assistant", "content": reply.text})
        return messages

    def to_training_example(
        self, upto_turn: int | None = None
    ) -> dict[str, list[dict[str, str]]]:
        """An OpenAI chat training line. Every included turn needs a chosen or corrected
        answer; a missing one raises MissingAnswer naming the turn (0-based)."""
        last = len(self.turns) - 1 if upto_turn is None else upto_turn
        if last < 0:
            raise MissingAnswer(0)
        messages: list[dict[str, str]] = []
        if self.system_prompt.strip():
            messages.append({"role": "system", "content": self.system_prompt})
        for i, turn in enumerate(self.turns[: last + 1]):
            answer = turn.answer_for_training()
            if answer is None:
                raise MissingAnswer(i)
            messages.append({"role": "user", "content": turn.user})
            messages.append({"role": "assistant", "content": answer})
        return {"messages": messages}

    # -- files ---------------------------------------------------------------------------

    def to_json(self) -> str:
        return self.model_dump_json(indent=2)

    @classmethod
    def from_json(cls, text: str | bytes) -> Conversation:
        return cls.model_validate_json(text)


class MissingAnswer(ValueError):
    """A turn has neither a chosen reply nor a correction, so it can't become training data."""

    def __init__(self, turn_index: int) -> None:
        super().__init__(f"turn {turn_index + 1} has no chosen or corrected answer")
        self.turn_index = turn_index


def example_to_jsonl_line(example: Mapping[str, Any]) -> str:
    # Non-ASCII kept readable: the users' data is mostly Traditional Chinese.
    return json.dumps(example, ensure_ascii=False, separators=(",", ":"))


def export_jsonl(conversations: Iterable[Conversation], path: Path) -> tuple[int, list[str]]:
    """Write one training line per conversation that can become one. Returns how many were
    written and the titles of those skipped for lack of chosen answers."""
    lines: list[str] = []
    skipped: list[str] = []
    for conv in conversations:
        try:
            lines.append(example_to_jsonl_line(conv.to_training_example()))
        except MissingAnswer:
            skipped.append(conv.title or conv.id)
    atomic_write(path, "".join(line + "\n" for line in lines).encode("utf-8"))
    return len(lines), skipped


def most_common_system_prompt(lines: Iterable[str]) -> str | None:
    """The system message most examples of a dataset start with (ties: the first seen).
    Lines that are not chat examples are ignored: the editor reports those, not us."""
    counts: Counter[str] = Counter()
    for line in lines:
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except ValueError:
            continue
        messages = obj.get("messages") if isinstance(obj, dict) else None
        if not isinstance(messages, list) or not messages:
            continue
        first = messages[0]
        if (
            isinstance(first, dict)
            and first.get("role") == "system"
            and isinstance(first.get("content"), str)
            and first["content"].strip()
        ):
            counts[first["content"]] += 1
    if not counts:
        return None
    # Counter.most_common keeps insertion order among equal counts.
    return counts.most_common(1)[0][0]


class UnreadableTally(ValueError):
    """The saved tally could not be read; it was kept at `kept` and a new one started."""

    def __init__(self, kept: Path, reason: str) -> None:
        super().__init__(f"{kept}: {reason}")
        self.kept = kept


class ConversationLibrary:
    """Saved conversations, one JSON file each, in a folder the caller chooses.

    Written for the owner's eyes only: conversations are the user's own, often
    confidential, questions and answers."""

    TALLY_FILE = "tally.json"  # the blind-judging tally, kept beside the conversations

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @property
    def tally_path(self) -> Path:
        return self.folder / self.TALLY_FILE

    def path_for(self, conversation_id: str) -> Path:
        if not conversation_id.isalnum():
            raise ValueError(f"not a conversation id: {conversation_id!r}")
        return self.folder / f"{conversation_id}.json"

    def save(self, conversation: Conversation) -> Path:
        path = self.path_for(conversation.id)
        atomic_write(path, conversation.to_json().encode("utf-8"), mode=PRIVATE_FILE_MODE)
        return path

    def load(self, conversation_id: str) -> Conversation:
        return Conversation.from_json(self.path_for(conversation_id).read_bytes())

    def delete(self, conversation_id: str) -> None:
        self.path_for(conversation_id).unlink(missing_ok=True)

    def save_tally(self, tally: Tally) -> None:
        atomic_write(self.tally_path, tally.to_json().encode("utf-8"), mode=PRIVATE_FILE_MODE)

    def load_tally(self) -> Tally:
        """The saved tally; empty when there is none. A file that cannot be read is moved
        aside (tally.json.unreadable-<time>) and reported, never overwritten."""
        path = self.tally_path
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return Tally()
        try:
            return Tally.from_json(data)
        except ValueError as exc:
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
            kept = path.with_name(f"{path.name}.unreadable-{stamp}")
            path.replace(kept)
            raise UnreadableTally(kept, str(exc)) from exc

    def list(self) -> list[Conversation]:
        """Newest first; files that don't parse (hand-edited, from a newer version) are
        skipped rather than hiding the rest."""
        if not self.folder.is_dir():
            return []
        found: list[Conversation] = []
        for path in self.folder.glob("*.json"):
            if path.name == self.TALLY_FILE:
                continue
            try:
                found.append(Conversation.from_json(path.read_bytes()))
            except (OSError, ValueError):
                continue
        found.sort(key=lambda c: c.updated_at, reverse=True)
        return found

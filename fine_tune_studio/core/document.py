"""A training file as a lossless document of physical lines.

Each line keeps its exact bytes and its own line ending; a UTF-8 byte order mark and whether
the file ends with a newline are remembered, so saving an unedited document writes the very
bytes that were read. Lines need not be JSON (or even UTF-8): broken lines are kept verbatim
for the user to fix. Only lines the user edits are re-serialised.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import orjson

from fine_tune_studio.core.atomic_write import PRIVATE_FILE_MODE, atomic_write

UTF8_BOM = b"\xef\xbb\xbf"
LF = b"\n"
CRLF = b"\r\n"

_uids = itertools.count(1)


class Line:
    """One physical line: its bytes without the ending, the ending, and whether it was edited."""

    __slots__ = ("ending", "modified", "raw", "uid")

    def __init__(self, raw: bytes, ending: bytes, modified: bool = False) -> None:
        self.raw = raw
        self.ending = ending
        self.modified = modified
        # Stable identity across inserts/moves, for views and caches that follow a line.
        self.uid = next(_uids)

    def __repr__(self) -> str:
        return f"Line({self.raw[:40]!r}..., ending={self.ending!r}, modified={self.modified})"


def split_physical_lines(data: bytes) -> tuple[bool, list[tuple[bytes, bytes]]]:
    """(has_bom, [(raw, ending), ...]); a final newline does not start another line."""
    has_bom = data.startswith(UTF8_BOM)
    if has_bom:
        data = data[len(UTF8_BOM) :]
    out: list[tuple[bytes, bytes]] = []
    if not data:
        return has_bom, out
    parts = data.split(LF)
    last = parts.pop()
    for part in parts:
        if part.endswith(b"\r"):
            out.append((part[:-1], CRLF))
        else:
            out.append((part, LF))
    if last:
        out.append((last, b""))
    return has_bom, out


def _text_bytes(text: str) -> bytes:
    try:
        return text.encode("utf-8", errors="surrogateescape")
    except UnicodeEncodeError:
        return text.encode("utf-8", errors="surrogatepass")


def dumps_compact(obj: Any) -> str:
    """Compact JSON with non-ASCII characters kept as they are (how we re-serialise a line)."""
    try:
        return orjson.dumps(obj).decode("utf-8")
    except TypeError:
        # orjson refuses integers beyond 64 bits and non-string keys; json handles both.
        return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


class DatasetDocument:
    """Physical lines of a JSONL training file; indices here are 0-based."""

    def __init__(self, lines: list[Line], *, bom: bool = False, path: Path | None = None) -> None:
        self._lines = lines
        self.bom = bom
        self.path = path
        # A new, empty document gets a final newline, as editors write files.
        self._final_newline = lines[-1].ending != b"" if lines else True
        self._default_ending = next((ln.ending for ln in lines if ln.ending), LF)
        self._structure_changed = False

    # ------------------------------------------------------------------ reading / writing
    @classmethod
    def from_bytes(cls, data: bytes, path: Path | None = None) -> DatasetDocument:
        bom, pairs = split_physical_lines(data)
        return cls([Line(raw, ending) for raw, ending in pairs], bom=bom, path=path)

    @classmethod
    def open(cls, path: Path | str) -> DatasetDocument:
        path = Path(path)
        return cls.from_bytes(path.read_bytes(), path=path)

    def to_bytes(self) -> bytes:
        chunks: list[bytes] = [UTF8_BOM] if self.bom else []
        for line in self._lines:
            chunks.append(line.raw)
            chunks.append(line.ending)
        return b"".join(chunks)

    def save(self, path: Path | str | None = None) -> Path:
        """Write atomically: a temp file in the same folder, fsync, rename over, fsync folder."""
        target = Path(path) if path is not None else self.path
        if target is None:
            raise ValueError("This document has no file yet: give a path to save to.")
        atomic_write(target, self.to_bytes())
        self.path = target
        for line in self._lines:
            line.modified = False
        self._structure_changed = False
        return target

    # ------------------------------------------------------------------ queries
    def __len__(self) -> int:
        return len(self._lines)

    def __iter__(self) -> Iterator[Line]:
        return iter(self._lines)

    def line(self, i: int) -> Line:
        return self._lines[i]

    def line_bytes(self, i: int) -> bytes:
        return self._lines[i].raw

    def line_text(self, i: int) -> str:
        """The line as text; bytes that are not UTF-8 show as U+FFFD (the originals are kept)."""
        return self._lines[i].raw.decode("utf-8", errors="replace")

    def line_ending(self, i: int) -> bytes:
        return self._lines[i].ending

    def is_modified(self, i: int | None = None) -> bool:
        """Whether line i (or, with no index, the document) differs from what was read/saved."""
        if i is not None:
            return self._lines[i].modified
        return self._structure_changed or any(line.modified for line in self._lines)

    @property
    def final_newline(self) -> bool:
        return self._final_newline

    # ------------------------------------------------------------------ edits
    def set_line_bytes(self, i: int, raw: bytes) -> None:
        if b"\n" in raw or b"\r" in raw:
            raise ValueError("A line of a JSONL file cannot contain a line break.")
        line = self._lines[i]
        if raw != line.raw:
            line.raw = raw
            line.modified = True

    def set_line_text(self, i: int, text: str) -> None:
        self.set_line_bytes(i, _text_bytes(text))

    def set_line_object(self, i: int, obj: Any) -> None:
        self.set_line_text(i, dumps_compact(obj))

    def insert_line(self, i: int, text: str = "") -> None:
        raw = _text_bytes(text)
        if b"\n" in raw or b"\r" in raw:
            raise ValueError("A line of a JSONL file cannot contain a line break.")
        i = max(0, min(i, len(self._lines)))
        self._lines.insert(i, Line(raw, self._default_ending, modified=True))
        self._structure_changed = True
        self._fix_endings()

    def append_line(self, text: str) -> None:
        self.insert_line(len(self._lines), text)

    def delete_lines(self, indices: Iterable[int]) -> None:
        for i in sorted(set(indices), reverse=True):
            del self._lines[i]
        self._structure_changed = True
        self._fix_endings()

    def move_lines(self, indices: Sequence[int], to: int) -> list[int]:
        """Move lines (kept in their order) so the first lands at index `to` of the result.

        Returns their new indices.
        """
        chosen = sorted(set(indices))
        moving = [self._lines[i] for i in chosen]
        for line in moving:
            # A former last line may have no ending; it needs one away from the end.
            line.ending = line.ending or self._default_ending
        for i in reversed(chosen):
            del self._lines[i]
        to = max(0, min(to, len(self._lines)))
        self._lines[to:to] = moving
        self._structure_changed = True
        self._fix_endings()
        return list(range(to, to + len(moving)))

    def _fix_endings(self) -> None:
        # Every line but the last needs an ending; the last has one only if the file had a
        # final newline. Only the lines at the edges can be wrong after an edit.
        lines = self._lines
        if not lines:
            return
        for j in range(len(lines) - 2, -1, -1):
            if lines[j].ending:
                break
            lines[j].ending = self._default_ending
        lines[-1].ending = self._default_ending if self._final_newline else b""


def atomic_write_bytes(target: Path, data: bytes) -> None:
    """The editor's autosave copies (its only caller): the user's data in the app's own
    folder, so 0600, as they were before `core.atomic_write` took over the writing."""
    atomic_write(target, data, mode=PRIVATE_FILE_MODE)

"""The document never loses a byte: round trips, odd files, edits, atomic save."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from fine_tune_studio.core.document import DatasetDocument, split_physical_lines

from .helpers import MISTAKES_FILE, VALID_FILE

ODD_FILES = {
    "empty": b"",
    "only_newline": b"\n",
    "lf": b'{"a":1}\n{"b":2}\n',
    "crlf": b'{"a":1}\r\n{"b":2}\r\n',
    "mixed_endings": b'{"a":1}\r\n{"b":2}\n{"c":3}',
    "no_final_newline": b'{"a":1}\n{"b":2}',
    "bom": b'\xef\xbb\xbf{"a":1}\n',
    "bom_only": b"\xef\xbb\xbf",
    "blank_middle": b'{"a":1}\n\n   \n{"b":2}\n',
    "invalid_utf8": b'{"a":"\xff\xfe"}\n\x80\x81\n',
    "lone_cr": b'{"a":1}\r{"b":2}\n',
    "spaced_json": b'{ "messages" : [ ] }  \n',
}


@pytest.mark.parametrize("name", sorted(ODD_FILES))
def test_unedited_document_writes_identical_bytes(name: str) -> None:
    data = ODD_FILES[name]
    assert DatasetDocument.from_bytes(data).to_bytes() == data


@pytest.mark.parametrize("path", [VALID_FILE, MISTAKES_FILE])
def test_shared_files_round_trip(path: Path, tmp_path: Path) -> None:
    doc = DatasetDocument.open(path)
    target = tmp_path / "copy.jsonl"
    doc.save(target)
    assert target.read_bytes() == path.read_bytes()


def test_physical_lines_count_blank_ones() -> None:
    doc = DatasetDocument.from_bytes(ODD_FILES["blank_middle"])
    assert len(doc) == 4
    assert doc.line_text(1) == ""
    assert doc.line_text(2) == "   "
    assert doc.line_text(3) == '{"b":2}'


def test_final_newline_does_not_make_an_extra_line() -> None:
    assert len(DatasetDocument.from_bytes(b"a\nb\n")) == 2
    assert len(DatasetDocument.from_bytes(b"a\nb")) == 2
    assert len(DatasetDocument.from_bytes(b"")) == 0


def test_bom_is_not_part_of_the_first_line_but_is_kept() -> None:
    doc = DatasetDocument.from_bytes(ODD_FILES["bom"])
    assert doc.bom
    assert doc.line_text(0) == '{"a":1}'
    doc.set_line_object(0, {"a": 2})
    assert doc.to_bytes() == b'\xef\xbb\xbf{"a":2}\n'


def test_undecodable_bytes_shown_replaced_but_kept() -> None:
    doc = DatasetDocument.from_bytes(ODD_FILES["invalid_utf8"])
    assert "\ufffd" in doc.line_text(1)
    assert doc.line_bytes(1) == b"\x80\x81"
    assert doc.to_bytes() == ODD_FILES["invalid_utf8"]


def test_ten_megabyte_single_line_round_trips() -> None:
    big = json.dumps({"messages": [{"role": "user", "content": "字" * 3_500_000}]}).encode()
    assert len(big) > 10_000_000
    doc = DatasetDocument.from_bytes(big)
    assert len(doc) == 1
    assert doc.to_bytes() == big


def test_edited_line_is_compact_keeps_non_ascii_and_its_crlf() -> None:
    doc = DatasetDocument.from_bytes(b'{"a": 1}\r\n{"b": 2}\r\n')
    doc.set_line_object(0, {"messages": [{"role": "user", "content": "你好"}]})
    assert doc.to_bytes() == (
        '{"messages":[{"role":"user","content":"你好"}]}\r\n{"b": 2}\r\n'.encode()
    )
    assert doc.is_modified(0)
    assert not doc.is_modified(1)


def test_setting_the_same_text_is_not_a_modification() -> None:
    doc = DatasetDocument.from_bytes(b'{"a": 1}\n')
    doc.set_line_text(0, '{"a": 1}')
    assert not doc.is_modified(0)
    assert not doc.is_modified()


def test_line_breaks_cannot_be_put_inside_a_line() -> None:
    doc = DatasetDocument.from_bytes(b"{}\n")
    with pytest.raises(ValueError):
        doc.set_line_text(0, "{}\n{}")


def test_insert_after_a_last_line_without_newline_keeps_that_style() -> None:
    doc = DatasetDocument.from_bytes(b"a\r\nb")
    doc.insert_line(2, "c")
    assert doc.to_bytes() == b"a\r\nb\r\nc"
    doc.delete_lines([2])
    assert doc.to_bytes() == b"a\r\nb"


def test_delete_and_move_keep_endings_right() -> None:
    doc = DatasetDocument.from_bytes(b"a\nb\nc\n")
    doc.delete_lines([0, 2])
    assert doc.to_bytes() == b"b\n"
    doc = DatasetDocument.from_bytes(b"a\nb\nc")
    assert doc.move_lines([2], 0) == [0]
    assert doc.to_bytes() == b"c\na\nb"
    assert doc.is_modified()


def test_new_empty_document_writes_final_newlines() -> None:
    doc = DatasetDocument.from_bytes(b"")
    doc.append_line("{}")
    doc.append_line("[]")
    assert doc.to_bytes() == b"{}\n[]\n"


def test_save_is_atomic_and_leaves_no_temp_files(tmp_path: Path) -> None:
    target = tmp_path / "data.jsonl"
    target.write_bytes(b'{"old":1}\n')
    os.chmod(target, 0o640)
    doc = DatasetDocument.open(target)
    doc.set_line_object(0, {"new": 1})
    doc.save()
    assert target.read_bytes() == b'{"new":1}\n'
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data.jsonl"]
    assert (target.stat().st_mode & 0o777) == 0o640
    assert not doc.is_modified()


def test_save_without_a_path_explains() -> None:
    with pytest.raises(ValueError, match="path"):
        DatasetDocument.from_bytes(b"{}\n").save()


def test_split_reports_crlf_per_line() -> None:
    bom, lines = split_physical_lines(b"a\r\nb\nc")
    assert not bom
    assert lines == [(b"a", b"\r\n"), (b"b", b"\n"), (b"c", b"")]

"""The privacy check finds each kind of personal data and secret, and says where it is."""

from __future__ import annotations

import json

import pytest

from fine_tune_studio.core.privacy import (
    FindingKind,
    is_valid_tw_national_id,
    luhn_ok,
    scan_bytes,
    scan_line,
    scan_lines,
    scan_text,
)


def _line(*pairs: tuple[str, str]) -> str:
    return json.dumps(
        {"messages": [{"role": role, "content": content} for role, content in pairs]},
        ensure_ascii=False,
    )


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        (
            "請寄信到 wang.xiaoming@example.com.tw 謝謝",
            FindingKind.email,
            "wang.xiaoming@example.com.tw",
        ),
        ("我的手機是0912-345-678喔", FindingKind.phone, "0912-345-678"),
        ("手機 0912345678", FindingKind.phone, "0912345678"),
        ("call +886 912 345 678 now", FindingKind.phone, "+886 912 345 678"),
        ("辦公室電話 (02)2345-6789", FindingKind.phone, "(02)2345-6789"),
        ("客服 02-2345-6789 分機", FindingKind.phone, "02-2345-6789"),
        ("免付費 0800-000-123", FindingKind.phone, "0800-000-123"),
        ("US office +1 415 555 0134", FindingKind.phone, "+1 415 555 0134"),
        ("身分證字號 A123456789", FindingKind.tw_national_id, "A123456789"),
        ("居留證 A800000014", FindingKind.tw_national_id, "A800000014"),
        ("卡號 4111 1111 1111 1111 到期", FindingKind.credit_card, "4111 1111 1111 1111"),
        ("card 5555-5555-5555-4444.", FindingKind.credit_card, "5555-5555-5555-4444"),
        (
            "key: sk-proj-AbCdEf0123456789AbCdEf0123",
            FindingKind.api_key,
            "sk-proj-AbCdEf0123456789AbCdEf0123",
        ),
        (
            "token ghp_abcdefghijklmnopqrstuvwxyz0123456789",
            FindingKind.api_key,
            "ghp_abcdefghijklmnopqrstuvwxyz0123456789",
        ),
        ("aws AKIAABCDEFGHIJKLMNOP here", FindingKind.api_key, "AKIAABCDEFGHIJKLMNOP"),
    ],
)
def test_each_kind_is_found_with_its_exact_span(text: str, kind: FindingKind, value: str) -> None:
    found = scan_text(text)
    assert [(k, text[s:e]) for k, s, e in found] == [(kind, value)]


@pytest.mark.parametrize(
    "text",
    [
        "從台北車站出發約35分鐘即可抵達第一或第二航廈。",
        "每瓶容量不得超過100毫升,且須放入一個容量不超過1公升的袋子",
        "航班 BR0192 於 2024-07-18 10:30 起飛",
        "身分證 A123456788 (checksum wrong)",
        "card 4111 1111 1111 1112 (Luhn fails)",
        "ask someone at the desk",
        "sk-short",
    ],
)
def test_ordinary_text_is_not_flagged(text: str) -> None:
    assert scan_text(text) == []


def test_checksums() -> None:
    assert is_valid_tw_national_id("A123456789")
    assert is_valid_tw_national_id("F131104093")
    assert not is_valid_tw_national_id("A123456780")
    assert not is_valid_tw_national_id("A323456789")
    assert luhn_ok("4111111111111111")
    assert not luhn_ok("4111111111111112")


def test_findings_name_line_and_field() -> None:
    lines = [
        _line(("user", "hi"), ("assistant", "hello")),
        _line(("user", "我的 email 是 amy@example.org"), ("assistant", "好的")),
        "",
        _line(
            ("system", "s"),
            ("user", "q"),
            ("assistant", "請撥 0912-345-678 或使用卡號 4111111111111111"),
        ),
    ]
    findings = scan_lines(lines)
    assert [(f.line, f.path, f.kind) for f in findings] == [
        (2, "messages[0].content", FindingKind.email),
        (4, "messages[2].content", FindingKind.phone),
        (4, "messages[2].content", FindingKind.credit_card),
    ]
    assert findings[0].text == "amy@example.org"
    assert "amy@example.org" not in findings[0].masked


def test_tool_call_arguments_and_broken_lines_are_scanned_too() -> None:
    call = {
        "messages": [
            {"role": "user", "content": "book it"},
            {
                "role": "assistant",
                "tool_calls": [
                    {
                        "id": "c1",
                        "type": "function",
                        "function": {"name": "book", "arguments": '{"id_number": "A123456789"}'},
                    }
                ],
            },
        ]
    }
    findings = scan_line(json.dumps(call), 7)
    assert [(f.line, f.path, f.kind) for f in findings] == [
        (7, "messages[1].tool_calls[0].function.arguments", FindingKind.tw_national_id)
    ]
    broken = '{"messages": [{"role": "user", "content": "mail bob@example.com'
    assert [(f.path, f.kind) for f in scan_line(broken, 1)] == [("", FindingKind.email)]


def test_scan_bytes_reads_a_whole_file() -> None:
    data = ("\ufeff" + _line(("user", "0912345678")) + "\r\n" + _line(("user", "x"))).encode()
    findings = scan_bytes(data)
    assert [(f.line, f.kind) for f in findings] == [(1, FindingKind.phone)]

"""`fine-tune-studio validate`: exit codes, the JSON contract, the text report, languages."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from fine_tune_studio.cli import main
from tests.core.helpers import MISTAKES_FILE as MISTAKES
from tests.core.helpers import VALID_FILE as VALID

TOP_KEYS = {
    "file",
    "examples",
    "valid_examples",
    "issues",
    "file_issues",
    "tokens",
    "estimated_epochs",
    "billed_tokens",
    "estimated_cost_usd",
}


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["validate", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_valid_file_exits_0_with_statistics(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, str(VALID))
    assert code == 0
    assert "Examples: 24" in out
    assert "p90" in out and "Default epochs: 4" in out
    assert "estimate" in out and "2025-07-15" in out


def test_mistakes_exit_1_and_text_groups_problems_with_lines(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, str(MISTAKES), "--lang", "en")
    assert code == 1
    assert "[unrecognized_role] — line 3" in out
    assert "[smart_quotes] — line 11" in out
    assert "line 7:" in out and "cut off" in out
    # The text report keeps the precise diagnosis as its title and code.
    assert "[truncated_line] — line 7" in out and "[empty_content] — line 9" in out
    assert out.index("[unrecognized_role]") < out.index("Statistics")


def test_json_output_is_the_documented_shape(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, str(MISTAKES), "--format", "json")
    assert code == 1
    report = json.loads(out)
    assert set(report) == TOP_KEYS
    assert set(report["tokens"]) == {"total", "min", "p50", "p90", "max"}
    line_keys = {"line", "last_line", "severity", "code", "diagnosis", "path", "message"}
    assert all(set(i) == line_keys for i in report["issues"])
    assert all(
        set(i) == {"severity", "code", "diagnosis", "message"} for i in report["file_issues"]
    )
    # `code` stays in the documented vocabulary (scripts filter on invalid_json); the
    # precise diagnosis is beside it.
    assert [(i["line"], i["last_line"], i["code"], i["diagnosis"]) for i in report["issues"]] == [
        (3, 3, "unrecognized_role", "unrecognized_role"),
        (5, 5, "example_missing_assistant_message", "example_missing_assistant_message"),
        (7, 7, "invalid_json", "truncated_line"),
        (9, 9, "missing_content", "empty_content"),
        (11, 11, "invalid_json", "smart_quotes"),
    ]
    assert report["examples"] == 12 and report["valid_examples"] == 7


def test_traditional_chinese_messages(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, str(MISTAKES), "--format", "json", "--lang", "zh_TW")
    role = json.loads(out)["issues"][0]["message"]
    assert "角色" in role and "assistant" in role
    _, text, _ = run(capsys, str(MISTAKES), "--lang", "zh_TW")
    assert "第 3 行" in text and "預估費用" in text


def test_model_changes_the_limit_and_price(capsys: pytest.CaptureFixture[str]) -> None:
    _, mini, _ = run(capsys, str(VALID), "--format", "json")
    _, big, _ = run(capsys, str(VALID), "--format", "json", "--model", "gpt-4o-2024-08-06")
    assert json.loads(big)["estimated_cost_usd"] > json.loads(mini)["estimated_cost_usd"]


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (["/no/such/file.jsonl"], "cannot read"),
        (["."], "folder"),
        ([str(VALID), "--model", "gpt-9"], "unknown model"),
        ([str(VALID), "--format", "yaml"], "invalid choice"),
        ([], "required"),
    ],
)
def test_unusable_input_exits_2_with_one_line_reason(
    capsys: pytest.CaptureFixture[str], args: list[str], reason: str
) -> None:
    code, _, err = run(capsys, *args)
    assert code == 2
    assert reason in err


def test_console_script_runs_in_a_subprocess(tmp_path: Path) -> None:
    bad = tmp_path / "odd.jsonl"
    bad.write_bytes(b'\xef\xbb\xbf{"messages": [{"role": "user", "content": "hi"}]}\r\n\r\n\xff\n')
    exe = Path(sys.executable).parent / "fine-tune-studio"
    result = subprocess.run(
        [str(exe), "validate", str(bad), "--format", "json"], capture_output=True, check=False
    )
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert [(i["line"], i["code"]) for i in report["issues"]] == [
        (1, "example_missing_assistant_message"),
        (2, "blank_line"),
        (3, "invalid_utf8"),
    ]
    assert "byte_order_mark" in [i["code"] for i in report["file_issues"]]

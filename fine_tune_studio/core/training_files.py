"""A training file as it will be uploaded: checked once, split, scanned for personal data.

Pure and Qt-free. The check runs every line through the same rules as the editor (one
pass: the report and the count of each kind of example come from the same line checks),
and keeps each example's physical line number, so a privacy finding, an excluded example
and the editor all point at the same line.
"""

from __future__ import annotations

import random
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from fine_tune_studio.core.document import UTF8_BOM
from fine_tune_studio.core.privacy import Finding, scan_line
from fine_tune_studio.core.test_sets import strip_app_keys
from fine_tune_studio.core.validation import (
    Report,
    iter_lines,
    validate_lines,
)

# Providers refuse a fine-tuning file (training or validation) of fewer examples.
MIN_EXAMPLES_PER_FILE = 10


@dataclass(frozen=True)
class ExamplesFile:
    """A training (or validation) file and what the check said about it."""

    name: str
    path: Path | None
    report: Report
    kinds: Mapping[str, int]  # examples per kind: chat / preference / invalid
    # (1-based physical line number, bytes) of every non-blank line, in file order.
    examples: tuple[tuple[int, bytes], ...] = field(repr=False)

    @property
    def is_preference(self) -> bool:
        return self.kinds.get("preference", 0) > 0 and self.kinds.get("chat", 0) == 0

    def example_lines(self) -> list[bytes]:
        return [raw for _line, raw in self.examples]

    def without_lines(self, lines: Collection[int]) -> ExamplesFile:
        """The same file with the examples on these physical lines left out.

        The report is kept as it was (it describes the file the user checked); counts of
        what is uploaded come from `examples`.
        """
        kept = tuple((line, raw) for line, raw in self.examples if line not in lines)
        return ExamplesFile(self.name, self.path, self.report, self.kinds, kept)


def check_examples(
    data: bytes, name: str, path: Path | None = None, *, model: str
) -> ExamplesFile:
    """The dataset check (tokenizes every example: run it in a worker thread)."""
    report = validate_lines(
        iter_lines(data), model=model, file=name, bom=data.startswith(UTF8_BOM)
    )
    # Blank lines are what the check calls "blank": whitespace only.
    examples = tuple((line_no, raw) for line_no, raw in iter_lines(data) if raw.strip())
    return ExamplesFile(name, path, report, dict(report.kinds), examples)


def can_split(n_examples: int) -> bool:
    return n_examples >= 2 * MIN_EXAMPLES_PER_FILE


def held_out_count(n_examples: int, fraction: float) -> int:
    """How many of `n_examples` a hold-out of `fraction` keeps apart: each part gets at
    least MIN_EXAMPLES_PER_FILE (so a small share of a small file holds out more than
    asked), and nothing is held out when the file cannot give both parts that many."""
    if not can_split(n_examples) or fraction <= 0:
        return 0
    count = max(MIN_EXAMPLES_PER_FILE, round(n_examples * fraction))
    return min(count, n_examples - MIN_EXAMPLES_PER_FILE)


def split_for_validation(
    lines: list[bytes], fraction: float, seed: int
) -> tuple[list[bytes], list[bytes]]:
    """Hold out `fraction` of the example lines (`held_out_count` of them), chosen
    reproducibly by `seed`; order is kept within each part so a reader recognises the
    file."""
    examples = [i for i, line in enumerate(lines) if line.strip()]
    count = held_out_count(len(examples), fraction)
    if count == 0:
        return [lines[i] for i in examples], []
    held = set(random.Random(seed).sample(examples, count))
    train = [lines[i] for i in examples if i not in held]
    valid = [lines[i] for i in examples if i in held]
    return train, valid


def find_personal_data(examples: ExamplesFile) -> list[Finding]:
    """Personal data and secrets in the examples, located by physical line and field
    (the same scan as the editor's privacy check; run it in a worker thread)."""
    findings: list[Finding] = []
    for line_no, raw in examples.examples:
        findings.extend(scan_line(raw.decode("utf-8", errors="replace"), line_no))
    return findings


def jsonl(lines: list[bytes]) -> bytes:
    """Lines as one JSONL file's bytes (one example per line, a final newline), without
    the app's own keys (test-set tags): a provider never sees them."""
    return b"\n".join(strip_app_keys(line) for line in lines) + b"\n" if lines else b""

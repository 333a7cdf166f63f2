"""Files the tests read: the airport examples and the providers' published API specs.

They live in the repository (tests/data, tests/reference) so that a clone on its own tests
everything; tests/reference/README.md names each spec's source and revision.
"""

from __future__ import annotations

from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
DATA = TESTS / "data"
REFERENCE = TESTS / "reference"

AIRPORT_FAQ = DATA / "airport-faq.zh-TW.jsonl"
AIRPORT_FAQ_WITH_MISTAKES = DATA / "airport-faq-with-mistakes.zh-TW.jsonl"
# The article the product grew from: everyday zh-TW text for the tiny test tokenizer.
ARTICLE = DATA / "article.zh-TW.txt"

OPENAI_SPEC = REFERENCE / "openai-openapi.yaml"
OPENAI_TRAINING_FORMATS_SPEC = REFERENCE / "openai-openapi.training-formats-2025-07.yaml"
TOGETHER_SPEC = REFERENCE / "together-openapi.yaml"

"""Suite-wide set-up. Fixtures live in tests/support/ by room so they can grow separately."""

from __future__ import annotations

import os

# Headless and offline everywhere, whoever runs pytest.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

pytest_plugins = [
    "tests.support.model_fixtures",
    "tests.support.engine_fixtures",
    "tests.support.service_fixtures",
    "tests.support.qt_fixtures",
]

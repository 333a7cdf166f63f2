"""Suite-wide set-up. Fixtures live in tests/support/ by room so they can grow separately."""

from __future__ import annotations

import os

import pytest

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
    "tests.support.together_fake",
    "tests.support.hub_stand_in",
]


@pytest.fixture(autouse=True)
def _real_keyring_session(request: pytest.FixtureRequest) -> None:
    """Tests marked `keyring` need a D-Bus session with an unlocked Secret Service.

    scripts/test.sh runs the suite under scripts/with-keyring and sets FTS_REQUIRE_KEYRING,
    so there a missing session fails instead of quietly skipping the real-keyring proof."""
    if request.node.get_closest_marker("keyring") is None:
        return
    if os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        return
    message = "no D-Bus session: run under scripts/with-keyring"
    if os.environ.get("FTS_REQUIRE_KEYRING"):
        pytest.fail(message)
    pytest.skip(message)

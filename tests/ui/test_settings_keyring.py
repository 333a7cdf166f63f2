"""The settings panel with the operating system's real keyring (Secret Service).

Run under scripts/with-keyring (scripts/test.sh does); skipped without a D-Bus session.
"""

from __future__ import annotations

from pathlib import Path

import keyring
import pytest

from fine_tune_studio.services.keys import SERVICE_NAME, KeyBackendStatus, KeyStore
from fine_tune_studio.services.settings_store import SettingsStore
from tests.support.qt_fixtures import until
from tests.ui.test_settings import KEY, add_compatible_provider, click, open_panel, run

pytestmark = pytest.mark.keyring


def test_a_key_saved_in_settings_lives_in_the_keyring_and_survives_a_restart(
    qtbot, qasync_loop, make_ui_context, fault_server, ui_home: Path
) -> None:
    store = SettingsStore()
    panel = open_panel(qtbot, make_ui_context, settings_store=store, key_store=KeyStore())

    async def first_session() -> None:
        await until(lambda: panel.context.key_backend_status is not KeyBackendStatus.UNKNOWN)
        assert panel.key_status.label.text() == (
            "Keys are stored safely in this computer's keyring."
        ), panel.context.key_store.status_detail
        await add_compatible_provider(qtbot, panel, fault_server.base_url, KEY)
        await click(qtbot, panel.save_button)
        await until(lambda: panel.providers_list.count() == 1)

    run(qasync_loop, first_session)
    profile_id = panel.context.profiles()[0].id
    try:
        assert keyring.get_password(SERVICE_NAME, profile_id) == KEY
        # Restart: a new context and panel read the same settings file and keyring.
        again = open_panel(qtbot, make_ui_context, settings_store=SettingsStore(),
                           key_store=KeyStore())

        async def second_session() -> None:
            await until(
                lambda: "A key is saved" in again.form.key_field.line_edit.placeholderText()
            )
            await click(qtbot, again.test_button)
            await until(lambda: again.connection_test is not None
                        and again.connection_test.done())
            assert again.result_label.text() == "Connected. 3 models available:"
            await click(qtbot, again.remove_button)
            await until(lambda: again.undo_bar.isVisible())

        run(qasync_loop, second_session)
        sent = fault_server.seen("GET", "/v1/models")[-1].headers["authorization"]
        assert sent == f"Bearer {KEY}"
        assert keyring.get_password(SERVICE_NAME, profile_id) is None
    finally:
        if keyring.get_password(SERVICE_NAME, profile_id) is not None:
            keyring.delete_password(SERVICE_NAME, profile_id)
    for path in (p for p in ui_home.rglob("*") if p.is_file()):
        assert KEY not in path.read_text(encoding="utf-8", errors="replace"), path

"""Failures in the user's words (ui/errors.py, widgets/error_label.py): a missing key is no
rejection, a network failure is not the provider speaking, a remote engine's token is
found where the engine was started, a conversation too long gives its numbers."""

from __future__ import annotations

from typing import Any

from fine_tune_studio.core.context_window import ContextOverflow
from fine_tune_studio.core.providers import ProviderKind
from fine_tune_studio.services.errors import ErrorKind, ServiceError, from_status
from fine_tune_studio.ui.errors import explain
from fine_tune_studio.ui.widgets.error_label import ErrorLabel


def test_no_key_is_not_called_a_rejected_key() -> None:
    words = explain(ServiceError(ErrorKind.NO_KEY, "No key is stored", operation="connect"))
    assert words.title == "No key saved for this provider"
    assert "nothing was sent" in words.message
    assert "not accepted" not in words.as_text()


def test_a_remote_engine_says_where_its_token_is_printed() -> None:
    refused = from_status(401, {"error": {"message": "bad token"}}, operation="list_jobs")
    engine = explain(refused, provider_kind=ProviderKind.REMOTE_ENGINE)
    assert "fine-tune-studio engine serve" in engine.what_to_do
    assert "provider's website" not in engine.what_to_do
    openai = explain(refused, provider_kind=ProviderKind.OPENAI)
    assert "provider's website" in openai.what_to_do


def test_a_conversation_too_long_gives_its_numbers_and_what_to_do() -> None:
    error = ServiceError(ErrorKind.CONTEXT_TOO_LONG, context=ContextOverflow(2100, 2048))
    words = explain(error)
    assert "2,100 tokens" in words.message and "at most 2,048" in words.message
    assert "Start a new conversation" in words.what_to_do


def test_a_network_failure_keeps_its_technical_account_behind_details(qtbot: Any) -> None:
    error = ServiceError(ErrorKind.NETWORK,
                         detail="ConnectError: [Errno -2] Name or service not known")
    assert not explain(error).detail_from_provider
    label = ErrorLabel()
    qtbot.addWidget(label)
    label.show_error(error, lead=lambda words: f"Could not start the job. {words}")
    shown = label.plain_text()
    assert shown.startswith("Could not start the job.")
    assert "Errno" not in shown and "provider said" not in shown
    label._link("app:details")  # the "Details" link
    assert "Errno -2" in label.plain_text()


def test_a_providers_own_answer_is_shown_as_such(qtbot: Any) -> None:
    refused = from_status(400, {"error": {"message": "File is over the storage quota."}},
                          operation="upload")
    label = ErrorLabel()
    qtbot.addWidget(label)
    label.show_error(refused)
    assert "The provider said: File is over the storage quota." in label.plain_text()

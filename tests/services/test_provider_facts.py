"""Dated provider facts (core/provider_dates.py), Azure's training type on the job request,
and the error kinds a hosted provider's refusals map to."""

from __future__ import annotations

from datetime import date

import pytest

from fine_tune_studio.core.job_state import JobSettings
from fine_tune_studio.core.provider_dates import (
    OPENAI_FINE_TUNING_ENDS,
    PROVIDER_DATES,
    Stop,
    dates_for,
    shutdown_of,
)
from fine_tune_studio.core.providers import AzureTrainingType, ProviderKind, ProviderProfile
from fine_tune_studio.services.client import OPENAI_SHUTDOWNS
from fine_tune_studio.services.errors import ErrorKind, from_status, link_in, scrub_secrets
from fine_tune_studio.services.openai_jobs import azure_training_type, create_job_request


def test_every_date_names_its_source_and_when_it_was_read() -> None:
    for row in PROVIDER_DATES:
        assert row.source_url.startswith("https://") and row.read_on
        assert row.what.en and row.what.zh_TW
    assert [r.day for r in dates_for(ProviderKind.OPENAI)] == sorted(
        r.day for r in dates_for(ProviderKind.OPENAI))
    assert date(2027, 1, 6) == OPENAI_FINE_TUNING_ENDS
    assert shutdown_of(ProviderKind.OPENAI, "gpt-4.1-mini") == date(2027, 1, 14)
    # A family the page gives no date for gets none (no guessed retirements).
    assert shutdown_of(ProviderKind.OPENAI, "gpt-4.1-nano") is None
    assert OPENAI_SHUTDOWNS["gpt-4o"] == date(2027, 1, 14)
    assert {r.stop for r in dates_for(ProviderKind.AZURE_OPENAI)} == {Stop.NEW_JOBS}


def azure(**fields: object) -> ProviderProfile:
    return ProviderProfile(kind=ProviderKind.AZURE_OPENAI, display_name="Azure",
                           azure_endpoint="https://res.openai.azure.com", **fields)


@pytest.mark.parametrize(
    ("profile", "sent"),
    [
        (azure(azure_use_v1=True), "GlobalStandard"),
        (azure(azure_use_v1=True, azure_training_type=AzureTrainingType.STANDARD), "Standard"),
        (azure(azure_api_version="2025-04-01-preview"), "GlobalStandard"),
        (azure(azure_api_version="2024-10-21"), None),  # older versions refuse the field
        (azure(azure_use_v1=True, azure_training_type=None), None),
    ],
    ids=["v1-default", "v1-standard", "preview-2025-04", "ga-2024-10", "none-chosen"],
)
def test_azure_jobs_say_where_to_train(profile: ProviderProfile, sent: str | None) -> None:
    assert azure_training_type(profile) == sent
    request = create_job_request(JobSettings(model="gpt-4.1-mini"), engine=False,
                                 training_type=azure_training_type(profile))
    assert request.get("extra_body", {}).get("trainingType") == sent


def test_openai_requests_carry_no_training_type() -> None:
    profile = ProviderProfile(kind=ProviderKind.OPENAI, display_name="OpenAI")
    assert azure_training_type(profile) is None


def test_hosted_refusals_become_kinds_the_ui_words() -> None:
    assert from_status(402, {"error": {"message": "Insufficient balance"}}).kind is (
        ErrorKind.NO_CREDIT)
    message = ("Unable to access non-serverless model me/m-1. Please visit "
               "https://api.together.ai/models/me/m-1 to create and start a new dedicated "
               "endpoint for the model.")
    error = from_status(400, {"error": {"message": message, "code": "model_not_available"}})
    assert error.kind is ErrorKind.NEEDS_ENDPOINT
    assert link_in(error.detail) == "https://api.together.ai/models/me/m-1"
    stopped = from_status(400, {"error": {"message": "The dedicated endpoint for x is not "
                                          "running.", "code": "dedicated_endpoint_not_running"}})
    assert stopped.kind is ErrorKind.NEEDS_ENDPOINT
    limited = from_status(429, {"error": {"message": "slow"}}, {"retry-after": "7"})
    assert limited.kind is ErrorKind.RATE_LIMIT and limited.retry_after == 7


def test_together_keys_are_masked_in_logs() -> None:
    assert "tgp_v1_" not in scrub_secrets("key tgp_v1_AbC123xyz456def789 leaked")

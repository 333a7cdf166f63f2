"""ServiceError texts: plain, typed, and free of secrets."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

from fine_tune_studio.services.errors import (
    ErrorKind,
    ServiceError,
    is_fine_tuning_closed,
    parse_retry_after,
    remember_secret,
    scrub_secrets,
)


def test_key_shapes_and_known_secrets_are_masked() -> None:
    odd_secret = "engine-token-with-no-usual-shape"
    remember_secret(odd_secret)
    text = (
        "key sk-proj-AbCdEf0123456789xyz failed; Authorization: Bearer abc.def-123456789 "
        f"api_key=hunter2hunter2 token {odd_secret} azure 0123456789abcdef0123456789abcdef"
    )
    clean = scrub_secrets(text)
    for secret in (
        "sk-proj-AbCdEf0123456789xyz",
        "abc.def-123456789",
        "hunter2hunter2",
        odd_secret,
        "0123456789abcdef0123456789abcdef",
    ):
        assert secret not in clean
    assert clean.startswith("key ")


def test_error_texts_are_scrubbed_everywhere() -> None:
    error = ServiceError(
        ErrorKind.AUTHENTICATION,
        "bad key sk-live-0123456789abcdef",
        detail="Incorrect API key sk-live-0123456789abcdef",
    )
    for text in (str(error), repr(error), error.message, error.detail or "", str(error.args)):
        assert "sk-live-0123456789abcdef" not in text


def test_retry_after_in_seconds_milliseconds_and_http_date() -> None:
    assert parse_retry_after({"retry-after": "12"}) == 12
    assert parse_retry_after({"retry-after-ms": "250"}) == 0.25
    later = format_datetime(datetime.now(UTC) + timedelta(seconds=30), usegmt=True)
    wait = parse_retry_after({"retry-after": later})
    assert wait is not None and 20 < wait <= 30
    assert parse_retry_after({"retry-after": "soon"}) is None
    assert parse_retry_after(None) is None


def test_fine_tuning_closure_is_told_apart_from_missing_scopes() -> None:
    assert is_fine_tuning_closed(
        403, None, "Fine-tuning is not available for new organizations", "create_job"
    )
    assert is_fine_tuning_closed(403, None, "Forbidden", "create_job")
    assert not is_fine_tuning_closed(
        403, None, "Missing scopes: api.fine_tuning.jobs.write", "create_job"
    )
    assert not is_fine_tuning_closed(403, None, "Forbidden", "list_models")
    assert not is_fine_tuning_closed(401, None, "Fine-tuning is no longer available", "create_job")
    assert (
        ServiceError(ErrorKind.RATE_LIMIT).retryable
        and not ServiceError(ErrorKind.AUTHENTICATION).retryable
    )

"""ServiceError texts: plain, typed, and free of secrets."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from fine_tune_studio.services.errors import (
    ErrorKind,
    HeldSecret,
    ServiceError,
    from_status,
    is_fine_tuning_closed,
    parse_retry_after,
    scrub_secrets,
)
from fine_tune_studio.services.keys import KeyStore
from tests.support.service_fixtures import REPO, MemoryKeyring


def test_key_shapes_are_masked_even_when_no_one_holds_the_key() -> None:
    text = (
        "key sk-proj-AbCdEf0123456789xyz failed; Authorization: Bearer abc.def-123456789 "
        "api_key=hunter2hunter2 azure 0123456789abcdef0123456789abcdef"
    )
    clean = scrub_secrets(text)
    for secret in (
        "sk-proj-AbCdEf0123456789xyz",
        "abc.def-123456789",
        "hunter2hunter2",
        "0123456789abcdef0123456789abcdef",
    ):
        assert secret not in clean
    assert clean.startswith("key ") and "api_key=••••" in clean


@pytest.mark.asyncio
async def test_the_keys_the_store_holds_now_are_masked_and_no_others(
    memory_keyring: MemoryKeyring,
) -> None:
    first = "engine-token-with-no-usual-shape-1"
    second = "engine-token-with-no-usual-shape-2"
    store = KeyStore(backend=memory_keyring)
    await store.set("remote", first)
    assert scrub_secrets(f"server said: bad token {first}") == "server said: bad token ••••"

    await store.set("remote", second)  # the user pasted a new key
    assert second not in scrub_secrets(f"bad token {second}")
    assert first in scrub_secrets(f"bad token {first}")  # the old one is not remembered

    await store.delete("remote")
    assert second in scrub_secrets(f"bad token {second}")


@pytest.mark.asyncio
async def test_a_key_read_back_after_a_restart_is_masked(memory_keyring: MemoryKeyring) -> None:
    key = "office-server-key-read-back"
    previous_run = KeyStore(backend=memory_keyring)
    await previous_run.set("p1", key)
    del previous_run
    gc.collect()
    restarted = KeyStore(backend=memory_keyring)
    assert key in scrub_secrets(key)  # not read yet: nothing in this session holds it
    assert await restarted.get("p1") == key
    assert scrub_secrets(f"401: {key}") == "401: ••••"


@pytest.mark.asyncio
async def test_a_short_key_is_masked_as_a_word_but_never_inside_other_words(
    memory_keyring: MemoryKeyring,
) -> None:
    store = KeyStore(backend=memory_keyring)
    await store.set("local-vllm", "key")  # self-hosted servers accept any placeholder
    error = ServiceError(
        ErrorKind.AUTHENTICATION,
        detail="Incorrect API key provided: key. url ?x=1&api%3Dkey; keyboard monkey",
    )
    assert error.detail == (
        "Incorrect API •••• provided: ••••. url ?x=1&api%3D••••; keyboard monkey"
    )
    assert error.message == "The provider did not accept the key."  # the app's own words
    await store.delete("local-vllm")


def test_a_clients_key_is_masked_while_the_client_holds_it() -> None:
    token = "fresh-engine-token-for-one-run"
    held = HeldSecret(token)
    assert scrub_secrets(f"token {token} refused") == "token •••• refused"
    assert token not in repr(held)
    del held
    gc.collect()
    assert scrub_secrets(f"token {token} refused") == f"token {token} refused"


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


# In a fresh interpreter: errors.py loads neither the SDK nor its HTTP library, yet maps
# their exceptions exactly once they exist (they are imported when a client is made).
_MAPPING_IN_A_FRESH_PROCESS = r"""
import sys
from fine_tune_studio.services.errors import ErrorKind, from_exception
assert "openai" not in sys.modules and "httpx2" not in sys.modules, "imported by errors.py"
assert from_exception(TimeoutError()).kind is ErrorKind.TIMEOUT
assert from_exception(ConnectionResetError()).kind is ErrorKind.NETWORK
assert from_exception(ValueError("odd")).kind is ErrorKind.UNKNOWN

import httpx2
import openai

request = httpx2.Request("GET", "https://example.invalid/v1/models")
assert from_exception(openai.APITimeoutError(request)).kind is ErrorKind.TIMEOUT
assert from_exception(openai.APIConnectionError(request=request)).kind is ErrorKind.NETWORK
response = httpx2.Response(429, request=request, headers={"retry-after": "3"})
limited = from_exception(openai.RateLimitError("slow down", response=response, body=None))
assert limited.kind is ErrorKind.RATE_LIMIT and limited.retry_after == 3, limited
response = httpx2.Response(401, request=request)
denied = openai.AuthenticationError("no", response=response, body=None)
assert from_exception(denied).kind is ErrorKind.AUTHENTICATION
assert from_exception(httpx2.ReadTimeout("slow")).kind is ErrorKind.TIMEOUT
assert from_exception(httpx2.ConnectError("refused")).kind is ErrorKind.NETWORK
assert from_exception(openai.OpenAIError("other")).kind is ErrorKind.UNKNOWN
print("mapped")
"""


def test_sdk_exceptions_are_mapped_though_errors_does_not_import_the_sdk() -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(REPO), *filter(None, [os.environ.get("PYTHONPATH")])])}
    result = subprocess.run([sys.executable, "-c", _MAPPING_IN_A_FRESH_PROCESS], env=env,
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0 and "mapped" in result.stdout, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("body", "used", "limit"),
    [
        ({"error": {"message": "This model's maximum context length is 128000 tokens. "
                    "However, your messages resulted in 130532 tokens.",
                    "code": "context_length_exceeded", "param": "messages"}}, 130532, 128000),
        ({"error": {"message": "the conversation is 2100 tokens long, but this model reads "
                    "at most 2048; shorten it", "code": "context_length_exceeded"}},
         2100, 2048),
        ({"error": {"message": "Input validation error: `inputs` tokens + `max_new_tokens` "
                    "must be <= 8193. Given: 9000 `inputs` tokens and 512 `max_new_tokens`"}},
         9000, 8193),
    ],
)
def test_a_conversation_too_long_is_its_own_kind_for_every_provider(
    body: dict[str, object], used: int, limit: int
) -> None:
    error = from_status(400, body, operation="chat_stream")
    assert error.kind is ErrorKind.CONTEXT_TOO_LONG
    assert error.context is not None
    assert (error.context.used, error.context.limit) == (used, limit)
    assert not error.retryable  # the same conversation would fail the same way

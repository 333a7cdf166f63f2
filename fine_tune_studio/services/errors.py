"""Typed, user-explainable errors for everything the service layer does.

The UI turns `ServiceError.kind` into translated words; `detail` is the provider's own text
with anything key-shaped removed, for a "details" box. No text built here ever contains an
API key: the secrets held now (by the key store and by live clients) and key-shaped
strings are scrubbed.
"""

from __future__ import annotations

import re
import sys
import threading
import weakref
from collections.abc import Iterable
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Protocol

from fine_tune_studio.core.context_window import ContextOverflow, context_overflow
from fine_tune_studio.core.key_rules import KEY_SHAPES

if TYPE_CHECKING:
    # Not imported at run time: the openai SDK takes ~0.35 s to import, and the app's first
    # window needs none of it (docs/packaging.md, "Start-up time"); see from_exception.
    import httpx2
    import openai

MASK = "••••"


class ErrorKind(StrEnum):
    AUTHENTICATION = "authentication"  # 401: wrong or revoked key
    # No key is saved for the profile: nothing was sent, so nothing was refused.
    NO_KEY = "no_key"
    PERMISSION = "permission"  # 403: key lacks access
    FINE_TUNING_CLOSED = "fine_tuning_closed"  # OpenAI refuses self-serve fine-tuning
    NOT_FOUND = "not_found"
    MODEL_NOT_FOUND = "model_not_found"
    RATE_LIMIT = "rate_limit"  # 429; see retry_after
    NO_CREDIT = "no_credit"  # 402: the account has no credit (or budget) left
    MODEL_NOT_FINE_TUNABLE = "model_not_fine_tunable"  # the provider trains other models
    # The model exists but answers only on a dedicated endpoint the user has to start
    # (Together serves some fine-tunes serverlessly, the rest on such endpoints).
    NEEDS_ENDPOINT = "needs_endpoint"
    SERVER = "server"  # 5xx
    NETWORK = "network"  # no connection, reset, stream cut
    TIMEOUT = "timeout"
    INVALID_REQUEST = "invalid_request"  # 400/409/422; see param
    # The conversation is longer than the model reads (a 400 from every provider, each in
    # its own words: core.context_window); see `context`.
    CONTEXT_TOO_LONG = "context_too_long"
    CANCELLED = "cancelled"
    UNKNOWN = "unknown"


# Short English sentences for logs and as a fallback; the UI shows its own translations.
_SUMMARIES: dict[ErrorKind, str] = {
    ErrorKind.AUTHENTICATION: "The provider did not accept the key.",
    ErrorKind.NO_KEY: "No key is saved for this provider.",
    ErrorKind.PERMISSION: "The key is not allowed to do this.",
    ErrorKind.FINE_TUNING_CLOSED: (
        "This OpenAI organization can no longer start fine-tuning jobs "
        "(OpenAI is closing self-serve fine-tuning). Use this computer, a remote engine "
        "or Azure OpenAI instead."
    ),
    ErrorKind.NOT_FOUND: "The provider does not have that item.",
    ErrorKind.MODEL_NOT_FOUND: "The provider does not offer that model.",
    ErrorKind.RATE_LIMIT: "The provider asked us to slow down.",
    ErrorKind.NO_CREDIT: "The account has no credit left for this.",
    ErrorKind.MODEL_NOT_FINE_TUNABLE: "The provider does not fine-tune that model.",
    ErrorKind.NEEDS_ENDPOINT: (
        "The model answers only on a dedicated endpoint, which is not running."
    ),
    ErrorKind.SERVER: "The provider had an internal problem.",
    ErrorKind.NETWORK: "Could not reach the provider.",
    ErrorKind.TIMEOUT: "The provider took too long to answer.",
    ErrorKind.INVALID_REQUEST: "The provider rejected the request as invalid.",
    ErrorKind.CONTEXT_TOO_LONG: "The conversation is longer than the model can read.",
    ErrorKind.CANCELLED: "The operation was cancelled.",
    ErrorKind.UNKNOWN: "Something unexpected went wrong talking to the provider.",
}

# -- scrubbing -------------------------------------------------------------------------------
#
# The secrets to mask are asked for at the moment of scrubbing, from whoever holds them now:
# each KeyStore (the keys it holds this session; a deleted key is gone, a changed key is
# masked in its new value) and each live `HeldSecret` (a client's key, which may be an
# engine token or a key still being tested in a form). Holders are weakly referenced, so a
# secret is never kept alive, or masked, past the object that holds it.
#
# A held secret is masked wherever its exact characters appear, whatever its length, even
# inside a longer word: a key glued to other text ("key%3Dabc") is still the key, and a leak
# is worse than a garbled word. The price falls on keys that are ordinary words or very
# short (self-hosted servers accept placeholders such as "EMPTY"): those letters are masked
# in error details and the log too. The app's own fixed sentences are never scrubbed, so
# they stay readable whatever the key.


class SecretHolder(Protocol):
    """Anything that can say which secrets it holds right now."""

    def held_secrets(self) -> Iterable[str]: ...


_holders: weakref.WeakSet[SecretHolder] = weakref.WeakSet()
# Logging scrubs from any thread (keyring calls run in their own threads).
_holders_lock = threading.Lock()


def add_secret_holder(holder: SecretHolder) -> None:
    """Mask `holder`'s secrets in every scrubbed text for as long as `holder` exists."""
    with _holders_lock:
        _holders.add(holder)


class HeldSecret:
    """One secret, masked everywhere while this object is alive (keep it as an attribute of
    whatever uses the secret)."""

    def __init__(self, secret: str | None) -> None:
        self._secret = secret or ""
        add_secret_holder(self)

    def held_secrets(self) -> Iterable[str]:
        return (self._secret,) if self._secret else ()

    def __repr__(self) -> str:
        return "HeldSecret(••••)"


def _secrets_held_now() -> list[str]:
    with _holders_lock:
        holders = list(_holders)
    held = {secret for holder in holders for secret in holder.held_secrets() if secret}
    # Longest first, so that a key containing a shorter one is masked whole.
    return sorted(held, key=len, reverse=True)


# Below this length a key is a placeholder for a self-hosted server ("EMPTY", "ollama",
# "x"), not a secret: it is masked where it stands as a word of its own (or right after a
# URL-encoded "="), never inside other words, which a one-letter key would garble.
SHORT_KEY_LENGTH = 8


def _key_pattern(key: str) -> str:
    escaped = re.escape(key)
    if len(key) >= SHORT_KEY_LENGTH:
        return escaped
    return rf"(?:(?<![A-Za-z0-9])|(?<=%3D)|(?<=%3d)){escaped}(?![A-Za-z0-9])"


def scrub_secrets(text: str) -> str:
    """`text` with every secret held now, and anything key-shaped, replaced by a mask."""
    held = _secrets_held_now()
    if held:
        # One pass: a mask once written is never matched again.
        text = re.sub("|".join(map(_key_pattern, held)), MASK, text)
    for pattern in KEY_SHAPES:
        text = pattern.sub(_mask_keeping_label, text)
    return text


def _mask_keeping_label(match: re.Match[str]) -> str:
    label = match.group(1) if match.re.groups else None  # "Bearer ", "api_key=" stay readable
    return (label or "") + MASK


# -- the error ------------------------------------------------------------------------------


class ServiceError(Exception):
    """A failure the user can be told about in plain words.

    kind: what went wrong (drives the UI's explanation).
    status: HTTP status when the provider answered, else None.
    param: the request field the provider blamed (400/422), if any.
    code: the provider's error code, if any.
    retry_after: seconds the provider asked us to wait (429/503), if given.
    detail: the provider's own text, secrets scrubbed.
    operation: which service call failed ("create_job", "list_models", ...).
    partial_text: for a chat stream cut mid-reply, the text received before the cut.
    context: for CONTEXT_TOO_LONG, the lengths the provider stated (either may be None).
    """

    def __init__(
        self,
        kind: ErrorKind,
        message: str | None = None,
        *,
        status: int | None = None,
        param: str | None = None,
        code: str | None = None,
        retry_after: float | None = None,
        detail: str | None = None,
        operation: str | None = None,
        partial_text: str | None = None,
        context: ContextOverflow | None = None,
    ) -> None:
        self.kind = kind
        # Our own summaries hold no secret; scrubbing them could only garble them.
        self.message = scrub_secrets(message) if message else _SUMMARIES[kind]
        self.status = status
        self.param = param
        self.code = code
        self.retry_after = retry_after
        self.detail = scrub_secrets(detail) if detail else None
        self.operation = operation
        self.partial_text = partial_text
        self.context = context
        super().__init__(self.message)

    @property
    def retryable(self) -> bool:
        """Whether trying again later may work without changing anything."""
        return self.kind in (
            ErrorKind.RATE_LIMIT,
            ErrorKind.SERVER,
            ErrorKind.NETWORK,
            ErrorKind.TIMEOUT,
        )

    def __str__(self) -> str:
        parts = [self.message]
        if self.status is not None:
            parts.append(f"(HTTP {self.status})")
        if self.param:
            parts.append(f"[field: {self.param}]")
        if self.detail and self.detail != self.message:
            parts.append(f"— {self.detail}")
        return " ".join(parts)

    def __repr__(self) -> str:
        return (
            f"ServiceError(kind={self.kind.value!r}, status={self.status!r}, param={self.param!r}, "
            f"operation={self.operation!r}, detail={self.detail!r})"
        )


# -- mapping SDK and transport exceptions --------------------------------------------------

_CLOSED_PATTERNS = re.compile(
    r"(?i)fine[- ]?tun\w*.{0,80}(no longer|not (?:be )?available|disabled|closed|discontinu|"
    r"deprecat|not allowed|not permitted|new organi[sz]ations|self[- ]serve)"
    r"|(no longer|not available|disabled|closed|discontinu).{0,80}fine[- ]?tun"
)
_CLOSED_CODES = {"fine_tuning_disabled", "fine_tuning_closed", "fine_tuning_not_available"}
_SCOPE_PATTERNS = re.compile(r"(?i)missing scopes?|insufficient permissions|scope")
# Together AI's answer for a model that is not served serverlessly (a fine-tune included):
# 400, code model_not_available ("Unable to access non-serverless model … create and start
# a new dedicated endpoint"), or dedicated_endpoint_not_running.
_ENDPOINT_CODES = {"model_not_available", "dedicated_endpoint_not_running"}
_ENDPOINT_TEXT = re.compile(r"(?i)non-serverless model|dedicated endpoint")
_URL = re.compile(r"https?://[^\s'\"<>)]+")


def link_in(text: str | None) -> str | None:
    """The first web address in a provider's message (where it says to go), if any."""
    match = _URL.search(text or "")
    return match.group(0).rstrip(".,;") if match else None


def parse_retry_after(headers: httpx2.Headers | dict[str, str] | None) -> float | None:
    """Seconds to wait from `retry-after-ms` / `retry-after` (seconds or HTTP date)."""
    if not headers:
        return None
    ms = headers.get("retry-after-ms")
    if ms:
        try:
            return max(0.0, float(ms) / 1000.0)
        except ValueError:
            pass
    value = headers.get("retry-after")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _body_message(body: object) -> str | None:
    if isinstance(body, dict):
        inner = body.get("error", body)
        if isinstance(inner, dict):
            msg = inner.get("message")
            if isinstance(msg, str):
                return msg
        elif isinstance(inner, str):
            return inner
        msg = body.get("message") or body.get("detail")
        if isinstance(msg, str):
            return msg
    elif isinstance(body, str):
        return body[:2000]
    return None


def _body_field(body: object, name: str) -> str | None:
    if isinstance(body, dict):
        inner = body.get("error", body)
        if isinstance(inner, dict) and inner.get(name) is not None:
            return str(inner[name])
        if body.get(name) is not None:
            return str(body[name])
    return None


def is_fine_tuning_closed(
    status: int | None, code: str | None, text: str | None, operation: str | None
) -> bool:
    """Whether a refusal is OpenAI's closure of self-serve fine-tuning, not a missing scope."""
    if status != 403 and not (code and code in _CLOSED_CODES):
        return False
    if code and code in _CLOSED_CODES:
        return True
    text = text or ""
    if _CLOSED_PATTERNS.search(text):
        return True
    # A bare 403 on job creation with no scope complaint: the closure is the likely reason.
    return operation == "create_job" and not _SCOPE_PATTERNS.search(text)


def from_exception(exc: BaseException, *, operation: str | None = None) -> ServiceError:
    """Map an openai SDK / transport / asyncio exception to a ServiceError."""
    if isinstance(exc, ServiceError):
        if operation and not exc.operation:
            exc.operation = operation
        return exc
    # An exception of the SDK or of its HTTP library can exist only once that library has
    # been imported: a library missing from sys.modules cannot have raised `exc`, so the
    # mapping stays exact without this module importing either (and `import` of one that
    # is loaded already is a dictionary look-up).
    sdk_loaded = "openai" in sys.modules
    if sdk_loaded:
        import openai

        if isinstance(exc, openai.APITimeoutError):
            return ServiceError(
                ErrorKind.TIMEOUT, operation=operation, detail=_transport_detail(exc)
            )
        if isinstance(exc, openai.APIConnectionError):
            return ServiceError(
                ErrorKind.NETWORK, operation=operation, detail=_transport_detail(exc)
            )
        if isinstance(exc, openai.APIStatusError):
            return _from_status(exc, operation)
        if isinstance(exc, openai.APIResponseValidationError):
            return ServiceError(
                ErrorKind.UNKNOWN,
                "The provider's answer did not have the expected shape.",
                status=exc.status_code,
                operation=operation,
                detail=str(exc.body)[:2000] if exc.body is not None else None,
            )
    timeouts: tuple[type[BaseException], ...] = (TimeoutError,)
    transport: tuple[type[BaseException], ...] = (ConnectionError,)
    if "httpx2" in sys.modules:
        import httpx2

        timeouts += (httpx2.TimeoutException,)
        transport += (httpx2.TransportError,)
    if isinstance(exc, timeouts):
        return ServiceError(ErrorKind.TIMEOUT, operation=operation, detail=type(exc).__name__)
    if isinstance(exc, transport):
        return ServiceError(
            ErrorKind.NETWORK, operation=operation, detail=f"{type(exc).__name__}: {exc}"
        )
    if sdk_loaded:
        import openai

        if isinstance(exc, openai.OpenAIError):
            return ServiceError(ErrorKind.UNKNOWN, operation=operation, detail=str(exc))
    return ServiceError(
        ErrorKind.UNKNOWN, operation=operation, detail=f"{type(exc).__name__}: {exc}"
    )


def _transport_detail(exc: openai.APIConnectionError) -> str:
    cause = exc.__cause__
    if cause is not None:
        return f"{type(cause).__name__}: {cause}"
    return exc.message


def _from_status(exc: openai.APIStatusError, operation: str | None) -> ServiceError:
    headers = exc.response.headers if exc.response is not None else None
    return from_status(
        exc.status_code,
        exc.body,
        headers,
        operation=operation,
        message=exc.message,
        code=exc.code,
        param=exc.param,
    )


def from_status(
    status: int,
    body: object,
    headers: httpx2.Headers | dict[str, str] | None = None,
    *,
    operation: str | None = None,
    message: str | None = None,
    code: str | None = None,
    param: str | None = None,
) -> ServiceError:
    """A ServiceError from an HTTP answer read without the SDK (a weights download):
    `body` is the parsed JSON, or the text when it was not JSON."""
    text = _body_message(body) or message or (f"HTTP {status}" if status else None)
    code = code or _body_field(body, "code")
    param = param or _body_field(body, "param")
    retry_after = parse_retry_after(headers)
    kwargs: dict[str, Any] = {
        "status": status,
        "param": param,
        "code": code,
        "retry_after": retry_after,
        "detail": text,
        "operation": operation,
    }
    if status == 401:
        return ServiceError(ErrorKind.AUTHENTICATION, **kwargs)
    if status == 403:
        if is_fine_tuning_closed(status, code, text, operation):
            return ServiceError(ErrorKind.FINE_TUNING_CLOSED, **kwargs)
        return ServiceError(ErrorKind.PERMISSION, **kwargs)
    if status == 402:
        return ServiceError(ErrorKind.NO_CREDIT, **kwargs)
    if status in (400, 404) and (code in _ENDPOINT_CODES or _ENDPOINT_TEXT.search(text or "")):
        return ServiceError(ErrorKind.NEEDS_ENDPOINT, **kwargs)
    if status == 404:
        lowered = (text or "").lower()
        if (
            code == "model_not_found"
            or (param == "model")
            or ("model" in lowered and "does not exist" in lowered)
        ):
            return ServiceError(ErrorKind.MODEL_NOT_FOUND, **kwargs)
        return ServiceError(ErrorKind.NOT_FOUND, **kwargs)
    if status == 429:
        return ServiceError(ErrorKind.RATE_LIMIT, **kwargs)
    if status in (408,):
        return ServiceError(ErrorKind.TIMEOUT, **kwargs)
    if status >= 500:
        return ServiceError(ErrorKind.SERVER, **kwargs)
    if status in (400, 409, 413, 415, 422):
        overflow = context_overflow(code, text)
        if overflow is not None:
            return ServiceError(ErrorKind.CONTEXT_TOO_LONG, context=overflow, **kwargs)
        if code == "model_not_found" or (code and "model" in code and "not_found" in code):
            return ServiceError(ErrorKind.MODEL_NOT_FOUND, **kwargs)
        if is_fine_tuning_closed(None, code, text, operation):
            return ServiceError(ErrorKind.FINE_TUNING_CLOSED, **kwargs)
        return ServiceError(ErrorKind.INVALID_REQUEST, **kwargs)
    return ServiceError(ErrorKind.UNKNOWN, **kwargs)

"""Bearer-token check for everything under /v1."""

from __future__ import annotations

import secrets

from fastapi import Request

from fine_tune_studio.engine.api.errors import APIError
from fine_tune_studio.engine.api.state import engine_state


async def require_token(request: Request) -> None:
    header = request.headers.get("authorization", "")
    scheme, _, supplied = header.partition(" ")
    expected = engine_state(request).config.token
    if scheme.lower() != "bearer" or not supplied:
        raise APIError(
            401, "You didn't provide an API key. Send the engine's token as "
            "'Authorization: Bearer TOKEN'.", type_="invalid_request_error",
            code="missing_api_key", headers={"WWW-Authenticate": "Bearer"},
        )
    if not secrets.compare_digest(supplied.strip().encode(), expected.encode()):
        raise APIError(
            401, "Incorrect API key provided: this is not the token the engine was started "
            "with.", type_="invalid_request_error", code="invalid_api_key",
            headers={"WWW-Authenticate": "Bearer"},
        )

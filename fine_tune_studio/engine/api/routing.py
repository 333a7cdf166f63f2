"""The route class of every /v1 route: the token is checked first, then JSON bodies before
FastAPI reads them, and responses leave out what a handler did not set (OpenAI omits such
fields too).

Python's JSON reader accepts what no JSON encoder should send and what the engine cannot
keep: lone UTF-16 surrogates ("\\ud800", which neither tokenizers, SQLite nor a UTF-8
response can hold) and NaN / Infinity. Both used to reach the handlers and end in a 500;
here they are a 400 naming the field.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request, Response
from fastapi.routing import APIRoute

from fine_tune_studio.engine.api.auth import require_token
from fine_tune_studio.engine.api.errors import APIError, field_path, invalid


def _is_json(request: Request) -> bool:
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    return kind in ("", "application/json") or kind.endswith("+json")


def _text_ok(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def body_problem(body: bytes) -> APIError | None:
    """The first thing in a JSON body the engine cannot take, as a 400; None if fine."""
    try:
        value = json.loads(body)
    except (ValueError, RecursionError) as exc:  # JSONDecodeError, bad UTF-8, huge ints
        return invalid(
            f"We could not parse the JSON body of your request ({exc}). Send valid JSON "
            "with 'Content-Type: application/json'.", code="invalid_json",
        )
    # Depth-first with a stack of our own: a deeply nested body must not exhaust recursion.
    stack: list[tuple[tuple[Any, ...], Any]] = [((), value)]
    while stack:
        path, item = stack.pop()
        if isinstance(item, str):
            if not _text_ok(item):
                return _refuse(path, "it holds a lone UTF-16 surrogate (such as \\ud800), "
                               "which is not a character; send valid Unicode text")
        elif isinstance(item, float):
            if not math.isfinite(item):
                return _refuse(path, f"{item} is not a number JSON allows")
        elif isinstance(item, dict):
            for key, child in reversed(list(item.items())):
                if not _text_ok(key):
                    return _refuse(path, "a field name holds a lone UTF-16 surrogate")
                stack.append(((*path, key), child))
        elif isinstance(item, list):
            for index in range(len(item) - 1, -1, -1):
                stack.append(((*path, index), item[index]))
    return None


def _refuse(path: tuple[Any, ...], why: str) -> APIError:
    param = field_path(path)
    where = f"Invalid value for '{param}'" if param else "Invalid request body"
    return invalid(f"{where}: {why}.", param=param, code="invalid_value")


class EngineRoute(APIRoute):
    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        # Forced: APIRouter passes its own default (False) for every route.
        kwargs["response_model_exclude_unset"] = True
        super().__init__(path, endpoint, **kwargs)

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def checked(request: Request) -> Response:
            # The token first: a caller without it learns nothing about bodies. (FastAPI
            # itself reads the body before it runs the router's token dependency.)
            await require_token(request)
            if request.method in ("POST", "PUT", "PATCH") and _is_json(request):
                body = await request.body()  # kept by the request for FastAPI's own read
                problem = body_problem(body) if body else None
                if problem is not None:
                    raise problem
            return await handler(request)

        return checked

"""OpenAI-shaped errors: `{"error": {"message", "type", "param", "code"}}` with its status.

Unexpected exceptions become a 500 in the same shape through `CatchAllMiddleware`, not
through Starlette's handler for `Exception`: that one re-raises after answering, and uvicorn
then drops the keep-alive connection without `Connection: close`, so the client's *next*
request on it failed with a network error.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger(__name__)


class APIError(Exception):
    def __init__(
        self,
        status: int,
        message: str,
        *,
        type_: str = "invalid_request_error",
        param: str | None = None,
        code: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.type = type_
        self.param = param
        self.code = code
        self.headers = headers

    def body(self) -> dict[str, Any]:
        return {
            "error": {
                "message": self.message,
                "type": self.type,
                "param": self.param,
                "code": self.code,
            }
        }


def invalid(message: str, *, param: str | None = None, code: str | None = None) -> APIError:
    return APIError(400, message, param=param, code=code)


def not_found(message: str, *, param: str | None = None, code: str | None = None) -> APIError:
    return APIError(404, message, param=param, code=code)


def error_response(error: APIError) -> JSONResponse:
    return JSONResponse(error.body(), status_code=error.status, headers=error.headers)


def field_path(parts: tuple[Any, ...] | list[Any]) -> str | None:
    """`messages[0].content` from ("messages", 0, "content"); None for the whole body."""
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text or None


# What pydantic adds to a location besides field names: the part of a union that was tried
# ("str", "list[str]", "literal['auto']", ...) and the place of a JSON syntax error.
_UNION_MEMBERS = frozenset({"str", "int", "float", "bool", "dict", "list", "none"})


def _loc_to_param(loc: tuple[Any, ...]) -> str | None:
    fields: list[Any] = []
    for part in loc:
        if part in ("body", "query", "path", "header", "form"):
            continue
        if isinstance(part, str) and (
            part in _UNION_MEMBERS or any(c in part for c in "[]()'-")
        ):
            continue
        fields.append(part)
    return field_path(fields)


_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")


def _allowed_methods(request: Request) -> list[str]:
    """Every method some route serves at this path (Starlette names only the first route's;
    asked route by route, as the router itself would, so included routers count too)."""
    allowed = []
    for method in _METHODS:
        probe = {**request.scope, "method": method}
        if any(route.matches(probe)[0] is Match.FULL for route in request.app.router.routes):
            allowed.append(method)
    return allowed


def install_error_handlers(app: FastAPI) -> None:
    async def on_api_error(_request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, APIError)
        return error_response(exc)

    async def on_validation(_request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        errors = exc.errors()
        first = errors[0] if errors else {}
        if first.get("type") == "json_invalid":
            # FastAPI puts the character position where a field name belongs.
            reason = (first.get("ctx") or {}).get("error", "JSON decode error")
            return error_response(invalid(
                f"We could not parse the JSON body of your request ({reason}). Send valid "
                "JSON with 'Content-Type: application/json'.", code="invalid_json"))
        param = _loc_to_param(tuple(first.get("loc", ())))
        detail = first.get("msg", "Invalid request.")
        message = f"Invalid value for '{param}': {detail}" if param else str(detail)
        return error_response(invalid(message, param=param, code="invalid_value"))

    async def on_http(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, StarletteHTTPException)
        headers = dict(exc.headers or {})
        code = "not_found" if exc.status_code == 404 else None
        message = str(exc.detail)
        if exc.status_code == 405:
            code = "method_not_allowed"
            allowed = _allowed_methods(request) or headers.get("Allow", "").split(", ")
            headers["Allow"] = ", ".join(allowed)
            message = f"{request.method} is not allowed here; use {headers['Allow']}."
        return error_response(APIError(exc.status_code, message, code=code, headers=headers))

    app.add_exception_handler(APIError, on_api_error)
    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(StarletteHTTPException, on_http)
    app.add_middleware(CatchAllMiddleware)  # added last: outermost of ours


class CatchAllMiddleware:
    """Answers an unexpected exception with an OpenAI-shaped 500 and keeps the connection
    usable. Once a response has started (a stream), nothing can be answered any more: the
    exception goes on, and the server cuts that connection, which the client sees."""

    def __init__(self, app: ASGIApp) -> None:
        self._app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self._app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self._app(scope, receive, tracking_send)
        except Exception as exc:
            if started:
                raise
            log.exception("%s %s failed", scope.get("method"), scope.get("path"))
            error = APIError(500, f"The engine failed: {type(exc).__name__}: {exc}",
                             type_="server_error")
            body = json.dumps(error.body(), ensure_ascii=True).encode()
            await send({"type": "http.response.start", "status": 500, "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
            ]})
            await send({"type": "http.response.body", "body": body})

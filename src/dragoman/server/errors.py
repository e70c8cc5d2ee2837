"""One JSON error shape for every failure: ``{"ok": false, "error": "…", "status": N}``."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..errors import DragomanError, InputError, StoreError

log = logging.getLogger(__name__)


def error_response(status: int, message: str) -> JSONResponse:
    return JSONResponse({"ok": False, "error": message, "status": status}, status_code=status)


def validation_message(errors: list[dict[str, Any]]) -> str:
    """FastAPI's validation errors as one line naming each parameter: ``limit abc: not a whole number``."""
    parts = []
    for error in errors:
        location = [str(part) for part in error.get("loc", ()) if part not in ("query", "path", "body")]
        name = ".".join(location) or "request"
        value = error.get("input")
        shown = f" {value}" if isinstance(value, str | int | float) else ""
        parts.append(f"{name}{shown}: {error.get('msg', 'invalid value')}")
    return "; ".join(parts)


def install_error_handlers(app: FastAPI) -> None:
    """Map every exception an endpoint can raise to the one error shape."""

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request: Request, error: StarletteHTTPException) -> JSONResponse:
        return error_response(error.status_code, str(error.detail))

    @app.exception_handler(RequestValidationError)
    async def invalid_request(_request: Request, error: RequestValidationError) -> JSONResponse:
        return error_response(422, validation_message(list(error.errors())))

    @app.exception_handler(InputError)
    async def bad_input(_request: Request, error: InputError) -> JSONResponse:
        # Filter errors start with the parameter's name (``quad 7: QuadClass is 1, 2, 3 or 4``).
        return error_response(422, str(error))

    @app.exception_handler(StoreError)
    async def store_failure(_request: Request, error: StoreError) -> JSONResponse:
        log.error("store: %s", error)
        return error_response(503, str(error))

    @app.exception_handler(DragomanError)
    async def dragoman_failure(_request: Request, error: DragomanError) -> JSONResponse:
        return error_response(400, str(error))

    @app.exception_handler(Exception)
    async def internal_failure(request: Request, error: Exception) -> JSONResponse:
        log.exception("internal error on %s", request.url.path)
        return error_response(500, "internal error; see the server log")

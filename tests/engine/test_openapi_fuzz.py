"""Schema fuzzing (schemathesis) of the real engine against its own OpenAPI document.

Every operation the engine documents at `GET /v1/openapi.json` gets a bounded number of
generated requests, valid and invalid, and every answer must be: not a 5xx, a documented
status and content type, a body that matches the documented schema, a 401 without the
token, and a 405 with `Allow` for a method the path does not serve.

Kept cheap: the chat's model is pinned to the tiny test model with a few tokens at most, so
generation really runs but briefly; job creation is fuzzed against the tiny model with
made-up file ids, so nothing ever starts training.
"""

from __future__ import annotations

import traceback
from typing import Any

import pytest

from tests.support.engine_fixtures import EngineServer

pytestmark = [pytest.mark.slow, pytest.mark.timeout(1800)]

EXAMPLES_PER_OPERATION = 25
MAX_CHAT_TOKENS = 4


def _cheap(case: Any, base_model: str) -> Any:
    """Pin the fields that would make a request expensive; the rest stays generated."""
    path = case.operation.path
    if isinstance(case.body, dict) and path == "/v1/chat/completions":
        case.body["model"] = base_model
        case.body["max_tokens"] = MAX_CHAT_TOKENS
        case.body.pop("max_completion_tokens", None)
    elif isinstance(case.body, dict) and path == "/v1/fine_tuning/jobs":
        # A real model gets past the model check to the settings and files checks; the
        # training file stays made up, so no job is ever created.
        case.body["model"] = base_model
    return case


def test_the_engine_survives_schema_fuzzing_of_every_operation(
    engine_server: EngineServer,
) -> None:
    import schemathesis
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis.errors import Unsatisfiable
    from schemathesis import GenerationMode
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import (
        content_type_conformance,
        ignored_auth,
        response_headers_conformance,
        response_schema_conformance,
        status_code_conformance,
        unsupported_method,
    )

    checks = [not_a_server_error, status_code_conformance, content_type_conformance,
              response_headers_conformance, response_schema_conformance, ignored_auth,
              unsupported_method]
    headers = {"Authorization": f"Bearer {engine_server.token}"}
    root = engine_server.base_url.removesuffix("/v1")
    schema = schemathesis.openapi.from_url(engine_server.base_url + "/openapi.json",
                                           headers=headers, timeout=60)
    operations: list[Any] = [result.ok() for result in schema.get_all_operations()]  # type: ignore[union-attr]
    assert len(operations) >= 17, [op.label for op in operations]

    failures: list[str] = []
    calls: dict[str, int] = {}
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            strategy = operation.as_strategy(generation_mode=mode).map(
                lambda case: _cheap(case, engine_server.base_model))

            @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, database=None,
                      phases=[Phase.explicit, Phase.generate],  # no shrinking: report as is
                      suppress_health_check=list(HealthCheck))
            @given(case=strategy)
            def run(case: Any) -> None:
                response = case.call_and_validate(base_url=root, headers=headers,
                                                  checks=checks, timeout=120)
                key = f"{case.operation.label} {response.status_code}"
                calls[key] = calls.get(key, 0) + 1

            try:
                run()
            except Unsatisfiable:
                continue  # nothing to get wrong in it (GET /health has no inputs)
            except (Exception, BaseExceptionGroup):  # schemathesis groups what it found
                failures.append(f"{operation.label} ({mode}):\n{traceback.format_exc()[-3000:]}")
    assert not failures, "\n\n".join(failures)
    # The fuzzing reached the work, not only the refusals: chats were answered, files
    # were stored, jobs and models were listed.
    for reached in ("POST /v1/chat/completions 200", "POST /v1/files 200",
                    "GET /v1/fine_tuning/jobs 200", "GET /v1/models 200"):
        assert calls.get(reached), "\n".join(f"{k}: {v}" for k, v in sorted(calls.items()))

"""CPU time per chat request: `ProviderClient.chat` against the SDK's `chat.completions.create`.

The evaluation runner sends thousands of one-shot chat requests, and on a 2-core machine
each one's client-side CPU time is most of what a run takes beyond the providers' own
delay (docs/evaluation.md). Both clients send the same requests, in turns, to the same
scripted server (tests/support/answer_server.py, its own process), `--concurrency` at a
time; the server answers at once unless `--delay` says otherwise. Prints one JSON line
last:

    {"requests", "concurrency", "delay_s", "sdk_create_cpu_ms", "chat_cpu_ms", "ratio",
     "sdk_create_latency_ms", "chat_latency_ms"}

cpu_ms is this process's CPU time per request (`time.process_time`), the median of
`--turns` turns; ratio = sdk_create_cpu_ms / chat_cpu_ms (above 1: chat() is cheaper);
latency_ms is the mean time from sending to the parsed reply in the median turn.

    .venv/bin/python benchmarks/chat_client_bench.py [--requests N] [--concurrency N]
        [--delay S] [--turns N]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.support.answer_server import answer_server_process  # noqa: E402

MESSAGES = [
    {"role": "system", "content": "你是桃園機場的客服人員。"},
    {"role": "user", "content": "第二航廈的退稅櫃檯在哪裡？"},
]
PARAMS: dict[str, Any] = {"temperature": 0, "max_tokens": 256}


async def measure(send: Callable[[], Awaitable[Any]], requests: int,
                  concurrency: int) -> tuple[float, float]:
    """(CPU ms per request, mean latency ms) for `requests` sends, `concurrency` at a time."""
    await send()  # the connection and the lazy imports are not part of it
    left = list(range(requests))
    latencies: list[float] = []

    async def worker() -> None:
        while left:
            left.pop()
            began = time.perf_counter()
            await send()
            latencies.append(time.perf_counter() - began)

    cpu = time.process_time()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    cpu = time.process_time() - cpu
    return cpu / requests * 1000, statistics.fmean(latencies) * 1000


async def compare(base_url: str, args: argparse.Namespace) -> dict[str, Any]:
    import openai

    from fine_tune_studio.core.providers import ProviderKind, ProviderProfile
    from fine_tune_studio.services.client import ProviderClient

    sdk = openai.AsyncOpenAI(base_url=base_url, api_key="no-key", max_retries=0)
    client = ProviderClient(
        ProviderProfile(id="bench", kind=ProviderKind.OPENAI_COMPATIBLE,
                        display_name="bench", base_url=base_url),
        api_key=None,
    )

    async def by_create() -> Any:
        messages: Any = MESSAGES
        return await sdk.chat.completions.create(model="echo-a", messages=messages, **PARAMS)

    async def by_chat() -> Any:
        return await client.chat("echo-a", MESSAGES, **PARAMS)

    turns: dict[str, list[tuple[float, float]]] = {"create": [], "chat": []}
    for _ in range(args.turns):  # in turns, so both see the same moments of the machine
        turns["create"].append(await measure(by_create, args.requests, args.concurrency))
        turns["chat"].append(await measure(by_chat, args.requests, args.concurrency))
    await sdk.close()
    await client.aclose()
    create = sorted(turns["create"])[len(turns["create"]) // 2]
    chat = sorted(turns["chat"])[len(turns["chat"]) // 2]
    return {
        "requests": args.requests, "concurrency": args.concurrency, "delay_s": args.delay,
        "sdk_create_cpu_ms": round(create[0], 3), "chat_cpu_ms": round(chat[0], 3),
        "ratio": round(create[0] / chat[0], 2),
        "sdk_create_latency_ms": round(create[1], 1), "chat_latency_ms": round(chat[1], 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--delay", type=float, default=0.0)
    parser.add_argument("--turns", type=int, default=3)
    args = parser.parse_args()
    with answer_server_process(args.delay) as base_url:
        result = asyncio.run(compare(base_url, args))
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())

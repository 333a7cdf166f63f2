"""Opt-in smoke test against the real Together AI. Never run in CI; it spends money.

COST: it asks Together for the price first (POST /fine-tunes/estimate-price), prints it
and waits for "y" (or --yes) before anything is trained. A rough figure, worked out from
Together's published pricing as read on 2026-11-30: fine-tuning is billed per token
processed (epochs x training tokens, plus evaluations), with no minimum charge, and a
cancelled job pays only for the steps it completed (docs.together.ai/docs/fine-tuning-
pricing). The airport file is 2,316 tokens (o200k count; the model's own tokenizer gives
about as many), so one epoch is some 2-4 thousand tokens. The per-token table on
together.ai/pricing could not be read from here, so take a generous ceiling of US$5 per
million tokens for the smallest models: under US$0.02 at most, and usually nothing, since
the job is cancelled as soon as it exists.

    TOGETHER_API_KEY=... .venv/bin/python scripts/together_smoke.py [--yes] [--model NAME]

What it does, through the app's own Together client and adapter: list the fine-tunable
models, pick the smallest (by the size in its name), upload tests/data/airport-faq.zh-TW.
jsonl, wait until Together has processed it, ask for the price, start a 1-epoch LoRA job,
cancel it at once, show its status and events, and delete the uploaded file. The key is
read from the environment only and never printed.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from fine_tune_studio.core.job_state import JobAction, JobSettings  # noqa: E402
from fine_tune_studio.core.providers import ProviderKind, ProviderProfile  # noqa: E402
from fine_tune_studio.services.errors import ServiceError  # noqa: E402
from fine_tune_studio.services.together_client import TogetherClient  # noqa: E402
from fine_tune_studio.services.together_jobs import TogetherJobs  # noqa: E402

AIRPORT = REPO / "tests" / "data" / "airport-faq.zh-TW.jsonl"


def size_in_billions(name: str) -> float:
    """'Qwen/Qwen3-0.6B' -> 0.6, 'gemma-3-270m' -> 0.27, 'Mixtral-8x7B' -> 56; a name
    without a size sorts last."""
    sizes = []
    for experts, number, unit in re.findall(r"(?:(\d+)x)?(\d+(?:\.\d+)?)([BbMm])(?![a-z])",
                                             name):
        value = float(number) / (1000 if unit in "Mm" else 1)
        sizes.append(value * (int(experts) if experts else 1))
    return min(sizes) if sizes else float("inf")


async def main(args: argparse.Namespace) -> int:
    key = os.environ.get("TOGETHER_API_KEY")
    if not key:
        print("Set TOGETHER_API_KEY first (this script talks to the real service).")
        return 2
    profile = ProviderProfile(kind=ProviderKind.TOGETHER, display_name="Together smoke")
    client = TogetherClient(profile, api_key=key)
    adapter = TogetherJobs(client)
    file_id = None
    try:
        supported = await client.supported_models()
        model = args.model or min(supported, key=size_in_billions)
        print(f"{len(supported)} fine-tunable models; using {model}")
        file_id = await adapter.upload_training_file(AIRPORT.name, AIRPORT.read_bytes())
        await adapter.wait_until_ready(file_id)
        print(f"uploaded {AIRPORT.name} as {file_id}")
        settings = JobSettings(model=model, values={"n_epochs": 1}, suffix="fts-smoke",
                               training_type="lora")
        estimate = await adapter.estimate_price(settings, file_id, None)
        price = estimate.usd if estimate else None
        print(f"Together's price estimate: {'unavailable' if price is None else f'US${price}'}"
              f" (tokens to train: {estimate.train_tokens if estimate else '?'};"
              f" allowed: {estimate.allowed if estimate else '?'})")
        if not args.yes and input("Start the job (it is cancelled at once)? [y/N] ") != "y":
            print("Not started.")
            return 0
        job = await adapter.start_job(settings, file_id, None)
        print(f"started {job.id} ({job.status})")
        cancelled = await adapter.control_job(job.id, JobAction.CANCEL)
        print(f"cancel asked: {cancelled.status}")
        page = await adapter.job_events(job.id)
        for event in page.events:
            print(f"  {event.type}: {event.message}")
        final = await adapter.get_job(job.id)
        print(f"now: {final.status}; trained tokens: {final.trained_tokens}")
        return 0
    except ServiceError as error:
        print(f"failed: {error.kind.value}: {error}")
        return 1
    finally:
        if file_id is not None:
            try:
                await client.delete_together_file(file_id)
                print(f"deleted {file_id}")
            except ServiceError as error:
                print(f"could not delete {file_id}: {error}")
        await client.aclose()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--yes", action="store_true", help="start without asking")
    parser.add_argument("--model", help="a fine-tunable model (default: the smallest)")
    sys.exit(asyncio.run(main(parser.parse_args())))

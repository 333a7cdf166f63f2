"""The evaluation runner: every contestant answers every test question, resumably.

It talks to providers only through `ChatClient.chat` (the chat half of
`services.client.ProviderClient`), got from `chat_for(provider_id)`: the app passes its
registry's `client`, the command line builds one client per base URL. No provider gets a
special case.

- Answers are stored as they arrive (`RunFolder`); a run started again skips every item
  already answered under the same settings, so a crash, a quit or a pause loses at most
  the requests in flight.
- At most `concurrency` requests per provider at a time (each provider has its own limits).
- A failed answer is retried: the client already retries what its rules allow (429, 503,
  connections never made); an evaluation answer is safe to ask again, so the runner also
  retries server errors, timeouts and cut connections, with backoff. What still fails is
  stored as a `Failure` for that item; the run goes on.
- `pause()` lets the requests in flight finish and starts no new one until `resume()`;
  both may be called from another thread than the run's (the panel runs it on an event
  loop of its own in a worker thread, with `TwinClients`).

Qt-free; the Evaluation panel and `fine-tune-studio eval run` both use it.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import time
from collections import defaultdict
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from fine_tune_studio.core.eval_judge import judge_messages, parse_judge_reply
from fine_tune_studio.core.eval_run import Answer, Contestant, Failure, answered_keys
from fine_tune_studio.core.test_sets import TestItem
from fine_tune_studio.services.errors import ErrorKind, ServiceError, from_exception
from fine_tune_studio.services.eval_store import RunFolder


class ChatClient(Protocol):
    async def chat(self, model: str, messages: Sequence[Mapping[str, Any]], **params: Any) -> Any:
        ...


ChatFor = Callable[[str], Awaitable[ChatClient]]
STAGGER_S = 0.01
SYNC_EVERY_S = 5.0  # answers reach the disk at least this often (a crash loses none)

# Kinds worth asking again: the provider was busy or the connection failed.
TRANSIENT = frozenset(
    {ErrorKind.RATE_LIMIT, ErrorKind.SERVER, ErrorKind.TIMEOUT, ErrorKind.NETWORK}
)


@dataclass(frozen=True)
class EvalProgress:
    done: int  # answers stored or failed, this session and earlier ones
    total: int
    answer: Answer | None = None
    failure: Failure | None = None
    elapsed_s: float = 0.0
    remaining_s: float | None = None  # None until something was answered this session


@dataclass(frozen=True)
class RetryRule:
    attempts: int = 3
    base_delay: float = 1.0
    max_delay: float = 20.0


def _usage(reply: Any) -> dict[str, int | None]:
    usage = getattr(reply, "usage", None)
    return {
        "prompt": getattr(usage, "prompt_tokens", None),
        "completion": getattr(usage, "completion_tokens", None),
    }


class EvaluationRunner:
    def __init__(
        self,
        chat_for: ChatFor,
        folder: RunFolder,
        *,
        concurrency: int = 4,
        retry: RetryRule | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if concurrency < 1:
            raise ValueError("concurrency must be at least 1")
        self.chat_for = chat_for
        self.folder = folder
        self.concurrency = concurrency
        self.retry = retry or RetryRule()
        self._sleep = sleep
        self._clock = clock
        self._running = asyncio.Event()
        self._running.set()
        self._loop: asyncio.AbstractEventLoop | None = None  # the run's, once it started

    # -- pause -------------------------------------------------------------------------------

    @property
    def paused(self) -> bool:
        return not self._running.is_set()

    def pause(self) -> None:
        self._running.clear()  # only read by the workers when they look for the next item

    def resume(self) -> None:
        # Setting the event wakes the waiting workers: that belongs on the run's own loop.
        loop = self._loop
        if loop is None or loop.is_closed():
            self._running.set()
        else:
            loop.call_soon_threadsafe(self._running.set)

    # -- one answer --------------------------------------------------------------------------

    async def _ask(
        self, client: ChatClient, model: str, messages: list[dict[str, Any]], params: dict[str, Any]
    ) -> tuple[Any, float]:
        """The reply and its latency, retried while the failure is transient."""
        attempt = 0
        while True:
            started = self._clock()
            try:
                reply = await client.chat(model, messages, **params)
                return reply, self._clock() - started
            except asyncio.CancelledError:
                raise
            except Exception as raw:
                error = from_exception(raw, operation="chat")
                attempt += 1
                if error.kind not in TRANSIENT or attempt >= self.retry.attempts:
                    raise error from None
                delay = error.retry_after or min(
                    self.retry.max_delay, self.retry.base_delay * 2 ** (attempt - 1)
                )
                await self._sleep(delay * (0.75 + random.random() / 2))

    async def _answer(self, contestant: Contestant, item: TestItem) -> Answer | Failure:
        fingerprint = contestant.fingerprint(self.folder.spec.params)
        try:
            client = await self.chat_for(contestant.provider_id)
            reply, latency = await self._ask(
                client, contestant.model, contestant.messages_for(item),
                self.folder.spec.params.request(),
            )
        except asyncio.CancelledError:
            raise
        except Exception as raw:
            error = from_exception(raw, operation="chat")
            failure = Failure(
                item=item.id, contestant=contestant.name, error_kind=error.kind.value,
                detail=(error.detail or error.message)[:500], params=fingerprint,
            )
            self.folder.add_failure(failure)
            return failure
        answer = Answer(
            item=item.id, contestant=contestant.name, answer=getattr(reply, "text", ""),
            latency=round(latency, 4), tokens=_usage(reply), params=fingerprint,
        )
        self.folder.add_answer(answer)
        return answer

    # -- the run -----------------------------------------------------------------------------

    def pending(self, items: Sequence[TestItem]) -> list[tuple[TestItem, Contestant]]:
        done = answered_keys(self.folder.answers(), self.folder.spec)
        return [
            (item, c)
            for item in items
            for c in self.folder.spec.contestants
            if (item.id, c.name) not in done
        ]

    async def run(self, items: Sequence[TestItem]) -> AsyncIterator[EvalProgress]:
        """Answer what is not answered yet; one progress per answer or failure.

        Closing the iterator (or cancelling its consumer) cancels the requests in flight."""
        self._loop = asyncio.get_running_loop()
        todo = self.pending(items)
        total = len(items) * len(self.folder.spec.contestants)
        done = total - len(todo)
        started = self._clock()
        yield EvalProgress(done, total)
        queues: dict[str, asyncio.Queue[tuple[TestItem, Contestant]]] = defaultdict(asyncio.Queue)
        for item, contestant in todo:  # item by item: partial runs are comparable
            queues[contestant.provider_id].put_nowait((item, contestant))
        results: asyncio.Queue[Answer | Failure] = asyncio.Queue()

        async def worker(queue: asyncio.Queue[tuple[TestItem, Contestant]], n: int) -> None:
            # Workers start a few milliseconds apart: each opens its own connection, and
            # opening them all in one go holds the (GUI) event loop for that long at once.
            await self._sleep(n * STAGGER_S)
            while True:
                await self._running.wait()
                try:
                    item, contestant = queue.get_nowait()
                except asyncio.QueueEmpty:
                    return
                results.put_nowait(await self._answer(contestant, item))

        workers = [
            asyncio.ensure_future(worker(queue, n))
            for queue in queues.values()
            for n in range(min(self.concurrency, queue.qsize()))
        ]
        this_session = 0
        synced = self._clock()
        try:
            for _ in range(len(todo)):
                result = await results.get()
                if self._clock() - synced >= SYNC_EVERY_S:
                    synced = self._clock()
                    await asyncio.to_thread(self.folder.sync)
                done += 1
                this_session += 1
                elapsed = self._clock() - started
                remaining = elapsed / this_session * (total - done)
                yield EvalProgress(
                    done, total,
                    answer=result if isinstance(result, Answer) else None,
                    failure=result if isinstance(result, Failure) else None,
                    elapsed_s=elapsed, remaining_s=remaining,
                )
        finally:
            for task in workers:
                task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await asyncio.gather(*workers, return_exceptions=True)


class TwinClients:
    """`chat_for` for a runner on an event loop of its own (a worker thread): a twin of each
    provider's client (`ProviderClient.twin`: same profile, key and address), made on that
    loop, because connections belong to the loop that opened them.

    `add()` the app's client for each provider first, on the app's loop (getting one may
    start the local engine or read the key store); a provider whose client could not be
    had is added with the error instead, and each of its answers fails with it, as it would
    have with the app's `chat_for`. `aclose()` on the runner's loop when the run is over."""

    def __init__(self) -> None:
        self._originals: dict[str, Any] = {}
        self._twins: dict[str, Any] = {}

    def add(self, provider_id: str, client_or_error: Any) -> None:
        self._originals[provider_id] = client_or_error

    async def chat_for(self, provider_id: str) -> ChatClient:
        twin = self._twins.get(provider_id)
        if twin is None:
            original = self._originals.get(provider_id)
            if original is None:
                raise KeyError(f"no client was added for provider {provider_id!r}")
            if isinstance(original, BaseException):
                raise original.with_traceback(None)  # raised once per answer: no growing trace
            twin = self._twins[provider_id] = original.twin()
        return twin  # type: ignore[no-any-return]

    async def aclose(self) -> None:
        twins, self._twins = list(self._twins.values()), {}
        for twin in twins:
            with contextlib.suppress(Exception):
                await twin.aclose()


# -- the AI judge -------------------------------------------------------------------------------


@dataclass(frozen=True)
class JudgeSetup:
    provider_id: str
    model: str
    rubric: str

    @property
    def name(self) -> str:
        return f"judge:{self.model}"


async def run_judge(
    chat_for: ChatFor, folder: RunFolder, items: Sequence[TestItem], setup: JudgeSetup,
    pairs: Sequence[tuple[str, str]], *, concurrency: int = 2,
) -> AsyncIterator[tuple[int, int]]:
    """Ask the judge about every item and pair, in both orders; yields (done, total).

    Each verdict is stored as it arrives (judge.jsonl), and one already stored for this
    judge and rubric is not asked again."""
    answers = {(a.item, a.contestant): a.answer for a in folder.answers()}
    asked = {
        (str(line["item"]), str(line["first"]), str(line["second"]), str(line["order"]))
        for line in folder.judge_lines()
        if line.get("judge") == setup.name and line.get("rubric") == setup.rubric
    }
    jobs: list[tuple[TestItem, str, str, str]] = []
    for item in items:
        for first, second in pairs:
            if (item.id, first) not in answers or (item.id, second) not in answers:
                continue
            for order in ("first_as_a", "second_as_a"):
                if (item.id, first, second, order) not in asked:
                    jobs.append((item, first, second, order))
    total, done = len(jobs), 0
    yield done, total
    semaphore = asyncio.Semaphore(concurrency)

    async def ask(item: TestItem, first: str, second: str, order: str) -> None:
        a, b = (first, second) if order == "first_as_a" else (second, first)
        async with semaphore:
            client = await chat_for(setup.provider_id)
            try:
                reply = await client.chat(
                    setup.model,
                    judge_messages(setup.rubric, item.question, item.reference,
                                   answers[(item.id, a)], answers[(item.id, b)]),
                    temperature=0, max_tokens=400,
                )
            except ServiceError:
                return  # asked again next time; the report counts only agreeing pairs
        choice = parse_judge_reply(getattr(reply, "text", ""))
        if choice is not None:
            folder.add_judge_line({
                "item": item.id, "first": first, "second": second, "order": order,
                "choice": choice.value, "judge": setup.name, "rubric": setup.rubric,
            })

    tasks = [asyncio.ensure_future(ask(*job)) for job in jobs]
    try:
        for next_done in asyncio.as_completed(tasks):
            await next_done
            done += 1
            yield done, total
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

"""A warm pool of extraction processes: the model loads once per process, never per request.

Measured on the target 2-core machine: threads do not help (the GIL), warm processes nearly
double throughput, and `nlp.pipe(n_process=...)` per request starts new processes every time,
so it is never used here.
"""

from __future__ import annotations

import asyncio
import importlib
import logging
import multiprocessing
import os
import threading
import time
import traceback
import weakref
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict
from datetime import date
from typing import Any

from nlp.errors import NlpError

log = logging.getLogger(__name__)

# One extractor per worker process, set by the pool initializer. This is per-process state of
# the worker, not of the web app, which is why it is a module global.
_extractor: Any = None
_nlp_settings: Any = None  # the [nlp] settings the worker was loaded with (name limits)


class WorkerFailed(RuntimeError):
    """Extraction could not finish; the message is fit to show an officer."""


CRASHED = "Something went wrong reading this note. Your note is saved: try again."


def _load_worker(loader: str, nlp_settings: Any, server: int) -> None:
    """Pool initializer: load the extractor once in this worker process."""
    global _extractor, _nlp_settings
    _end_with_parent(server)
    _nlp_settings = nlp_settings
    module_name, _, attr = loader.partition(":")
    _extractor = getattr(importlib.import_module(module_name), attr or "load")(nlp_settings)


def _end_with_parent(parent: int, every_s: float = 1.0) -> None:
    """Exit when the server that started this worker is gone (killed with SIGKILL, say),
    rather than hold a loaded model in memory with nobody to answer to. The server's pid
    comes from the server: a worker still starting when it died has already been adopted."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(every_s)
        os._exit(0)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _caseload(people: list[dict[str, Any]] | None) -> Any:
    if not people:
        return None
    from nlp.people.caseload import Caseload, CaseloadPerson

    return Caseload.from_people(
        [
            CaseloadPerson(p["crn"], p["name"], tuple(p.get("aliases") or ()), p.get("dob"))
            for p in people
        ],
        _nlp_settings,
    )


class NoteRefused(NlpError):
    """The extractor refused the text (empty, too long); its message is for the officer.

    The library's own errors take other arguments than their message, so they cannot come
    back through the pool's pickling (which breaks the pool): this one carries the message.
    """


class _PoolBroke(RuntimeError):
    """The pool's processes died or were ended while this note was in them."""


class _Crashed(RuntimeError):
    """An unexpected error inside a worker, sent back as plain text."""


def _run(method: str, text: str, reference_date: str, people: list | None) -> dict[str, Any]:
    """Run in a worker: extract or interpret one text and return plain JSON."""
    try:
        result = getattr(_extractor, method)(
            text, date.fromisoformat(reference_date), _caseload(people)
        )
        return result.to_json()
    except NlpError as exc:
        raise NoteRefused(str(exc)) from None
    except Exception as exc:
        # Where it failed, not the exception's message, which may quote the note.
        frames = "".join(traceback.format_tb(exc.__traceback__))
        log.error("extraction failed in a worker with %s at\n%s", type(exc).__name__, frames)
        raise _Crashed(type(exc).__name__) from None


def _ready() -> int:
    return os.getpid()


class ExtractionPool:
    """`settings.server.workers` warm processes, rebuilt when one dies or hangs."""

    def __init__(
        self,
        nlp_settings: Any,
        workers: int,
        timeout_s: float,
        loader: str = "nlp:load",
        queue_s: float = 60.0,
    ):
        self._nlp_settings = nlp_settings
        self._workers = max(1, workers)
        self._timeout_s = timeout_s
        self._queue_s = queue_s
        self._loader = loader
        # One slot per worker, so `timeout_s` times the reading, not the wait for a free
        # worker: under load a note that only queued was taken for a hung one, and the pool
        # restarted under everyone. Semaphores belong to an event loop (tests use several).
        self._slots: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore]
        self._slots = weakref.WeakKeyDictionary()
        self._pool = self._new_pool()
        self._warm_pool: ProcessPoolExecutor | None = None  # the pool last seen fully warm
        self._rewarm: asyncio.Task | None = None
        self._lock = asyncio.Lock()
        self._retry_lock = asyncio.Lock()

    @property
    def ready(self) -> bool:
        """Every worker of the current pool has loaded the model (what /readyz reports)."""
        return self._warm_pool is self._pool

    def _new_pool(self) -> ProcessPoolExecutor:
        # spawn, not fork: the web process has threads (the database pool), and forking a
        # threaded process can deadlock the child.
        return ProcessPoolExecutor(
            max_workers=self._workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_load_worker,
            initargs=(self._loader, self._nlp_settings, os.getpid()),
        )

    async def warm(self) -> None:
        """Start every worker and wait until each has loaded the model."""
        loop = asyncio.get_running_loop()
        pool = self._pool
        await asyncio.gather(*(loop.run_in_executor(pool, _ready) for _ in range(self._workers)))
        self._warm_pool = pool

    async def _warm_quietly(self) -> None:
        try:
            await self.warm()
        except Exception:  # noqa: BLE001 - /readyz keeps answering 503; each turn reports it
            log.exception("extraction workers failed to restart")

    async def extract(self, text: str, reference_date: date, people: list | None) -> dict:
        """The case entry (contract JSON) for one note."""
        return await self._call("extract", text, reference_date, people)

    async def interpret(self, text: str, reference_date: date, people: list | None) -> dict:
        """The interpretation (contract JSON) of one chat prompt."""
        return await self._call("interpret", text, reference_date, people)

    async def _call(self, method: str, text: str, reference_date: date, people: list | None):
        people_json = [p if isinstance(p, dict) else asdict(p) for p in people or []]
        args = (method, text, reference_date.isoformat(), people_json)
        try:
            return await self._submit(args)
        except _PoolBroke:
            # A worker died, taking every note then in the pool with it, and nothing says
            # whose note killed it. Read each again, one such note at a time: the others
            # succeed, and only a note that kills the workers again on its own is refused.
            log.warning("a note was in the workers when they stopped; reading it again")
            async with self._retry_lock:
                try:
                    return await self._submit(args)
                except _PoolBroke:
                    raise WorkerFailed(CRASHED) from None

    async def run_job(self, fn: Any, args: tuple, timeout_s: float) -> dict[str, Any]:
        """Run `fn(*args)` (a module-level function) in a warm worker: dictation uses this."""
        return await self._submit(args, fn, timeout_s)

    async def _submit(
        self, args: tuple, fn: Any = None, timeout_s: float | None = None
    ) -> dict[str, Any]:
        loop = asyncio.get_running_loop()
        slots = self._slots.get(loop)
        if slots is None:
            slots = self._slots[loop] = asyncio.Semaphore(self._workers)
        try:
            await asyncio.wait_for(slots.acquire(), self._queue_s)
        except TimeoutError:
            raise WorkerFailed(
                "Notes are being read for many officers just now. Your note is saved: "
                "try again in a minute."
            ) from None
        try:
            return await self._run_in(loop, self._pool, args, fn or _run, timeout_s)
        finally:
            slots.release()

    async def _run_in(
        self,
        loop: asyncio.AbstractEventLoop,
        pool: ProcessPoolExecutor,
        args: tuple,
        fn: Any,
        timeout_s: float | None,
    ) -> dict[str, Any]:
        future = loop.run_in_executor(pool, fn, *args)
        try:
            result: dict[str, Any] = await asyncio.wait_for(future, timeout_s or self._timeout_s)
            return result
        except TimeoutError:
            log.warning(
                "a worker job timed out after %.1fs; restarting workers",
                timeout_s or self._timeout_s,
            )
            await self._rebuild(pool)
            raise WorkerFailed(
                "Reading the note took too long and was stopped. Your note is saved: "
                "try again, or split it into shorter notes."
            ) from None
        except _Crashed:
            raise WorkerFailed(CRASHED) from None
        except BrokenProcessPool:
            log.error("an extraction worker stopped unexpectedly; restarting workers")
            await self._rebuild(pool)
            raise _PoolBroke() from None
        except asyncio.CancelledError:
            task = asyncio.current_task()
            if task is not None and task.cancelling():
                raise  # this request itself was cancelled
            # The pool was shut down under this note because another one timed out.
            await self._rebuild(pool)
            raise _PoolBroke() from None

    async def _rebuild(self, broken: ProcessPoolExecutor) -> None:
        async with self._lock:
            if self._pool is not broken:
                return  # another request already rebuilt it
            self._pool = self._new_pool()
            # Warm the new pool in the background so /readyz says ready again once it is.
            self._rewarm = asyncio.get_running_loop().create_task(self._warm_quietly())
        _kill(broken)

    def close(self) -> None:
        """Stop the workers."""
        _kill(self._pool)


def _kill(pool: ProcessPoolExecutor) -> None:
    # A hung worker never returns, so shutdown(wait=True) would hang too: end the processes.
    for proc in list((getattr(pool, "_processes", None) or {}).values()):
        if proc.is_alive():
            proc.kill()
    pool.shutdown(wait=False, cancel_futures=True)

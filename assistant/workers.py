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
TOO_LONG = (
    "Reading the note took too long and was stopped. Your note is saved: "
    "try again, or split it into shorter notes."
)
BUSY = "Notes are being read for many officers just now. Your note is saved: try again in a minute."
BEAT_S = 1.0
"""How often each worker says it is alive (`_beat`)."""


def _load_worker(
    loader: str,
    nlp_settings: Any,
    server: int,
    beats: Any = None,
    taken: Any = None,
    beat_s: float = BEAT_S,
) -> None:
    """Pool initializer: load the extractor once in this worker process."""
    global _extractor, _nlp_settings
    _end_with_parent(server)
    if beats is not None:
        _beat(beats, taken, beat_s)
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


def _beat(beats: Any, taken: Any, every_s: float) -> None:
    """Write this worker's clock into its own cell of the pool's shared array, from a
    thread of its own, for as long as the process runs.

    A reading that is merely slow (a starved host, a long note) keeps beating: Python hands
    the interpreter to this thread between the reading's steps. A worker that is stopped,
    frozen in C code that holds the interpreter, or swapped out for good does not. The server
    reads the cells when a reading overruns (`ExtractionPool._watch`), so a slow worker keeps
    its warm model and only a silent one is replaced."""
    with taken.get_lock():
        cell = taken.value % len(beats)
        taken.value += 1

    def tick() -> None:
        while True:
            beats[cell] = time.monotonic()
            time.sleep(every_s)

    beats[cell] = time.monotonic()
    threading.Thread(target=tick, name="heartbeat", daemon=True).start()


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
    """`settings.server.workers` warm processes, replaced when one dies or hangs.

    A reading that overruns `timeout_s` is answered at once ("took too long", the note is
    saved) but left to finish in its worker: on a starved host readings are slow, not hung,
    and restarting would throw away warm workers to load the model again under the same
    starvation (docs/load.md, three instances on two cores). The workers are replaced only
    when one has gone silent (no heartbeat for `silent_s`), when a reading is still going at
    `hung_s`, or when a worker died. A replacement that fails to start (a host too starved to
    load the model) is tried again after a doubling wait, while the notes that arrive
    meanwhile wait (up to `queue_s`) instead of each failing and starting another restart.
    """

    def __init__(
        self,
        nlp_settings: Any,
        workers: int,
        timeout_s: float,
        loader: str = "nlp:load",
        queue_s: float = 60.0,
        *,
        hung_s: float | None = None,
        silent_s: float = 15.0,
        beat_s: float = BEAT_S,
        backoff_s: float = 1.0,
        backoff_max_s: float = 60.0,
        load_s: float = 300.0,
    ):
        self._nlp_settings = nlp_settings
        self._workers = max(1, workers)
        self._timeout_s = timeout_s
        self._queue_s = queue_s
        self._loader = loader
        self._hung_s = max(timeout_s, hung_s if hung_s is not None else 6 * timeout_s)
        self._silent_s = silent_s
        self._beat_s = beat_s
        self._backoff_s = backoff_s
        self._backoff_max_s = backoff_max_s
        self._load_s = load_s
        # One slot per worker, so `timeout_s` times the reading, not the wait for a free
        # worker: under load a note that only queued was taken for a hung one, and the pool
        # restarted under everyone. A reading that overruns keeps its slot until it ends,
        # since its worker is still busy. Semaphores belong to an event loop (tests use
        # several).
        self._slots: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore]
        self._slots = weakref.WeakKeyDictionary()
        self._beats: dict[ProcessPoolExecutor, Any] = {}
        self._pool = self._new_pool()
        self._warm_pool: ProcessPoolExecutor | None = None  # the pool last seen fully warm
        self._restarting = False
        self._restarter: asyncio.Task | None = None
        self._watchers: set[asyncio.Task] = set()
        self._lock = asyncio.Lock()
        self._retry_lock = asyncio.Lock()
        self.restarts = 0
        """Times the workers were replaced (a dead, silent or runaway worker)."""
        self.failed_starts = 0
        """Times a replacement pool failed to start and was tried again later."""
        self.overran = 0
        """Readings that passed `timeout_s` (the officer was told; the worker kept going)."""

    @property
    def ready(self) -> bool:
        """Every worker of the current pool has loaded the model (what /readyz reports)."""
        return not self._restarting and self._warm_pool is self._pool

    def pids(self) -> list[int]:
        """The current workers' process ids (tests and diagnostics)."""
        return sorted(getattr(self._pool, "_processes", None) or {})

    def _new_pool(self) -> ProcessPoolExecutor:
        # spawn, not fork: the web process has threads (the database pool), and forking a
        # threaded process can deadlock the child.
        ctx = multiprocessing.get_context("spawn")
        # Raw (lock-free) cells: a worker stopped while holding a lock would block the reader.
        beats = ctx.RawArray("d", self._workers)
        taken = ctx.Value("i", 0)
        pool = ProcessPoolExecutor(
            max_workers=self._workers,
            mp_context=ctx,
            initializer=_load_worker,
            initargs=(self._loader, self._nlp_settings, os.getpid(), beats, taken, self._beat_s),
        )
        self._beats = {pool: beats}  # only the current pool's workers are watched
        return pool

    async def warm(self) -> None:
        """Start every worker and wait until each has loaded the model."""
        await self._warm(self._pool)
        self._warm_pool = self._pool

    async def _warm(self, pool: ProcessPoolExecutor) -> None:
        loop = asyncio.get_running_loop()
        await asyncio.gather(*(loop.run_in_executor(pool, _ready) for _ in range(self._workers)))

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
        deadline = loop.time() + self._queue_s
        slots = self._slots.get(loop)
        if slots is None:
            slots = self._slots[loop] = asyncio.Semaphore(self._workers)
        try:
            await asyncio.wait_for(slots.acquire(), self._queue_s)
        except TimeoutError:
            raise WorkerFailed(BUSY) from None
        handed_over = False
        try:
            await self._until_running(deadline)
            pool = self._pool
            limit = timeout_s or self._timeout_s
            try:
                future = loop.run_in_executor(pool, fn or _run, *args)
            except (BrokenProcessPool, RuntimeError):  # shut down or broken under us
                await self._rebuild(pool, "the workers could not take a note")
                raise _PoolBroke() from None
            try:
                result: dict[str, Any] = await asyncio.wait_for(asyncio.shield(future), limit)
                return result
            except TimeoutError:
                self.overran += 1
                log.warning("a worker job passed %.1fs; told the officer, left it running", limit)
                watcher = loop.create_task(
                    self._watch(pool, future, slots, loop.time() - limit, max(limit, self._hung_s))
                )
                self._watchers.add(watcher)
                watcher.add_done_callback(self._watchers.discard)
                handed_over = True  # the watcher frees the slot when the worker does
                raise WorkerFailed(TOO_LONG) from None
            except _Crashed:
                raise WorkerFailed(CRASHED) from None
            except BrokenProcessPool:
                await self._rebuild(pool, "an extraction worker stopped unexpectedly")
                raise _PoolBroke() from None
            except asyncio.CancelledError:
                task = asyncio.current_task()
                if task is not None and task.cancelling():
                    raise  # this request itself was cancelled
                # The pool was shut down under this note because a worker hung.
                await self._rebuild(pool, "the workers were stopped")
                raise _PoolBroke() from None
        finally:
            if not handed_over:
                slots.release()

    async def _until_running(self, deadline: float) -> None:
        """Wait while the workers are being replaced, up to the note's queue deadline.

        Polled, not an Event: events belong to one loop and the pool serves several in tests."""
        loop = asyncio.get_running_loop()
        while self._restarting:
            task = self._restarter
            if (
                task is None
                or task.done()
                or (task.get_loop() is not loop and not task.get_loop().is_running())
            ):
                # The restart was begun on an event loop that has stopped (tests run one loop
                # per test over one shared pool) or was cancelled: carry it on here.
                self._restarter = loop.create_task(self._restart())
            if loop.time() >= deadline:
                raise WorkerFailed(BUSY)
            await asyncio.sleep(min(0.1, self._beat_s))

    async def _watch(
        self,
        pool: ProcessPoolExecutor,
        future: asyncio.Future,
        slots: asyncio.Semaphore,
        started: float,
        hung_s: float,
    ) -> None:
        """Follow a reading that overran: a slow worker finishes and keeps its model; a silent
        one, or a reading still going at `hung_s`, has the workers replaced."""
        loop = asyncio.get_running_loop()
        try:
            while not future.done() and self._pool is pool:
                silent = self._silent(pool)
                if silent is not None:
                    await self._rebuild(pool, f"a worker has not answered for {silent:.0f}s")
                    return
                if loop.time() - started >= hung_s:
                    await self._rebuild(pool, f"a reading was still going after {hung_s:.0f}s")
                    return
                await asyncio.wait({future}, timeout=self._beat_s)
            if not future.done():
                return  # the pool was replaced meanwhile, this reading with it
            if not future.cancelled() and isinstance(future.exception(), BrokenProcessPool):
                await self._rebuild(pool, "an extraction worker stopped unexpectedly")
            else:
                log.info("a reading that overran has finished: its worker was slow, not hung")
        finally:
            slots.release()
            if future.done() and not future.cancelled():
                future.exception()  # read, so asyncio does not log it as never retrieved

    def _silent(self, pool: ProcessPoolExecutor) -> float | None:
        """Seconds since the quietest started worker of `pool` last beat, if over `silent_s`."""
        beats = self._beats.get(pool)
        if beats is None:
            return None
        now = time.monotonic()
        quiet = max((now - b for b in beats if b > 0), default=0.0)
        return quiet if quiet > self._silent_s else None

    async def _rebuild(self, broken: ProcessPoolExecutor, why: str) -> None:
        async with self._lock:
            if self._pool is not broken or self._restarting:
                return  # another request already started replacing it
            log.error("%s; restarting the extraction workers", why)
            self._restarting = True
            self.restarts += 1
            self._restarter = asyncio.get_running_loop().create_task(self._restart())
        _kill(broken)

    def _retry_delay(self, previous: float) -> float:
        """The wait before starting the workers again after a start failed: doubling from
        `backoff_s` up to `backoff_max_s`, so a host too starved to load the model is not
        asked to again and again. A worker that died or hung is replaced at once: its pool
        had started, and one bad note should not keep every officer waiting."""
        return min(self._backoff_max_s, max(self._backoff_s, 2 * previous))

    async def _restart(self) -> None:
        """Start a new pool and wait until it is warm; if it fails, wait longer and try again.
        Notes wait meanwhile (`_until_running`); the old pool is already gone."""
        delay = 0.0
        while True:
            if delay:
                log.warning("starting the extraction workers again in %.1fs", delay)
                await asyncio.sleep(delay)
            pool = self._new_pool()
            try:
                await asyncio.wait_for(self._warm(pool), self._load_s)
            except Exception as exc:  # noqa: BLE001 - anything: kill it and try again later
                self.failed_starts += 1
                log.error(
                    "the extraction workers failed to start (%s); trying again later",
                    type(exc).__name__,
                )
                _kill(pool)
                delay = self._retry_delay(delay)
                continue
            self._pool = self._warm_pool = pool
            self._restarting = False
            log.info("the extraction workers are running again")
            return

    def close(self) -> None:
        """Stop the workers."""
        if self._restarter is not None:
            self._restarter.cancel()
        for watcher in list(self._watchers):
            watcher.cancel()
        _kill(self._pool)


def _kill(pool: ProcessPoolExecutor) -> None:
    # A hung worker never returns, so shutdown(wait=True) would hang too: end the processes.
    for proc in list((getattr(pool, "_processes", None) or {}).values()):
        if proc.is_alive():
            proc.kill()
    pool.shutdown(wait=False, cancel_futures=True)

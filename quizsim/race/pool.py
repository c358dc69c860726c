"""Races in worker processes, so the simulation never shares the GIL with the UI.

`RacePool.race()` has the signature and result of `runner.race()`: it splits the options over the warm
workers (round robin, one option in exactly one process), each worker runs `runner.race()` on its
share, and batches stream back through one multiprocessing queue, tagged with a race id, to the calling
thread. A cancelled race's late batches find no inbox and are dropped; its workers stop at their next
window (a shared flag per race) and take the next race.

Workers get each option's ResolvedScenario with the task: it pickles in about 0.3 ms to 4-5 KB, where
loading the content library in a worker takes about 1.7 s (measured 2026-12-02, bundled content).

Processes start with "forkserver" (or "spawn" where there is none), never "fork": the UI process has
threads, and forking it would copy their locks in whatever state they are.
No Textual here.
"""

from __future__ import annotations

import itertools
import os
import queue
import threading
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from quizsim.race.runner import MAX_BATCHES, RaceBatch, RaceCancelled, RaceOutcome, RunPlan, race

if TYPE_CHECKING:
    from quizsim.content import ResolvedScenario

MAX_WORKERS = 2
CANCEL_SLOTS = 1024
"""Cancel flags shared with the workers, one per race id modulo this (far more than races in flight)."""
POLL_S = 0.02
"""How often a waiting race looks at its cancel event and its workers' health."""
START_TIMEOUT_S = 60.0
STOP_TIMEOUT_S = 3.0
APP_WATCH_S = 1.0
"""How often a worker checks that the app's process still exists."""
WARM = -1
"""Race id of the message a worker sends when it is warm."""


class PoolUnavailable(Exception):
    """The worker processes could not start (or the pool is closed): run the race in-process."""


def default_workers() -> int:
    """One worker per core, at most MAX_WORKERS; QUIZSIM_WORKERS overrides (0 turns the pool off)."""
    raw = os.environ.get("QUIZSIM_WORKERS", "").strip()
    if raw.isdigit():
        return int(raw)
    return max(1, min(MAX_WORKERS, os.cpu_count() or 1))


def _ensure_resource_tracker() -> None:
    """Start multiprocessing's resource tracker with a real stderr.

    The tracker hands sys.stderr's descriptor to its process; under a running Textual app sys.stderr is a
    print capture whose fileno() is -1, which the process start refuses ("bad value(s) in fds_to_keep").
    The real stderr stands in for the few milliseconds the tracker takes to start.
    """
    import sys
    from multiprocessing import resource_tracker

    try:
        valid = sys.stderr is not None and sys.stderr.fileno() >= 0
    except Exception:
        valid = False
    if valid or sys.__stderr__ is None:
        resource_tracker.ensure_running()
        return
    capture = sys.stderr
    sys.stderr = sys.__stderr__
    try:
        resource_tracker.ensure_running()
    finally:
        sys.stderr = capture


# ---- worker side ---------------------------------------------------------------------------------

_results: Any = None
_cancel_flags: Any = None


def _init_worker(results: Any, cancel_flags: Any, warm: "ResolvedScenario | None", quiet: bool, app_pid: int) -> None:
    """Runs once in each worker: keep its output off the learner's screen, import the engine, take one step."""
    global _results, _cancel_flags
    import signal

    from quizsim.race.runner import step_once

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C belongs to the app, which stops the pool
    if quiet:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
    _results, _cancel_flags = results, cancel_flags
    threading.Thread(target=_exit_when_gone, args=(app_pid,), name="quizsim-watch-app", daemon=True).start()
    try:
        step_once(warm)
    except Exception:
        pass  # the real race reports what is wrong with a scenario
    results.put((WARM, -1, "warm", os.getpid()))


def _exit_when_gone(app_pid: int) -> None:
    """End this worker once the app's process is gone (killed, or crashed before its shutdown ran)."""
    import time

    while True:
        time.sleep(APP_WATCH_S)
        if not _alive(app_pid):
            os._exit(0)


def _alive(pid: int) -> bool:
    """The process exists and is not a zombie (a killed app stays one until its parent collects it)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            return stat.read().rsplit(b")", 1)[1].split()[0] != b"Z"
    except FileNotFoundError:
        return False
    except OSError:  # no /proc here: ask the kernel whether the pid exists
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except OSError:
            pass
        return True


class _SharedFlag:
    """`is_set()` of one race's cancel flag, as `runner.race` and the engine ask it every window."""

    def __init__(self, slot: int) -> None:
        self.slot = slot

    def is_set(self) -> bool:
        return bool(_cancel_flags[self.slot])


def _race_share(race_id: int, share: int, plans: list[RunPlan], seed: int, max_batches: int) -> None:
    """A worker's task: race its share of the options, sending batches and the outcome back in order."""

    def put(kind: str, payload: Any) -> None:
        _results.put((race_id, share, kind, payload))

    try:
        outcome = race(
            plans, seed, _SharedFlag(race_id % CANCEL_SLOTS), lambda batch: put("batch", batch),
            max_batches=max_batches, yield_s=(0.0, 0.0),
        )
    except RaceCancelled:
        put("cancelled", None)
    except Exception as exc:
        put("failed", f"{type(exc).__name__}: {exc}")
    else:
        put("done", outcome)


# ---- UI side -------------------------------------------------------------------------------------


class RacePool:
    """Warm worker processes that run races; start() from a background thread, shutdown() on exit."""

    def __init__(self, workers: int | None = None, *, quiet: bool = True) -> None:
        self.workers = default_workers() if workers is None else workers
        self.quiet = quiet
        self.failure: str | None = None
        """Why the workers could not start."""
        self.races = 0
        """Races handed to the workers so far."""
        self._settled = threading.Event()
        """start() finished, well or not."""
        self._closed = False
        self._shut_down = False
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        self._inboxes: dict[int, queue.Queue] = {}
        self._warm_pids: set[int] = set()
        self._all_warm = threading.Event()
        self._executor: Any = None
        self._broken = False
        self._context: Any = None
        self._results: Any = None
        self._cancel_flags: Any = None
        self._warm: "ResolvedScenario | None" = None
        self._dispatcher: threading.Thread | None = None

    # ---- life cycle

    @property
    def closed(self) -> bool:
        """shutdown() was called (by the owner, not because the workers failed to start)."""
        return self._shut_down

    @property
    def ready(self) -> bool:
        return self._settled.is_set() and self.failure is None and not self._closed

    def start(self, warm: "ResolvedScenario | None" = None) -> None:
        """Start the workers and wait until each imported the engine and stepped `warm` once.

        Raises PoolUnavailable (and remembers why) when processes cannot start here.
        """
        try:
            if self.workers < 1:
                raise PoolUnavailable("worker processes are turned off (QUIZSIM_WORKERS=0)")
            import multiprocessing

            methods = multiprocessing.get_all_start_methods()
            method = "forkserver" if "forkserver" in methods else "spawn"
            self._context = multiprocessing.get_context(method)
            if method == "forkserver":
                # Each worker is forked from a server that imported the engine once.
                quiet = ["quizsim.race.quiet_children"] if self.quiet else []
                self._context.set_forkserver_preload([*quiet, "quizsim.race.pool", "quizsim.sim"])
            _ensure_resource_tracker()
            self._warm = warm
            with self._lock:  # shutdown() meanwhile finds either nothing or everything to stop
                if self._closed:
                    raise PoolUnavailable("the pool was shut down before it started")
                self._results = self._context.Queue()
                self._cancel_flags = self._context.RawArray("b", CANCEL_SLOTS)
                self._dispatcher = threading.Thread(
                    target=self._dispatch, args=(self._results,), name="quizsim-race-pool", daemon=True
                )
                self._dispatcher.start()
                self._executor = self._new_executor()
            # Tasks that make the executor start every worker now (it starts them on demand).
            pings = [self._executor.submit(os.getpid) for _ in range(self.workers)]
            for ping in pings:
                ping.result(timeout=START_TIMEOUT_S)
            if not self._all_warm.wait(START_TIMEOUT_S):
                raise PoolUnavailable("the worker processes did not become ready")
        except Exception as exc:
            self.failure = str(exc) if isinstance(exc, PoolUnavailable) else f"{type(exc).__name__}: {exc}"
            self._settled.set()
            self._stop()
            raise PoolUnavailable(self.failure) from exc
        self._settled.set()

    def _new_executor(self) -> Any:
        from concurrent.futures import ProcessPoolExecutor

        self._warm_pids.clear()
        self._all_warm.clear()
        return ProcessPoolExecutor(
            max_workers=self.workers, mp_context=self._context, initializer=_init_worker,
            initargs=(self._results, self._cancel_flags, self._warm, self.quiet, os.getpid()),
        )

    def pids(self) -> list[int]:
        """Process ids of the live workers (for tests and the shutdown check)."""
        executor = self._executor
        processes = getattr(executor, "_processes", None) or {}
        return sorted(p.pid for p in list(processes.values()) if p.pid is not None)

    def shutdown(self) -> None:
        """Stop every race, end the worker processes (terminating any that do not stop) and the dispatcher."""
        self._shut_down = True
        self._stop()

    def _stop(self) -> None:
        with self._lock:
            self._closed = True
            executor, self._executor = self._executor, None
            results, self._results = self._results, None
            dispatcher, self._dispatcher = self._dispatcher, None
        if self._cancel_flags is not None:
            self._cancel_flags[:] = b"\x01" * CANCEL_SLOTS
        for inbox in list(self._inboxes.values()):
            inbox.put((-1, "closed", None))
        if executor is not None:
            processes = list((getattr(executor, "_processes", None) or {}).values())
            executor.shutdown(wait=False, cancel_futures=True)
            for process in processes:
                process.join(STOP_TIMEOUT_S)
                if process.is_alive():
                    process.terminate()
                    process.join(STOP_TIMEOUT_S)
        if results is not None:
            if dispatcher is not None and dispatcher.is_alive():
                results.put(None)
                dispatcher.join(STOP_TIMEOUT_S)
            results.close()
            results.cancel_join_thread()
        self._settled.set()

    def _dispatch(self, results: Any) -> None:
        """Route every message from the workers to the inbox of its race; drop the rest."""
        while True:
            try:
                item = results.get()
            except (EOFError, OSError, ValueError):
                return
            if item is None:
                return
            race_id, share, kind, payload = item
            if race_id == WARM:
                self._warm_pids.add(payload)
                if len(self._warm_pids) >= self.workers:
                    self._all_warm.set()
                continue
            inbox = self._inboxes.get(race_id)
            if inbox is not None:
                inbox.put((share, kind, payload))

    # ---- races

    def race(
        self, plans: Sequence[RunPlan], seed: int, cancel: threading.Event, emit: Callable[[RaceBatch], Any],
    ) -> RaceOutcome:
        """Like `runner.race`, with the runs in the worker processes; blocks the calling thread until done.

        Raises RaceCancelled when `cancel` is set or the pool shuts down, PoolUnavailable when the workers
        never started. An option whose run raises becomes that option's error; a worker that dies turns
        its options into errors and the pool starts fresh workers for the next race.
        """
        self._settled.wait()
        if self.failure is not None:
            raise PoolUnavailable(self.failure)
        outcome = RaceOutcome()
        for plan in plans:
            if plan.resolved is None:
                outcome.errors[plan.option_id] = plan.error or "cannot be simulated"
        live = [p for p in plans if p.resolved is not None]
        if not live:
            return outcome
        race_id = next(self._ids)
        slot = race_id % CANCEL_SLOTS
        inbox: queue.Queue = queue.Queue()
        count = min(self.workers, len(live))
        shares = [live[i::count] for i in range(count)]
        futures: dict[int, Any] = {}
        finished = False
        results: dict[str, Any] = {}
        with self._lock:
            if self._closed:
                raise RaceCancelled()
            if self._broken:
                self._restart()
            self._cancel_flags[slot] = 0
            self._inboxes[race_id] = inbox
            self.races += 1
            for attempt in (1, 2):
                try:
                    for share, share_plans in enumerate(shares):
                        futures[share] = self._executor.submit(
                            _race_share, race_id, share, share_plans, seed, max(1, MAX_BATCHES // count)
                        )
                    break
                except Exception as exc:  # a worker died since the last race: the executor refuses work
                    for future in futures.values():
                        future.cancel()
                    futures.clear()
                    if attempt == 2:
                        self._inboxes.pop(race_id, None)
                        raise PoolUnavailable(f"{type(exc).__name__}: {exc}") from exc
                    self._restart()
        try:
            open_shares = set(futures)
            while open_shares:
                if cancel.is_set():
                    raise RaceCancelled()
                try:
                    share, kind, payload = inbox.get(timeout=POLL_S)
                except queue.Empty:
                    self._check_workers(futures, open_shares, shares, outcome)
                    continue
                if kind == "batch":
                    emit(payload)
                elif kind == "done":
                    results.update(payload.results)
                    outcome.errors.update(payload.errors)
                    open_shares.discard(share)
                elif kind == "failed":
                    for plan in shares[share]:
                        outcome.errors[plan.option_id] = payload
                    open_shares.discard(share)
                else:  # "cancelled" by us, or "closed": the pool is shutting down
                    raise RaceCancelled()
            finished = True
        finally:
            self._inboxes.pop(race_id, None)
            if not finished:
                self._cancel_flags[slot] = 1
                for future in futures.values():
                    future.cancel()
        # Results in the order of the plans, whatever order the workers finished in.
        outcome.results = {p.option_id: results[p.option_id] for p in live if p.option_id in results}
        return outcome

    def _check_workers(self, futures: dict[int, Any], open_shares: set[int], shares: list[list[RunPlan]], outcome: RaceOutcome) -> None:
        """A task that ended with an exception sends no "done": its worker died or its input did not pickle."""
        from concurrent.futures.process import BrokenProcessPool

        for share in list(open_shares):
            future = futures[share]
            if not future.done() or future.cancelled() or future.exception() is None:
                continue
            exc = future.exception()
            if isinstance(exc, BrokenProcessPool):
                reason = "the worker process running it stopped unexpectedly"
                with self._lock:
                    self._broken = True
            else:
                reason = f"{type(exc).__name__}: {exc}"
            for plan in shares[share]:
                outcome.errors[plan.option_id] = reason
            open_shares.discard(share)

    def _restart(self) -> None:
        """Replace a broken executor (a worker died) with fresh, warm workers. Called with the lock held."""
        old = self._executor
        if old is not None:
            old.shutdown(wait=False, cancel_futures=True)
        self._executor = self._new_executor()
        self._broken = False
        for _ in range(self.workers):
            self._executor.submit(os.getpid)

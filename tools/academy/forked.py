"""Work done in a second, forked process while this one goes on (two cores, two tasks).

Three steps use it: half of the parsing of a large course (model/loader.py), the
near-duplicate search of a whole check of 10,000 prompts or more (checks/similar.py), and the
check of `academy build` while MkDocs starts (cli.py). The work is a function of no arguments:
the forked process starts with a copy of this one's memory, so nothing but the result is
pickled. Wherever no process can be forked, or the second one fails, the work runs here when
its result is asked for: the result is the same either way.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, Generic, TypeVar

T = TypeVar("T")
_work: list[Callable[[], Any]] = []  # what the forked process runs: set just before it forks


def can_fork() -> bool:
    """Whether a second process may be forked: more than one core, fork available, and this
    process runs one thread (forking a process with threads, such as a live-reload server,
    may copy a lock that one of them holds)."""
    return ((os.cpu_count() or 1) > 1 and threading.active_count() == 1
            and "fork" in multiprocessing.get_all_start_methods())


class Beside(Generic[T]):
    """``work()`` begun in a second process (``forked``), or to be run here by :meth:`result`."""

    def __init__(self, work: Callable[[], T]) -> None:
        self.work = work
        self.pool: ProcessPoolExecutor | None = None
        self.future: Future[T] | None = None
        if not can_fork():
            return
        sys.stdout.flush()  # the forked process writes out what it inherits buffered
        sys.stderr.flush()
        _work[:] = [work]
        try:
            self.pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"))
            self.future = self.pool.submit(_run)  # forks now: the process has its copy of _work
        except (OSError, RuntimeError):  # no process could be made
            self._end()
        finally:
            _work.clear()

    @property
    def forked(self) -> bool:
        return self.future is not None

    def result(self) -> T:
        """The work's result: waits for the second process, or runs the work here."""
        if self.future is None:
            return self.work()
        try:
            return self.future.result()
        except Exception:  # the second process failed or was killed: the work runs here
            return self.work()
        finally:
            self._end()

    def _end(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True)
        self.pool = self.future = None


def _run() -> Any:
    return _work[0]()

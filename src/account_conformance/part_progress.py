"""The parent's progress lines in a run with workers: one as each worker finishes.

``parallel.run_workers`` calls a ``PartProgress`` (its ``on_part`` callback) from the thread
that waited for the worker, right after the worker's part was marked, so the line reports
the part as written: ``[1/3 parts] worker 2: 14 scenarios, 1 not passed``; a worker that
wrote no results gets its reason instead (``[3/3 parts] worker 3 wrote no results ...``).
"""

from __future__ import annotations

import threading
from typing import TextIO

from .parallel import Part

NOT_PASSED = ("failed", "error")


class PartProgress:
    """Prints ``[k/n parts] ...`` to ``stream`` as each of ``n`` workers finishes."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.finished = 0
        self.lock = threading.Lock()  # the callbacks come from the workers' threads

    def __call__(self, index: int, of: int, outcome: Part | str) -> None:
        """Worker ``index`` of ``of`` finished: its part, or why it wrote none."""
        if isinstance(outcome, str):
            text = outcome
        else:
            scenarios = outcome.results.get("scenarios", [])
            bad = sum(1 for s in scenarios if s.get("status") in NOT_PASSED)
            text = f"worker {index}: {len(scenarios)} scenarios, {bad} not passed"
        with self.lock:
            self.finished += 1
            print(f"[{self.finished}/{of} parts] {text}", file=self.stream, flush=True)

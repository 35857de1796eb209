"""Answers of the analytic queries, kept per state of the tables, each computed once however many ask.

The workspace asks for six topics at once whenever its scope changes, and the topics share queries
(the warnings read the landscape's origin and the key patents' ranking, the layout and the warnings
the fields' specialisation); an analyst also comes back to a scope they looked at. A query run on the same
tables with the same values gives the same rows, so :class:`Answers` keeps each answer until the tables
change (:meth:`Answers.clear`), and a second caller that asks while the first is still counting waits for
that answer instead of counting again. The answers kept hold at most :data:`MAX_CELLS` cells (rows x columns)
in all, a few hundred MiB at most (one larger than that is handed to its caller and not kept), the least
recently used going first.

>>> import pandas as pd
>>> answers = Answers()
>>> pending = answers.begin("q")
>>> answers.get("q") is pending
True
>>> answers.keep("q", pending, pd.DataFrame({"n": [1]}))
>>> int(answers.get("q").result().n[0])
1
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable
from concurrent.futures import Future
from typing import Any

import pandas as pd

__all__ = ["MAX_CELLS", "Answers"]

#: Cells (rows x columns) of all kept answers together (the least recently used are dropped first to stay within it).
MAX_CELLS = 5_000_000


class _Answer(Future[Any]):
    """An answer (a query's DataFrame, or a whole analysis's result), done or pending, and the state of the
    tables it was begun on."""

    def __init__(self, generation: int) -> None:
        super().__init__()
        self.generation = generation
        self.cells = 0


class Answers:
    """Answers by key (the query text and its bound values), for one state of the tables.

    ``get`` gives the answer of a key, finished or still being computed (a :class:`~concurrent.futures.Future`),
    or ``None``; whoever gets ``None`` computes it between ``begin`` and ``keep`` (or ``fail``).
    An answer begun before a :meth:`clear` is handed to those waiting for it but not kept.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._kept: OrderedDict[Hashable, _Answer] = OrderedDict()
        self._generation = 0
        self._cells = 0

    def get(self, key: Hashable) -> _Answer | None:
        """The answer of ``key``, done or pending, or ``None`` when nobody has asked since the tables changed."""
        with self._lock:
            answer = self._kept.get(key)
            if answer is not None:
                self._kept.move_to_end(key)
            return answer

    def begin(self, key: Hashable) -> _Answer:
        """Note that the caller computes ``key`` now; others asking meanwhile wait for the returned future."""
        with self._lock:
            answer = self._kept[key] = _Answer(self._generation)
        return answer

    def keep(self, key: Hashable, answer: _Answer, frame: pd.DataFrame | Any, cells: int | None = None) -> None:
        """Hand ``frame`` to those waiting and keep it, unless it is too large or the tables changed meanwhile.

        ``cells`` is its size against :data:`MAX_CELLS`: a DataFrame's own ``size`` unless given (for another
        kind of answer, such as an analysis's tables by name).
        """
        answer.set_result(frame)
        if cells is None:
            cells = frame.size
        with self._lock:
            if cells > MAX_CELLS or answer.generation != self._generation or self._kept.get(key) is not answer:
                self._drop(key, answer)
                return
            answer.cells = cells
            self._cells += cells
            while self._cells > MAX_CELLS:
                oldest, first = next(iter(self._kept.items()))
                self._drop(oldest, first)

    def fail(self, key: Hashable, answer: _Answer, error: BaseException) -> None:
        """Hand ``error`` to those waiting; the next caller computes the key again."""
        answer.set_exception(error)
        with self._lock:
            self._drop(key, answer)

    def clear(self) -> None:
        """The tables changed: forget every answer."""
        with self._lock:
            self._kept.clear()
            self._cells = 0
            self._generation += 1

    def _drop(self, key: Hashable, answer: _Answer) -> None:
        """Forget ``key`` if ``answer`` is what it holds (the lock held)."""
        if self._kept.get(key) is answer:
            del self._kept[key]
            self._cells -= answer.cells

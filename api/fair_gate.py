"""Hand out a fixed number of query slots fairly across clients.

Waiting queries are served by *rank*, then by arrival: a query's rank is how many
queries its client already had running or waiting when it arrived. So each client's
first waiting query goes before any client's second, its second before any third, and
so on — round-robin across clients — and a client that floods the endpoint delays
another client's query by at most the slots already running, never by its own backlog.

Optionally ``per_client`` caps a client's running plus waiting queries; past it
:meth:`FairGate.acquire` raises :class:`TooManyQueries` at once.

>>> gate = FairGate(slots=1, per_client=0)
>>> gate.acquire("10.0.0.1", timeout=1)
True
>>> gate.release("10.0.0.1")
>>> gate.waiting()
0
"""

from __future__ import annotations

import itertools
import threading
import time

__all__ = ["FairGate", "TooManyQueries"]


class TooManyQueries(Exception):  # noqa: N818 - the name says what happened
    """The client already has ``limit`` queries running or waiting."""

    def __init__(self, client: str, limit: int) -> None:
        super().__init__(f"{client} already has {limit} queries running or waiting")
        self.client, self.limit = client, limit


class FairGate:
    """``slots`` concurrent holders; waiters ordered by (client's rank on arrival, arrival)."""

    def __init__(self, slots: int, per_client: int = 0) -> None:
        self.slots, self.per_client = slots, per_client
        self._free = slots
        self._cond = threading.Condition()
        self._held: dict[str, int] = {}  # client -> running + waiting
        self._queue: list[tuple[int, int, str]] = []  # (rank, arrival, client), kept sorted
        self._arrivals = itertools.count()

    def acquire(self, client: str, timeout: float) -> bool:
        """Wait up to ``timeout`` seconds for a slot for ``client``; ``False`` if none came.

        Raises :class:`TooManyQueries` when ``client`` is at its ``per_client`` cap.
        """
        deadline = time.monotonic() + timeout
        with self._cond:
            held = self._held.get(client, 0)
            if self.per_client and held >= self.per_client:
                raise TooManyQueries(client, self.per_client)
            ticket = (held, next(self._arrivals), client)
            self._held[client] = held + 1
            self._queue.append(ticket)
            self._queue.sort()
            while not (self._free > 0 and self._queue[0] == ticket):
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    self._queue.remove(ticket)
                    self._drop(client)
                    self._cond.notify_all()  # the head may have changed
                    return False
                self._cond.wait(remaining)
            self._queue.pop(0)
            self._free -= 1
            self._cond.notify_all()  # the next in line may take another free slot
            return True

    def release(self, client: str) -> None:
        """Give back the slot ``client`` got from :meth:`acquire`."""
        with self._cond:
            self._free += 1
            self._drop(client)
            self._cond.notify_all()

    def waiting(self, client: str | None = None) -> int:
        """How many queries wait (for ``client`` only, if given)."""
        with self._cond:
            return sum(1 for _, _, c in self._queue if client is None or c == client)

    def _drop(self, client: str) -> None:
        left = self._held[client] - 1
        if left:
            self._held[client] = left
        else:
            del self._held[client]

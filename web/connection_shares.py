"""An even share of the open connections for each server process of `accord serve --processes N`.

Browsers and API clients keep their connections open, so the process a connection lands on answers
all of its requests. The kernel does not spread them evenly: over one shared listening socket the
process that woke first took most of them (17 of 20), and SO_REUSEPORT hashes each connection's
addresses to a process, which splits 20 connections 14/6 or 12/9 as often as 10/10. A process
holding more connections than the others queues their requests on its one core (Python runs one
thread at a time) while another core idles: their latency, and the slowest requests of all, grow
with its share.

So the processes share one listening socket, and each tells the others, through a table in
memory shared before fork(), how many connections it has open; a process accepts a new one only
while no other live process has fewer. The one with the fewest always accepts, so a connection
is never left waiting for a process that will not take it."""
from __future__ import annotations

import ctypes
import multiprocessing
import time

STALE_SECONDS = 3.0   # a process whose event loop has not reported for this long (hung, gone) is not
                      # deferred to; waitress's loop runs at least once a second (asyncore_loop_timeout)


class ConnectionShares:
    """Open connections per server process (one slot each), in shared memory made before fork()."""

    def __init__(self, processes: int):
        self.processes = processes
        self._open = multiprocessing.RawArray(ctypes.c_int, processes)
        self._seen = multiprocessing.RawArray(ctypes.c_double, processes)   # time.monotonic(): system-wide

    def may_accept(self, slot: int, open_now: int) -> bool:
        """Record that the process in `slot` has `open_now` connections; True when it should accept
        another: no live process has fewer."""
        now = time.monotonic()
        self._open[slot] = open_now
        self._seen[slot] = now
        return all(open_now <= self._open[other] for other in range(self.processes)
                   if other != slot and now - self._seen[other] < STALE_SECONDS)

    def forget(self, slot: int) -> None:
        """The process in `slot` ended: not deferred to until its replacement reports."""
        self._seen[slot] = 0.0


def accept_fair_share(server, shares: ConnectionShares, slot: int) -> None:
    """Make a waitress server (one listening socket) accept only its share of the connections: its
    readiness to accept, asked on every turn of its event loop, also asks `shares`."""
    accepting = server.readable
    fixed = len(server._map)   # the listening socket and the wake-up pipe: the same in every process

    def readable() -> bool:
        return accepting() and shares.may_accept(slot, len(server._map) - fixed)
    server.readable = readable

"""web/connection_shares.py: a server process accepts a connection only while no live process has fewer."""
from __future__ import annotations

import time

from web import connection_shares
from web.connection_shares import ConnectionShares


def test_the_process_with_fewest_connections_accepts_and_the_others_wait():
    shares = ConnectionShares(3)
    assert shares.may_accept(0, 0)            # the others have not reported: not waited for
    assert shares.may_accept(1, 0) and shares.may_accept(2, 0)
    assert not shares.may_accept(0, 1)        # ahead of 1 and 2
    assert not shares.may_accept(1, 1)        # ahead of 2 (0 open)
    assert shares.may_accept(2, 1)            # even with the others: every one accepts
    assert shares.may_accept(0, 1) and shares.may_accept(1, 1)


def test_a_process_that_stopped_reporting_or_ended_is_not_waited_for(monkeypatch):
    shares = ConnectionShares(2)
    shares.may_accept(1, 0)
    assert not shares.may_accept(0, 5)
    shares.forget(1)                          # the supervisor saw it end
    assert shares.may_accept(0, 5)
    shares.may_accept(1, 0)
    assert not shares.may_accept(0, 5)
    later = time.monotonic() + connection_shares.STALE_SECONDS + 1
    monkeypatch.setattr(connection_shares.time, "monotonic", lambda: later)   # hung: no report since
    assert shares.may_accept(0, 5)

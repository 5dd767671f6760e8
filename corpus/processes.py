"""Which process holds a claim (a lock in Redis, a row in the store), and whether it provably died.

A holder is named `host:pid:token` (the token tells two holders of one process apart). Only a holder
on this machine can be judged from here: no process with its pid means it died. A pid since reused
by another process counts as alive, and a holder on another machine is never judged dead from here:
those claims end by their lease (the holder stops renewing it)."""
from __future__ import annotations

import os
import socket
import uuid


def holder_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def holder_process(holder: str | None) -> str:
    """host:pid of a holder, for messages."""
    return ":".join(holder.split(":")[:2]) if holder else "another process"


def provably_dead(holder: str) -> bool:
    parts = holder.split(":")
    if len(parts) < 2 or parts[0] != socket.gethostname() or not parts[1].isdigit():
        return False
    try:
        os.kill(int(parts[1]), 0)
    except ProcessLookupError:
        return True
    except PermissionError:   # alive, under another user
        return False
    return False

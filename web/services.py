"""Wiring: builds the store, the search index and the classifier from one Config
and connects them (ingest -> index, labels -> index, ...).

This is the only place that knows all of ingest/, search/ and classifier/; those
packages never import each other.
"""
from __future__ import annotations

import logging
from functools import cached_property

from corpus.config import Config
from corpus.store import Store

log = logging.getLogger("accord")


class Services:
    """Lazily-built collaborators for one Config. Create one per process."""

    def __init__(self, config: Config):
        self.config = config

    @cached_property
    def store(self) -> Store:
        return Store(self.config)

    def close(self) -> None:
        if "store" in self.__dict__:
            self.store.dispose()

"""Search: the facade over whoosh. Nothing outside this package imports whoosh.

    from search import open_index
    index = open_index(config, store)
    results = index.search("party:ICE \"terms of the agreement\"", principal=principal)
"""
from __future__ import annotations

from search.index import SearchIndex
from search.writing import IndexWriter
from search.results import Hit, SearchResults

__all__ = ["open_index", "SearchIndex", "SearchResults", "Hit", "IndexWriter"]


def open_index(config, store, *, source=None) -> SearchIndex:
    """The index in config.index_dir, rebuilt from the store when missing or outdated."""
    from search.source import StoreSource
    from search.synonyms import SynonymFile
    return SearchIndex(config.index_dir, source or StoreSource(store), procs=config["ACCORD_JOBS"],
                       synonyms=SynonymFile(config.synonyms_file))

"""Concept groups as data: words that mean the same in this domain ("share", "disclose",
"exchange", "provide access"). A query word also finds the other members of its group, each
weighted below the literal word (CONCEPT_WEIGHT), so a document saying "disclosures" answers
"data sharing" without outranking one that says "sharing".

The table is a text file (one group a line, comma-separated; # starts a comment) that admins
edit on the search settings page. It is read when searching (re-read when the file changes),
so an edit needs no reindex. Until the file exists the built-in groups apply. The acronym
table (search.analysis.SYNONYMS) stays in code: it expands, it does not group.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

from corpus.errors import UsageError
from search.analysis import is_stop, stems

CONCEPT_WEIGHT = 0.5
MAX_GROUPS = 2000
DEFAULT_TEXT = """\
# Words that mean the same here, one group a line, comma-separated. A word you search for also
# finds the others in its group, ranked below the word itself. Phrases are allowed.
share, disclose, disclosure, exchange, provide access
agreement, arrangement
memorandum, memo
"""


@dataclass
class ConceptTable:
    groups: list[list[tuple[str, ...]]] = field(default_factory=list)    # members as stem sequences
    by_stem: dict[str, list[int]] = field(default_factory=dict)          # single-word member -> groups

    def alternatives(self, stem: str) -> list[tuple[str, ...]]:
        """The other members of every group holding the one-word member `stem`."""
        out: list[tuple[str, ...]] = []
        for g in self.by_stem.get(stem, ()):
            out.extend(m for m in self.groups[g] if m != (stem,) and m not in out)
        return out


def parse_table(text: str) -> ConceptTable:
    """The table in a file's text. Raises UsageError naming the line of a malformed group."""
    table = ConceptTable()
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        members = []
        for raw in line.split(","):
            seq = tuple(s for s in stems(raw) if not is_stop(s)) if len(stems(raw)) > 1 else tuple(stems(raw))
            if seq and seq not in members:
                members.append(seq)
        if len(members) < 2:
            raise UsageError(f"line {number} of the synonym table has fewer than two words: {line!r}",
                             hint="Write a group as comma-separated words, e.g. share, disclose, exchange.")
        table.groups.append(members)
        for m in members:
            if len(m) == 1:
                table.by_stem.setdefault(m[0], []).append(len(table.groups) - 1)
        if len(table.groups) > MAX_GROUPS:
            raise UsageError(f"the synonym table has more than {MAX_GROUPS} groups")
    return table


class SynonymFile:
    """The table behind a path, re-read when the file's mtime changes."""

    def __init__(self, path: Path | None):
        self.path = Path(path) if path else None
        self._lock = threading.Lock()
        self._stamp: object = None
        self._table = parse_table(DEFAULT_TEXT)

    def text(self) -> str:
        if self.path is not None and self.path.is_file():
            return self.path.read_text(encoding="utf-8")
        return DEFAULT_TEXT

    def table(self) -> ConceptTable:
        try:
            stamp = self.path.stat().st_mtime_ns if self.path is not None else None
        except OSError:
            stamp = None
        with self._lock:
            if stamp != self._stamp:
                try:
                    self._table = parse_table(self.text())
                except UsageError:   # a hand-edited file that no longer parses: keep the last good table
                    pass
                self._stamp = stamp
            return self._table

    def save(self, text: str) -> ConceptTable:
        """Check, then replace the file (atomically). Raises UsageError for a malformed table."""
        table = parse_table(text)
        if self.path is None:
            raise UsageError("no synonym file is configured", hint="Set ACCORD_SYNONYMS_FILE.")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
        tmp.replace(self.path)
        return table

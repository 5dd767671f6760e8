"""A cover table that sets its labels on one row and their values on the row under it, as state contracts do:

    | Agreement Maximum Amount      | Initial Agreement Expiration Date |
    | $412,600.00                   | June 30, 2026                     |

A date in a cell whose label, straight above in the same column, names the agreement's own start or end is that start
or end. Only labels that name the agreement ("Contract Effective Date", "Initial Agreement Expiration Date") count: a
bare "Effective Date" column may list amendments or rates, one row each."""
from __future__ import annotations

import re

_AGREEMENT_LABEL = re.compile(r"^(?:Initial\s+)?(?:Agreement|Contract|MOU|MOA|IAA|Grant)\s+(?P<which>Effective|Start|Beginning|"
                              r"Expiration|Expiry|End|Termination)\s+Date$", re.IGNORECASE)
# a table's cells: between pipes, or set apart by two spaces or more
_CELL = re.compile(r"[^|\s](?:[^|]*?[^|\s])?(?=\s{2,}|\s*\||\s*$)")


def column_label(text: str, position: int) -> tuple[str, str] | None:
    """("start" | "end", label) where the date at position sits under a label naming the agreement's start or end."""
    line_start = text.rfind("\n", 0, position) + 1
    if line_start < 2:
        return None
    above_start = text.rfind("\n", 0, line_start - 1) + 1
    above = text[above_start:line_start - 1]
    column = position - line_start
    for cell in _CELL.finditer(above):
        if cell.start() <= column < max(cell.end(), cell.start() + 1) or \
                (cell.start() <= column and not above[cell.end():column].strip(" |") and column - cell.end() < 3):
            label = _AGREEMENT_LABEL.match(" ".join(cell.group(0).split()))
            if label:
                which = label["which"].lower()
                return ("start" if which in ("effective", "start", "beginning") else "end"), label.group(0)
            return None
    return None

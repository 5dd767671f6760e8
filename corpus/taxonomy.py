"""The label vocabulary as data: agreement types, directive scopes, release flags.

The default (corpus/taxonomy.json) follows the agency's directive; an organisation can
point ACCORD_TAXONOMY_FILE at its own JSON of the same shape and train on its own labels.

Field names used in ExtractedField.name across the project (metadata writes them,
search indexes them, web shows them):
    title, kind_hint, party, agency, state, program_model, effective_date,
    signature_date, term, expiry_date, signatory, authority, jurisdiction,
    foia_code (one per distinct code; attributes["count"]), restricted_flag (normalized = flag code),
    pii_count (normalized = "ssn" | "a_number" | "dob"; value = the count, never the PII itself),
    data_direction (normalized = "outbound" | "inbound" | "both" | "internal"; see corpus/direction.py)
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from corpus.errors import ConfigError

DEFAULT_TAXONOMY = Path(__file__).with_name("taxonomy.json")


@dataclass(frozen=True)
class Taxonomy:
    name: str
    types: tuple[dict, ...]
    scopes: tuple[dict, ...]
    restricted_flags: tuple[dict, ...]
    foia_codes: tuple[str, ...]

    @property
    def type_codes(self) -> list[str]:
        return [t["code"] for t in self.types]

    @property
    def scope_codes(self) -> list[str]:
        return [s["code"] for s in self.scopes]

    @property
    def flag_codes(self) -> list[str]:
        return [f["code"] for f in self.restricted_flags]

    def label_of(self, code: str) -> str:
        for entry in (*self.types, *self.scopes, *self.restricted_flags):
            if entry["code"] == code:
                return entry["label"]
        return code

    def type_entry(self, code: str) -> dict | None:
        return next((t for t in self.types if t["code"] == code), None)


@lru_cache(maxsize=8)
def load_taxonomy(path: str | None = None) -> Taxonomy:
    source = Path(path) if path else DEFAULT_TAXONOMY
    try:
        data = json.loads(source.read_text(encoding="utf-8"))
        return Taxonomy(name=data.get("name", source.stem), types=tuple(data["types"]),
                        scopes=tuple(data.get("scopes", ())), restricted_flags=tuple(data.get("restricted_flags", ())),
                        foia_codes=tuple(data.get("foia_codes", ())))
    except (OSError, ValueError, KeyError) as exc:
        raise ConfigError(f"cannot load taxonomy {source}: {exc}",
                          hint="ACCORD_TAXONOMY_FILE must be JSON with a 'types' list of {code, label}.") from exc


_FOIA_CODE = re.compile(r"\(b\)\(\d\)(?:\([A-Fa-f]\))?")


def is_foia_code(code: str) -> bool:
    """A FOIA exemption code as metadata extraction writes it ("(b)(6)", "(b)(7)(C)"). Release flags
    hold both these and restricted categories; search facets keep the two apart."""
    return bool(_FOIA_CODE.fullmatch(code.strip()))

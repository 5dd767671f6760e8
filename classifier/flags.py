"""Release flags: FOIA exemption codes and release-restricted categories found by metadata
extraction (fields `foia_code` and `restricted_flag`) become reviewable tags (label kind "flag")."""
from __future__ import annotations

from typing import Iterable, Mapping, Sequence

from corpus.taxonomy import Taxonomy

SNIPPET_CHARS = 160


def _evidence(field: Mapping, pages: Sequence[str]) -> dict | None:
    page, start, end = field.get("page"), field.get("start"), field.get("end")
    if page is None:
        return None
    text = ""
    if start is not None and end is not None and 0 < page <= len(pages):
        page_text = pages[page - 1]
        left = max(0, start - SNIPPET_CHARS // 2)
        text = " ".join(page_text[left:end + SNIPPET_CHARS // 2].split())
    return {"text": text or str(field.get("value", "")), "page": page, "start": start, "end": end}


def flags_from_fields(fields: Iterable[Mapping], taxonomy: Taxonomy, pages: Sequence[str] = ()) -> list[dict]:
    """[{code, kind: foia|restricted, label, evidence: [...]}] — one per distinct code, in order of
    first appearance; codes outside the taxonomy are kept (a reviewer can reject them)."""
    flags: dict[str, dict] = {}
    for field in fields:
        name = field.get("name")
        if name == "foia_code":
            code, kind = str(field.get("normalized") or field.get("value") or "").strip(), "foia"
            label = f"FOIA exemption {code}"
        elif name == "restricted_flag":
            code, kind = str(field.get("normalized") or field.get("value") or "").strip(), "restricted"
            label = taxonomy.label_of(code)
        else:
            continue
        if not code:
            continue
        flag = flags.setdefault(code, {"code": code, "kind": kind, "label": label, "evidence": []})
        evidence = _evidence(field, pages)
        if evidence and len(flag["evidence"]) < 3:
            flag["evidence"].append(evidence)
    return list(flags.values())

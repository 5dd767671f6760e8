"""Where a party sits and what kind it is: a placeless office completed with its place ("the Sheriff's
Office" -> "Harris County Sheriff's Office", complete_span), the organisation it belongs to (a component within its
department, a sheriff's office within its county), and its kind from corpus.organisations."""
from __future__ import annotations

import re
from functools import lru_cache

from corpus.organisations import DHS_COMPONENTS, dhs_component, party_kind
from ingest.metadata.names import normalize_name, same_organisation
from ingest.metadata.spans import Span

# a local office named without its place is a fragment of a name ("Sheriff's Office" without its county)
_PLACELESS_OFFICE = re.compile(r"^(?:the\s+)?(?:Sheriff[’']?s?\s+(?:Office|Department)|Office\s+of\s+the\s+Sheriff|"
                               r"Police\s+Department|County|City|State|Department|Agency|Office)$", re.IGNORECASE)


def is_fragment(name: str) -> bool:
    return bool(_PLACELESS_OFFICE.match(name.strip()))


def complete_span(text: str, span: Span) -> Span | None:
    """A placeless office where the text names its place, as a span of its own: "the Sheriff's
    Office" -> "Harris County Sheriff's Office" or "Sheriff's Office of Marlow County" (the first
    such name in the text). None when the text never says whose office it is."""
    if not is_fragment(span.text):
        return span
    office = re.sub(r"^the\s+", "", span.text.strip(), flags=re.IGNORECASE)
    if re.fullmatch(r"City|County", office, re.IGNORECASE):
        # "the City" of a text that names one city: that city ("the City of Alder Falls", "Alder County")
        pattern = (rf"\b{office}\s+of\s+(?:[A-Z][\w.'’-]+)(?:\s+[A-Z][\w.'’-]+)?" if office.lower() != "county"
                   else r"\b(?:[A-Z][\w.'’-]+\s+){1,2}County\b(?!\s+(?:of|Sheriff|Police|Board|Office|Department))")
        places = {" ".join(m.group(0).split()).lower(): m for m in re.finditer(pattern, text)}
        if len(places) == 1:
            m = next(iter(places.values()))
            return Span(m.start(), m.end(), " ".join(m.group(0).split()))
        return None
    if re.fullmatch(r"State|Department|Agency|Office", office, re.IGNORECASE):
        return None
    office = re.escape(office).replace(r"\ ", r"\s+").replace("’", "['’]").replace("'", "['’]")
    # the place's own words, not the article before it ("The Marlow County Sheriff's Office" -> "Marlow County ...")
    m = re.search(rf"\b(?!(?:The|This|Said|Such)\s)(?:[A-Z][\w.'’-]+\s+){{1,3}}(?:County|Parish|City|Borough)\s+{office}|"
                  rf"\b{office}\s+of\s+(?:the\s+)?(?:{_PLACE})", text)
    return Span(m.start(), m.end(), " ".join(m.group(0).split())) if m else None


_PLACE = r"(?:[A-Z][\w.'’-]+\s+){1,3}(?:County|Parish|Borough)|(?:County|City|Parish|Town|Village)\s+of\s+[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,2}"
# "Sheriff's Office of Marlow County": the office of a place
_OFFICE_OF_PLACE = re.compile(rf"^(?:Sheriff['’]?s?\s+(?:Office|Department)|Office\s+of\s+the\s+Sheriff|Police\s+Department)\s+of\s+"
                              rf"(?:the\s+)?(?P<parent>{_PLACE})$")
# "the Department of State's Bureau of Consular Affairs" (a sheriff's office is not the sheriff's child)
_POSSESSIVE = re.compile(r"^(?P<parent>.+)(?<!Sheriff)['’]s\s+(?P<child>[A-Z].+)$")
_LOCAL_OFFICE = re.compile(r"^(?P<parent>(?:[A-Z][\w.'’-]+\s+){1,3}(?:County|Parish|City|Borough))\s+"
                           r"(?:Sheriff|Police|Jail|Detention|Corrections|Constable|Marshal|Office|Department|Board|Fire|Health|Emergency)", re.IGNORECASE)


def parent_of(name: str, text: str) -> str | None:
    """The organisation the party belongs to, where the text says so: a possessive chain ("the
    Department of Justice's Federal Bureau of Investigation" -> Department of Justice), a county's
    sheriff's office, "<Department>, <component>" or "<component>, a component of <Department>"."""
    clean = " ".join(name.split())
    m = _LOCAL_OFFICE.match(clean) or _OFFICE_OF_PLACE.match(clean) or _POSSESSIVE.match(clean)
    if m:
        return m["parent"].strip()
    after_department, before_parent, under_department, after_comma = _name_patterns(clean)
    # the department's pattern is tried at every position of the text: only where the name follows a comma
    m = after_department.search(text) if after_comma.search(text) else None
    if m:
        return " ".join(m["department"].split())
    m = before_parent.search(text)
    if m:
        return " ".join(m["parent"].split()).rstrip(".,")
    # a title block naming the department on the line above its component: "THE DEPARTMENT OF DEFENSE" /
    # "DEFENSE FORENSICS AND BIOMETRICS AGENCY"
    m = under_department.search(text)
    if m:
        return " ".join(w if w in {"U.S."} else w.lower() if w in {"OF", "AND", "THE"} else w.capitalize()
                        for w in m["department"].split())
    component = dhs_component(clean)
    if component is not None and component.abbr != "DHS":      # ICE, CBP...: always within the Department
        return DHS_COMPONENTS[0].name
    return None


@lru_cache(maxsize=4096)
def _name_patterns(clean: str) -> tuple[re.Pattern, re.Pattern, re.Pattern, re.Pattern]:
    """parent_of's three patterns for one name, compiled once: a batch meets the same names again and
    again, and more distinct patterns than Python's own cache holds made it recompile them all. The
    fourth is the part every match of the first ends with (the name after a comma), searched for by its comma."""
    pattern = r"\s+".join(re.escape(w) for w in clean.split())
    upper = r"\s+".join(re.escape(w.upper()) for w in clean.split())
    return (re.compile(rf"(?P<department>(?:U\.\s?S\.\s+|United\s+States\s+)?(?:Department|Ministry)\s+of\s+(?:[A-Z]\w*\s+(?:and\s+)?)"
                       rf"{{0,3}}[A-Z]\w*)\s*(?:\([A-Z]{{2,6}}\)\s*)?,\s+(?:the\s+)?{pattern}"),
            re.compile(rf"{pattern}\s*(?:\([A-Z]{{2,6}}\))?\s*,?\s+(?:a|an|the)\s+(?:component|agency|bureau|office|division)\s+"
                       rf"(?:of|within)\s+(?:the\s+)?(?P<parent>(?:U\.\s?S\.\s+)?[A-Z][\w.]*(?:\s+(?:of(?:\s+the)?|and|[A-Z][\w.]*)){{1,6}})"),
            re.compile(rf"^[ \t]*(?:THE\s+)?(?P<department>(?:U\.\s?S\.\s+|UNITED\s+STATES\s+)?DEPARTMENT\s+OF\s+(?:THE\s+)?[A-Z]+"
                       rf"(?:\s+(?:AND\s+)?[A-Z]+){{0,3}})[ \t]*\n[ \t]*(?:THE\s+)?{upper}[ \t]*$", re.MULTILINE),
            re.compile(rf",\s+(?:the\s+)?{pattern}"))


def parent_of_any(name: str, others: list[str], text: str) -> bool:
    """Whether the name is the organisation another party sits within (the Department of Homeland
    Security over ICE): a department signing for its component is not a party beside it."""
    return any(parent and same_organisation(parent, name) for parent in (parent_of(other, text) for other in others))


def whole_component(name: str) -> str:
    """A DHS component's name cut short where OCR garbled the rest of its line ("U.S. Immigration"
    of "U.S. Immigration and Customs Enforcement") is that component; any other name is itself."""
    words = normalize_name(name).split()
    # the country alone ("United States", "U.S.") is no cut-short component
    country = 2 if words[:2] in (["u", "s"], ["united", "states"]) else 0
    if len(words) < 2 or len(words) == country or dhs_component(name) is not None:
        return name
    for component in DHS_COMPONENTS:
        full = normalize_name(component.name).split()
        if len(words) < len(full) and full[:len(words)] == words and words[-1] not in {"and", "of", "for"}:
            return component.name
    return name


def kind_of(name: str, parent: str | None = None) -> str | None:
    """The party's kind (DHS component, other federal, state, local, tribal, foreign, company, union),
    from the one classifier of organisations in corpus; a name of no known kind takes the kind of the
    organisation the text puts it within (a bureau of a federal department is federal). None = not known."""
    kind = party_kind(name)
    if kind == "unknown" and parent:
        kind = party_kind(parent)
    return None if kind == "unknown" else kind


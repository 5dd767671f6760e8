"""Metadata extraction stage: fills Document.fields (each with evidence) and Document.title.

Contract used by the ingest orchestrator and `accord reextract`:
    extract_metadata(doc: Document) -> None   # pure: reads doc.pages, writes doc.title / doc.fields
                                              # (keeping the file's own properties, FILE_PROPERTY)

Field names follow corpus/taxonomy.py. Rules do most of the work (they are fast and explainable);
spaCy is consulted only for short excerpts when the rules find nothing (see nlp.py).
"""
from __future__ import annotations

import re

from corpus.direction import read_direction
from corpus.document import FILE_PROPERTY, Document, Evidence, ExtractedField, Page
from corpus.taxonomy import Taxonomy, load_taxonomy
from ingest.metadata import (agency287g, date_roles, defined_term_parties, form_parties, heading, heading_parties, jurisdiction,
                             letter_parties, lettered_parties, line_ends, nlp, parties, party_hierarchy, party_merge,
                             party_text, signatures, subject_parties, term_clause, term_start, terms)
from ingest.metadata.authorities import authority_fields
from ingest.metadata.markings import foia_fields, pii_fields, restricted_fields
from ingest.metadata.named_period_end import end_of_named_period, end_of_performance_period
from ingest.metadata.signature_dates import signature_dates
from ingest.metadata.names import ORG_SUFFIX_WORDS, normalize_name, same_organisation

# bump when the extractors change, so `accord reextract` can tell stale documents apart
EXTRACTION_VERSION = 22  # what each version changed: ingest/metadata/CHANGES.md
# dates listed with their roles per document (a long contract cites hundreds; the first ones matter)
MAX_DATE_MENTIONS = 60


def _field(name: str, value: str, page: int, start: int, end: int, *, normalized: str | None = None,
           confidence: float = 0.8, extractor: str = "rules", **attributes) -> ExtractedField:
    return ExtractedField(name, value, normalized, Evidence(page, start, end), confidence, extractor, attributes)


def extract_metadata(doc: Document, taxonomy: Taxonomy | None = None) -> None:
    taxonomy = taxonomy or load_taxonomy()
    # a word broken at a line's end is read whole (the same length: evidence offsets still point into doc.pages)
    pages = [line_ends.page_rejoined(p) for p in doc.pages if p.text.strip()]
    fields: list[ExtractedField] = [f for f in doc.fields if f.name == FILE_PROPERTY]
    if not pages:
        doc.fields = fields
        return
    first = pages[0]
    body = "\n".join(p.text for p in pages[:3])

    running = heading.running_headers(pages)     # never a title, never a party
    block = heading.title_block(first.text, running)
    if block:
        start, end, title = block
        doc.title = title
        fields.append(_field("title", title, first.number, start, end, confidence=0.8, extractor="rules:heading"))
    else:
        # no title line in the text: the file's own Title property is evidence too (a file name never is)
        declared = heading.declared_title(fields)
        if declared:
            doc.title = declared.value
            fields.append(ExtractedField("title", declared.value, None, declared.evidence, 0.6, "file:property",
                                         {"source": "Title property"}))
    hint = heading.kind_hint(doc.title, body, taxonomy)
    is_287g = bool(hint and hint[0] == "287g") or agency287g.is_287g(body)
    if is_287g and (hint is None or hint[0] in ("moa", "mou")):
        hint = ("287g", hint[1] if hint else "287(g)")     # a 287(g) MOA is titled as a plain MOA
    if hint:
        code, words = hint
        where = _locate_first(pages, words) or (first.number, 0, 0)
        amendment = heading.AMENDMENT_WORDS.search(doc.title or "")
        fields.append(_field("kind_hint", code, *where, normalized=code, confidence=0.7, extractor="rules:heading",
                             **({"amendment": amendment.group(0)} if amendment else {})))

    # spaCy is asked for parties only when the rules found none in something that reads as an
    # agreement (memoranda, forms and directives have none, and the model costs ~50 ms a call)
    agreement_like = bool(hint and (taxonomy.type_entry(hint[0]) or {}).get("group") in ("agreement", "exempt", "other")) \
        or "AGREEMENT" in (doc.title or "").upper()
    fields += _party_fields(pages, is_287g, agreement_like, heading.declared_title(fields), doc.title,
                            running=running)
    # a memo's, notice's or assessment's date line dates no agreement; letters agreements do use one
    known_record = bool(hint and (taxonomy.type_entry(hint[0]) or {}).get("group") not in ("agreement", "exempt", "other"))
    fields += _date_fields(pages, not known_record)
    fields += _signatory_fields(pages)
    fields += authority_fields(pages)
    jurisdiction = _jurisdiction(pages)
    if jurisdiction:
        fields.append(jurisdiction)
    fields += foia_fields(doc.pages)
    fields += restricted_fields(doc.pages, taxonomy.flag_codes)
    fields += pii_fields(doc.pages)
    direction = _direction_field(pages, [f.value for f in fields if f.name in ("party", "agency")])
    if direction:
        fields.append(direction)
    doc.fields = fields


def _direction_field(pages: list[Page], parties: list[str]) -> ExtractedField | None:
    """The document's data direction (corpus.direction, the reading the scope rules use), its
    evidence the first sentence that shows it; how many sentences say so in the attributes."""
    reading = read_direction([p.text for p in pages], parties)
    deciding = reading.deciding
    if deciding is None:
        return None
    page = pages[deciding.page - 1]
    return _field("data_direction", reading.outcome, page.number, deciding.start, deciding.end,
                  normalized=reading.outcome, confidence=0.7, extractor="rules:direction",
                  statements=len(reading.statements), giver=deciding.giver, receiver=deciding.receiver)


def _locate_first(pages: list[Page], words: str) -> tuple[int, int, int] | None:
    for page in pages[:2]:
        i = page.text.find(words)
        if i >= 0:
            return page.number, i, i + len(words)
    return None


def _party_fields(pages: list[Page], is_287g: bool, looks_like_agreement: bool = True,
                  declared_title: ExtractedField | None = None, title: str = "", *,
                  running: frozenset[str]) -> list[ExtractedField]:
    """running: the running header and footer lines (heading.running_headers), none of them a party."""
    out: list[ExtractedField] = []
    first = pages[0]
    if is_287g:
        agency, confidence = agency287g.find_agency(pages)
        if agency:
            out.append(_field("agency", agency.text, agency.page, agency.start, agency.end,
                              normalized=normalize_name(agency.text), confidence=confidence, extractor="rules:287g"))
        state, state_confidence = agency287g.find_state(pages, agency)
        if state:
            out.append(_field("state", state.text, state.page, state.start, state.end, normalized=state.text,
                              confidence=state_confidence, extractor="rules:287g"))
        if declared_title is not None:
            out += _from_declared_title(declared_title, agency is None, state is None)
        hit, model, model_confidence = agency287g.find_model(pages)
        if hit:
            out.append(_field("program_model", model, hit.page, hit.start, hit.end, normalized=model,
                              confidence=model_confidence, extractor="rules:287g"))
    text = party_text.without_running_lines(first.text, running)
    if len(text.strip()) < 400 and len(pages) > 1:
        # a cover page ("The X Association / and / The City of Y / Memorandum of Understanding"): the
        # heading and preamble may be on the next page; offsets past the cover are that page's
        text = text + "\n" + party_text.without_running_lines(pages[1].text, running)
    text = party_text.without_underline_runs(text)
    # an interagency agreement form names its two agencies in labelled blocks (none where it is blank);
    # an exchange of notes binds the two governments its opening names; its other sentences cite agreements
    agency_form = form_parties.is_agency_form(text)
    spans = form_parties.form_parties(text) if agency_form else subject_parties.note_parties(text)
    if not spans and not agency_form:
        # "Party A: X ... Party B: Y": the parties section of a contract drafted in China names each under its letter
        spans = lettered_parties.lettered_parties(text)
    if not spans and not agency_form:
        spans = party_merge.merge_parties(heading_parties.title_sentence_parties(title, text),
                                      heading_parties.title_parties(text),
                                      letter_parties.letterhead_parties(text), parties.preamble_parties(text),
                                      subject_parties.conferred_parties(text), form_parties.labelled_parties(text), text=text)
    if len(spans) < 2 and not agency_form and (title or "").isupper():
        # "MEMORANDUM OF AGREEMENT BETWEEN A AND B" on one upper-case line, which neither the title block
        # nor the preamble read
        spans = party_merge.merge_parties(spans, heading_parties.title_sentence_parties(title, text, upper=True), text=text)
    if len(spans) < 2 and not agency_form:
        # a defined term or a letter's address block only where the heading and preamble name fewer than two:
        # beside them, they name affiliates, advisers and agents the agreement mentions, not its parties
        spans = party_merge.merge_parties(spans, defined_term_parties.defined_term_parties(text),
                                          letter_parties.letter_parties(text), text=text)
    if len(spans) < 2 and not agency_form:       # a heading naming them on lines of their own, checked against the opening pages
        spans = party_merge.merge_parties(spans, heading_parties.heading_parties(text, "\n".join(p.text for p in pages[:4])),
                                      text=text)
    pages_of: dict = {}
    if len(spans) < 2 and not agency_form and looks_like_agreement:
        # a cover and a table of contents first: the agreement's opening sentence on a later page names them
        index, opening = parties.opening_page_parties([p.text for p in pages])
        if opening:
            pages_of = {span: pages[index].number for span in opening}
            spans = party_merge.merge_parties(spans, opening)
    if len(spans) < 2 and not agency_form:       # the organisation each signature block is given for, on the last pages
        signed = [(page, parties.Span(s, e, name)) for page, s, e, name in signatures.signature_organisations(pages)
                  if not party_hierarchy.parent_of_any(name, [span.text for span in spans], text)]
        pages_of.update({span: page for page, span in signed})
        spans = party_merge.merge_parties(spans, [span for _, span in signed])
    extractor = {}
    if not spans and looks_like_agreement and not agency_form:
        # entities only when they look like organisation names: spaCy's ORG alone is too loose
        # an entity may end in the spaces of a wide layout ("Dynamex Inc.   "): the party is its name alone
        spans = [parties.Span(s + len(t) - len(t.lstrip()), e - len(t) + len(t.rstrip()), t.strip())
                 for s, e, label, t in nlp.entities(text[:1000], ("ORG",))
                 if re.search(rf"{ORG_SUFFIX_WORDS}$", t.strip()) and parties.plausible_party(t.strip())][:2]
        extractor = {span: "spacy:ner" for span in spans}
    # a person who signs for themselves (the employee of an employment NDA) beside the organisations
    spans = party_merge.merge_parties(spans, letter_parties.individual_signers(text))
    for span in spans:
        name = party_hierarchy.whole_component(span.text)
        attributes = {}
        parent = party_hierarchy.parent_of(name, text)
        if parent:
            attributes["within"] = parent
        kind = party_hierarchy.kind_of(name, parent)
        if kind:
            attributes["kind"] = kind
        how = extractor.get(span, "rules:parties")
        page, start, end = pages_of.get(span, first.number), span.start, span.end
        if span not in pages_of and start > len(first.text):
            page, start, end = pages[1].number, start - len(first.text) - 1, end - len(first.text) - 1
        out.append(_field("party", name, page, start, end, normalized=party_merge.party_key(name),
                          confidence=0.7 if how.startswith("rules") else 0.4, extractor=how, **attributes))
    if not is_287g and any("immigration and customs enforcement" in (f.normalized or "") for f in out):
        # an ICE agreement with a law-enforcement agency (e.g. a 287(g) amendment that never says "287(g)")
        for f in [f for f in out if f.name == "party"]:
            if agency287g.AGENCY_PHRASE.fullmatch(f.value.removeprefix("the ")):
                out.append(ExtractedField("agency", f.value, f.normalized, f.evidence, 0.5, "rules:287g", {}))
                hit = agency287g.Hit(f.evidence.page, f.evidence.start, f.evidence.end, f.value)
                state, state_confidence = agency287g.find_state(pages, hit)
                if state:
                    out.append(_field("state", state.text, state.page, state.start, state.end, normalized=state.text,
                                      confidence=min(0.5, state_confidence), extractor="rules:287g"))
                break
    if is_287g:
        # the agency is a party too, under the name it was found by (never the clause it ran into), once:
        # an OCR-garbled and a clean spelling of one agency are one party
        found = [f for f in out if f.name == "party"]
        for f in [f for f in out if f.name == "agency"]:
            name = party_merge.without_clause(f.value)
            if not name or any(f2.normalized == party_merge.party_key(name) or same_organisation(name, f2.value) for f2 in found):
                continue
            attributes = {"role": "law enforcement agency", "kind": party_hierarchy.kind_of(name),
                          "within": party_hierarchy.parent_of(name, text)}
            out.append(ExtractedField("party", name, party_merge.party_key(name), f.evidence, f.confidence, f.extractor,
                                      {k: v for k, v in attributes.items() if v}))
    return out


def _from_declared_title(declared: ExtractedField, want_agency: bool, want_state: bool) -> list[ExtractedField]:
    """A 287(g) PDF's own Title property ("287(g) MOA TF - Florida Dept of Financial Services") names
    the agency and state where the text does not (a file's name is never read). The evidence is
    the property itself."""
    out = []
    title_page = [Page(0, re.sub(r"\bDept\b\.?", "Department", declared.value))]     # titles abbreviate
    agency, _ = agency287g.find_agency(title_page) if want_agency else (None, 0.0)
    if agency:
        out.append(ExtractedField("agency", agency.text, normalize_name(agency.text), declared.evidence, 0.6,
                                  "file:property", {"source": "Title property"}))
    if want_state:
        state, confidence = agency287g.find_state(title_page, agency)
        if state and confidence >= 0.9:       # named in the agency's own name, not guessed from a vote
            out.append(ExtractedField("state", state.text, state.text, declared.evidence, 0.6, "file:property",
                                      {"source": "Title property"}))
    return out


def _date_fields(pages: list[Page], agreement_like: bool = True) -> list[ExtractedField]:
    out = []
    dates = terms.all_dates(pages)
    roled = date_roles.assign_roles(pages, dates, signature_dates(pages, dates))
    # a "Date:" line may date a cited document or a form; only those left as signatures are
    signed = [terms.PageDate(r.page, r.mention) for r in roled if r.role == date_roles.SIGNATURE]
    for r in roled[:MAX_DATE_MENTIONS]:
        # every date with its role, so a reviewer sees why a date was (not) taken as effective
        out.append(_field("date", r.mention.text, r.page, r.mention.start, r.mention.end,
                          normalized=r.mention.value.isoformat(), confidence=r.confidence, extractor="rules:date_roles",
                          role=r.role, cue=r.cue))
    for pd in signed:
        out.append(_field("signature_date", pd.mention.text, pd.page, pd.mention.start, pd.mention.end,
                          normalized=pd.mention.value.isoformat(), confidence=0.7, extractor="rules:dates", role="signature"))
    effective, confidence, how = terms.effective_date(pages, roled, signed, letter_dateline=agreement_like)
    if effective:
        why = {"last_signature": "effective upon signature: the latest signature date",
               "dateline": "the letter's date line", "performance_start": "the start of the performance period",
               "signature": "no effective date stated: the latest signature date",
               "official": "effective on one official's approval or signature: the date in that official's block",
               "reply_note": "enters into force on the date of the reply note: the later note's date",
               "day_after_last_signature": "effective the day after the last signature",
               "named_by_addendum": "effective upon signature: the date an addendum filed with it says the "
                                    "agreement was effective"}
        out.append(_field("effective_date", effective.mention.text, effective.page, effective.mention.start,
                          effective.mention.end, normalized=effective.mention.value.isoformat(), confidence=confidence,
                          extractor="rules:dates", basis=how, role="effective",
                          **({"rule": why[how]} if how in why else {})))
    expiries = [r for r in roled if r.role == date_roles.EXPIRY and not terms.said_of_another(pages, r)]
    # a modification's new end (it replaces the old end its text still states), else the end of the range that gave
    # the effective date, else one said of the agreement itself
    stated_expiry = max((r for r in expiries if r.cue.startswith(date_roles.EXTENDED_TO_CUE)),
                        key=lambda r: r.mention.value, default=None) \
        or next((r for r in expiries if effective and r.page == effective.page
                 and 0 < r.mention.start - effective.mention.end < 40), None) \
        or next((r for r in expiries if terms.of_the_agreement(pages, r)), None) \
        or next((r for r in expiries if terms.in_opening(pages, r.page, r.mention.start)
                 and not terms.ends_another_thing(pages, r)), None)
    term = term_clause.find_term(pages)
    if term and not terms.term_of_the_agreement(pages, term):
        term = None        # "for a period of twelve (12) months" in a clause deep in a contract is not its term
    if stated_expiry and term and term.until_terminated and not terms.of_the_agreement(pages, stated_expiry):
        stated_expiry = None   # "remains in effect until terminated": a date found only near the opening ends something else
    expiry_field = None
    if stated_expiry:
        expiry_field = _field("expiry_date", stated_expiry.mention.text, stated_expiry.page, stated_expiry.mention.start,
                              stated_expiry.mention.end, normalized=stated_expiry.mention.value.isoformat(),
                              confidence=stated_expiry.confidence, extractor="rules:date_roles", computed_from="stated",
                              role="expiry", cue=stated_expiry.cue)
    if term:
        attributes = {"until_terminated": term.until_terminated}
        if term.duration:
            attributes["duration"] = str(term.duration)
        if term.renewal:
            attributes["renewal"] = term.renewal
        last_signature = max((pd.mention.value for pd in signed), default=None)
        expiry, basis = term_start.expiry_of(term, effective.mention.value if effective else None, last_signature,
                                             terms.date_of_making(pages, roled), effective_stated=how != "signature")
        if expiry is None and expiry_field is None:
            attributes["expiry"] = basis          # e.g. "until terminated": no expiry date
        out.append(_field("term", term.text, term.page, term.start, term.end,
                          normalized=str(term.duration) if term.duration else ("until terminated" if term.until_terminated
                                                                                else None),
                          confidence=0.7, extractor="rules:term", **attributes))
        if expiry and expiry_field is None:
            rule = f"{term.duration} from the {basis}" if term.duration and basis != "stated" else basis
            expiry_field = _field("expiry_date", expiry.isoformat(), term.page, term.start, term.end,
                                  normalized=expiry.isoformat(), confidence=0.6, extractor="rules:term",
                                  computed_from=basis, rule=rule, role="expiry")
    if expiry_field is None and not (term and term.until_terminated):
        # "This MOC expires at the end of the pilot period", the period defined apart with its end
        period_end = end_of_named_period(pages, effective.mention.value if effective else None) \
            or end_of_performance_period(pages, roled)
        if period_end:
            page, start, end, day, cue = period_end
            expiry_field = _field("expiry_date", day.isoformat(), page, start, end, normalized=day.isoformat(), confidence=0.6,
                                  extractor="rules:term", computed_from="named period", rule=cue, role="expiry")
    if expiry_field:
        out.append(expiry_field)
    return out


def _signatory_fields(pages: list[Page]) -> list[ExtractedField]:
    return [_field("signatory", s.name, s.page, s.start, s.end, normalized=s.name.lower(), confidence=0.6,
                   extractor="rules:signature", title=s.title)
            for s in signatures.find_signatories(pages)]


def _jurisdiction(pages: list[Page]) -> ExtractedField | None:
    for page in reversed(pages):       # governing-law clauses sit near the end
        span = jurisdiction.find_jurisdiction(page.text)
        if span:
            return _field("jurisdiction", span.text, page.number, span.start, span.end, normalized=span.text,
                          confidence=0.8, extractor="rules:governing_law")
    return None

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
                             party_text, signatures, subject_parties, term_start, terms)
from ingest.metadata.authorities import authority_fields
from ingest.metadata.markings import foia_fields, pii_fields, restricted_fields
from ingest.metadata.named_period_end import end_of_named_period
from ingest.metadata.signature_dates import signature_dates
from ingest.metadata.names import ORG_SUFFIX_WORDS, normalize_name, same_organisation

# bump when the extractors change, so `accord reextract` can tell stale documents apart
EXTRACTION_VERSION = 18  # 2: data direction (scope); 3: date roles, parties, titles (metadata); 4: individual parties, e-signed dates; 5: parties from signature blocks and "met and conferred", completed offices, DHS parent; reply-note, signature-block and term dates; 6: dates of cited documents and acts, conditional and permissive ends, terms said of the agreement only, run-on titles; 7: parties from principled places only (no body mentions, cited agreements' parties or departments signing for a component); 8: dates by kind (defined commencement dates, a term's concluding day, notary and schedule dates set aside, clause numbers), titles of records (letterheads, joined record headings); 9: interagency forms' agency blocks, side-by-side signature blocks, underline dashes, no class nouns or described insurers as parties; 10: dates: split ordinals, a termination's effective day is an end, long term sentences, stamps over two lines, cited defined names, defined expiration dates, day-first dates, cure periods, joined form rows, the day after the last signature, file-property dates, sooner-of terms, payment schedules and renewal lengths, sub-period ends, periods after the end, defined and cited documents made effective; parties: names sharing a word part kept apart, firms with commas, appositive-defined names, "X and Y enter into this", federal bureaus' kind; titles of records (memo subjects joined, meeting headings, column headings, codes, no title after the body's first sentence); 11: parties: the opening sentence past a cover and contents, numbered party lists, two companies under one defined term, semicolon lists of possessive chains, filed exhibits' footers and legends, the Bureau of Indian Affairs federal; dates: handwritten dates in date fields (digits split by OCR, written into the blanks), a date set above an illegible date field, "Signed this ... day of" lines, an addendum's named effective day before partly read signatures, "Execution Date" apart from a defined Effective Date, bare "made as of" only in the opening, cited names beginning "Agreement and Plan of" or running over commas, sentences across page breaks, "Period of Agreement:" dates, lower-case "this agreement" terms, "expire N years thereafter", "N consecutive years"; titles: run-together filing covers read as their lines, capitals with lower-case joining words, a note, date clause or contents never in a title, party lines after BETWEEN, a heading's code line joined (PIA register numbers), no title from a line running into a sentence; 12: an OCR slip in a printed abbreviation ("DepL" for "Dept") is the same party; 13: dates: signature dates only from signature blocks (labels, not the word in a sentence; a block's own empty Date: fields; dates under a signer's name; e-signature notes; a cover's "dated" line is no signature), ends said of something other than the agreement (options, leases, offers, policies, warranties, phases, defined service periods) and terms whose subject is not the agreement are no expiry, capitalised and party-named cited documents, "dated for reference", "effective as from", "completion of the execution", code section numbers after §; titles: "Form of" headings, EDGAR .txt headers and their wrapped descriptions, legends, "Re:" labels and execution notes left out, PARTIES captions, date lines and clauses end a heading, a heading begun on a line naming no kind, a heading repeated under its label, a letterhead under the heading; parties: "A, the B, and C" lists, "each a Party" sentences read from their connector, departments named with "the" before a component, agency names with "for"/"on", unquoted "hereinafter X", addresses right after a suffix, sister companies under one term, a suffix's stop only as written, trailing acronyms and OCR rules cut, "Town, State Police" one local party, labelled requesting/servicing components, a department named with its acronym for its component, no colon or backslash inside a name nor a bracket before it, federal regulators' kind; 14: dates: "this <Name> Agreement as of" names the document itself, an "Effective Dates:" label, cited documents named in up to seven words, a page counter over a footer's month is no date, ordinals in capitals ("22ND day of May"); titles: section captions after the preamble end the heading search, long exhibit-line headings naming their parties, narrow-column legends, address blocks under mixed-case headings, split small capitals, wrapped memo subjects in capitals, amendment numbers in run-on headings, a page header over the first page's own heading; parties: companies listed under one term or in an upper-case cover block ("A CORPORATION, B INC. And C LP, D LLC"), a number among a name's words, "of <street number>" and "dba" end a name, lower-case suffixes kept, "Holdings LP" and "Holdings GP LLC" two companies, "the Corporation" never part of a name, "entered into <date>, by", a unit run on after an agency's acronym, letter-spaced "B E T W E E N", a word in brackets before a suffix ("(International) Limited"), "a division/subsidiary of" ends a name and its parent is no party, names and short names starting in lower case ("iVillage"), two companies run together after a suffix's stop; an entity-recognised party trimmed of the spaces around it; 15: government agreements: "come into effect upon signature", "effective on the date of your countersignature", "the Nth anniversary of its effective date", "in force from ... and shall terminate N years thereafter", a modification's "expiration date is hereby extended ... to" date, a form's "End Date:" box, a two-column row of dates under signature rules, a sentence opening on "The agreement" states its term; titles: a header line carrying a page counter over the heading, a letter's letterhead never its title; parties: "BETWEEN THE" / "AND THE" lines, "City and County of X" and "Food and Nutrition Service" whole, an agency's region after a comma part of it, an appositive "an agency of X" before the next defined party, OCR's "lmmigration", IT systems no parties, "U.S. X Survey" and "<State> State X Survey" two parties, numbered and stacked agency boxes of interagency forms; "N <unit> from its effective date" with no known effective date gives no expiry, "from that date" after a signature start, "continues for", "Agreed to this ... day of", "Party 1:" / "Parties:" heading fields; layout: a word broken by a hyphen at a line's end read whole, running header and footer lines never a party, a mixed-case heading wrapped at the page's width read whole; parties: "Party A: / Party B:" lettered parties sections, "BETWEEN: / AND:" blocks with colons, a region's bracket before a company's form ("(Africa) (Pty) Limited", "(ShenZhen) Co., Ltd."), names in capitals defined by a term, a suffix-less company described by its kind and address, no heading line run into a name, semicolon lists and "AND:" in a preamble, one-word short names up to 14 letters, a chapter apart from its national body, "FOR THE X:" blocks over a signature line anywhere on the page, "BETWEEN THE" heading lines, university campuses joined by "at"; a department's own comma is no component, a "PARTIES" caption over numbered parties, a possessive owner's acronym before its component; dates: a defined "Effective Date" and the stated first day of the agreement's own term before the day it was made, a term counted from the date hereof starts on the day it is dated, a testimonium's "execute this <Name> this <day>", prices or policies "in effect/current as of" a day are no date of the agreement, effective "upon approval" states no date, terms continuing "N months thereafter" or "N months from that date", no term from a referred-back period, a condition, another thing's obligations or an approval, the end of a named period other than the term is no expiry; 16: signatories: a scanned signature block whose rule line OCR lost (a name over an office, then a "Date" label), Commandant/Ambassador/Minister/Governor offices; authorities cited through OCR slips ("28 C.F.R:", "U.S.C. $ 1367", "Executive Order. 12333"); government agreements (fresh round-4 probes): parties: an opening "This MOA is made by A and B", template placeholders ("Organization A") no parties, a signature table's labelled "Organization:" row, the 7600B order form's marks and its bureau lines under the departments, governments named together "(hereinafter referred to as the "Participants")", "CITY AND COUNTY OF X" in capitals, a signer's region after the office no party, "Employment" in an agency's name, "a center of" appositives, a data use agreement's "Data Provider" / "Data Recipient" fields or table rows; titles: a mixed-case heading naming a kind of agreement under a counted running header, an office's unit under the letterhead no title, a BETWEEN block's department over its component on mixed-case lines; dates: a signature table's labelled row of dates, "Signed:" labels, rows of dates under wide side-by-side blocks, an "Approved as to form" box no signature, an attachment's or diagram's own date cited, a law "as amended through" a day cited, "the date of the later signature", "covers the period from X through Y", "effective retroactively to", an order form's copy of its GT&C agreement's period cited; letters: an addressee's post ("Executive Director") and a signer whose name is printed again with letters ("P.E.") no parties; dates: a certification beside the signatures (approval as to form, a notary's acknowledgement) is a stamp, never a signature; fax transmission lines and recorders' stamps are stamps; "as amended through" a day is cited; a "Date:"/"Dated:" line at the head dates the document, not a signature; "effective/entered into as of the date (last) written below" and "the date of the later signature" take the latest signature, as do "the effective date of this X is the date of the last signature", "go into effect upon signature", "the latter of the signature dates" and "the date the last Party signs" or "the date on which both Parties have signed"; "effective upon execution and approval by" a body states no day; an opening that leaves its own date blank states none; "entered into in <Place> on <date>" dates the agreement; effective on a transaction's event ("as of the Closing Date", "immediately prior to the Effective Time", "the date the Registration Statement is declared effective") states no day; terms: the start a term sentence names before its length ("commence on the Effective Date and extend for N years thereafter", "beginning on ... and ending N years thereafter"; a delivery, launch or approval start gives no expiry), "not less than N years" is a floor, "shall have a term of", N years "from its effective date" where the text never says when it takes effect gives no expiry; a start "on the date on which" something else happens is an event; "the last day of the month in which the Nth anniversary ... occurs"; "shall end", "will automatically terminate N years after the last signature", "the period of this agreement is from ... through", term clauses read past "i.e."; a start counted from a known one ("the first day of the month following the Effective Date") or a named start defined as an event or a day of its own ('"Commencement Date" means the date on which ...') gives no expiry; 17: government agreements (fresh round-5 probes): an amendment "to extend the expiration date from X to Y" gives Y as expiry and X is no start, "effective on the date it has been signed by all parties" takes the last signature, a letter that states an intent only ("expresses intent only", "creates no legal obligation ... not a contract") has no effective date from its date line, OCR's "0ctober" and "unti1"; "the period of performance of/for this IAA/Agreement is X to Y" is its term (a bare period of performance stays none); parties: a name ending in the kind of a law or a document ("... Privacy Act", "Under the ... Compact") or in "Hub" (a system) is no party; a term that ends "at the end/close of the <named> period", a period defined apart as beginning with the agreement and ending on a day or N units thereafter, ends when that period does; 18: OCR'd scans: a signature's ink read as words above a "Name, Office" line is no signatory, "Title Ill" and FOIA stamps with a brace ("(b}(6)") read
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
               "reply_note": "enters into force on the date of the reply note: the later note's date",
               "day_after_last_signature": "effective the day after the last signature",
               "named_by_addendum": "effective upon signature: the date an addendum filed with it says the "
                                    "agreement was effective"}
        out.append(_field("effective_date", effective.mention.text, effective.page, effective.mention.start,
                          effective.mention.end, normalized=effective.mention.value.isoformat(), confidence=confidence,
                          extractor="rules:dates", basis=how, role="effective",
                          **({"rule": why[how]} if how in why else {})))
    expiries = [r for r in roled if r.role == date_roles.EXPIRY]
    # the end of the range that gave the effective date, else one said of the agreement itself
    stated_expiry = next((r for r in expiries if effective and r.page == effective.page
                          and 0 < r.mention.start - effective.mention.end < 40), None) \
        or next((r for r in expiries if terms.of_the_agreement(pages, r)), None) \
        or next((r for r in expiries if terms.in_opening(pages, r.page, r.mention.start)), None)
    term = terms.find_term(pages)
    if term and not terms.term_of_the_agreement(pages, term):
        term = None        # "for a period of twelve (12) months" in a clause deep in a contract is not its term
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
        period_end = end_of_named_period(pages, effective.mention.value if effective else None)
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

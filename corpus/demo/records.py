"""Builders for the non-ISAA documents: commercial contracts and NDAs (other_agreement), directives,
memoranda, privacy impact assessments, forms and other records (minutes, press releases)."""
from __future__ import annotations

import random
from datetime import timedelta

from corpus.demo import parties as P
from corpus.demo import vocabulary as V
from corpus.demo import wording as W
from corpus.demo.agreements import term_clause
from corpus.demo.dates import BODY_STYLES, SIGNATURE_STYLES, random_date, spell


def pii_lines(rng: random.Random) -> list[str]:
    """A few lines carrying fake identifiers (SSN 123-45-6789 form, A-numbers, DOB labels)."""
    out = []
    for _ in range(rng.randint(1, 3)):
        name = f"{rng.choice(V.FIRST_NAMES)} {rng.choice(V.LAST_NAMES)}"
        parts = [f"Subject: {name.upper()}"]
        if rng.random() < 0.7:
            parts.append(f"A-Number: A{rng.randrange(10**8, 10**9 - 1):09d}")
        if rng.random() < 0.6:
            parts.append(f"SSN: {rng.randrange(100, 900):03d}-{rng.randrange(10, 99):02d}-{rng.randrange(1000, 9999):04d}")
        if rng.random() < 0.7:
            parts.append(f"DOB: {rng.randrange(1, 13):02d}/{rng.randrange(1, 29):02d}/{rng.randrange(1950, 2004)}")
        out.append("; ".join(parts))
    return out


def build_contract(rng: random.Random, d: P.Draft, flags: list[str]) -> dict:
    heading, kind, role_a, role_b = rng.choice(V.CONTRACT_KINDS)
    vendor_deal = kind != "nda" and rng.random() < 0.4
    a = P.company_party(rng)
    b = P.dhs_party(rng) if vendor_deal else P.company_party(rng)
    effective = random_date(rng)
    sig_dates = sorted([effective - timedelta(days=rng.randrange(0, 20)), effective - timedelta(days=rng.randrange(0, 5))])
    style = rng.choice(BODY_STYLES)
    term_sentence, term_text, expiry, _ = term_clause(rng, "Agreement", effective, sig_dates[-1], False)
    d.title(heading)
    d.gap()
    who_b = f"{b.ref}" if vendor_deal else f"{b.ref}, a {b.incorporation} corporation"
    d.para(rng.choice((
        f"This {heading.title()} (the \"Agreement\") is entered into as of {spell(effective, style)} (the \"Effective Date\") "
        f"by and between {a.ref}, a {a.incorporation} corporation (\"{role_a}\"), and {who_b} (\"{role_b}\").",
        f"THIS AGREEMENT is made on {spell(effective, style)} between {a.ref} (the \"{role_a}\") and {who_b} (the \"{role_b}\").",
    )))
    d.section("Definitions", rng.choice((
        "\"Confidential Information\" means any non-public information disclosed by one party to the other, in any form, that is marked or reasonably understood to be confidential.",
        "\"Products\" means the goods listed in Exhibit A, as amended from time to time by written agreement of the parties.",
        "\"Services\" means the services described in each Statement of Work executed under this Agreement.",
    )))
    body = {
        "supply": f"{role_a} shall supply, and {role_b} shall purchase, the Products in the quantities set out in purchase orders issued under this Agreement.",
        "license": f"{role_a} grants {role_b} a non-exclusive, non-transferable license to install and use the Software for its internal business purposes.",
        "distribution": f"{role_a} appoints {role_b} as its non-exclusive distributor of the Products within the Territory.",
        "services": f"{role_a} shall perform the Services described in each Statement of Work in a professional and workmanlike manner.",
        "nda": "The Receiving Party shall hold the Confidential Information in strict confidence and use it solely to evaluate a possible business relationship between the parties.",
    }[kind]
    d.section(rng.choice(("Scope", "Obligations", "Grant and Scope")), body)
    if kind != "nda":
        price = d.redact(f"${rng.randrange(20, 900) * 1000:,} per year", "(b)(4)", 0.9)
        d.section(rng.choice(("Price and Payment", "Fees", "Compensation")),
                  f"{role_b} shall pay {role_a} {price}, invoiced quarterly and payable within thirty (30) days of receipt of a proper invoice.")
    conf = [rng.choice((
        "Each party shall protect the other party's Confidential Information with at least the degree of care it uses for its own.",
        "Confidential Information shall not be disclosed to any third party without the prior written consent of the disclosing party.",
    ))]
    for code in flags:
        conf.append(d.flag(code, rng.choice(W.RESTRICTED[code])))
    d.section("Confidentiality", *conf)
    d.section(rng.choice(("Term and Termination", "Term")), term_sentence,
              "Either party may terminate this Agreement for material breach not cured within thirty (30) days of written notice.")
    if not vendor_deal:
        d.section("Governing Law", f"This Agreement shall be governed by the laws of the State of {rng.choice(V.STATES_OF_INCORPORATION)}.")
    people = [P.person(rng, a.titles), P.person(rng, b.titles)]
    return dict(title=heading, title_lines=[heading], parties=[a.name, b.name], party_objs=[a, b], people=people, sig_dates=sig_dates,
                sig_style=rng.choice(SIGNATURE_STYLES), effective=effective, on_signature=False, term=term_text,
                expiry=expiry, direction=None, subject=kind, model=None, agency=None, state=None,
                scope="exempt:vendor" if vendor_deal else "out_of_scope:not_agreement")


def _related_header(rng: random.Random, d: P.Draft) -> P.Party:
    comp = P.dhs_party(rng)
    d.line("U.S. Department of Homeland Security")
    d.line(comp.name)
    return comp


def build_related(rng: random.Random, t: str, d: P.Draft, flags: list[str], pii: bool) -> dict:
    """directive | memorandum | pia | form | other_record."""
    subject = rng.choice(V.SUBJECTS)
    topic, data, system = subject
    day = random_date(rng)
    style = rng.choice(BODY_STYLES)
    info = dict(parties=[], party_objs=[], people=[], sig_dates=[], effective=None, on_signature=False, term=None,
                expiry=None, direction=None, subject=topic, model=None, agency=None, state=None,
                scope="out_of_scope:not_agreement", document_date=day)
    if t == "directive":
        number = f"{rng.choice(('047', '139', '140', '252', '034'))}-{rng.randrange(1, 20):02d}"
        title = f"{topic.title()} Policy"
        d.line("Department of Homeland Security")
        d.line(f"DHS Directives System, Directive Number: {number}")
        d.line(f"Revision Number: {rng.randrange(0, 3):02d}")
        d.line(f"Effective Date: {spell(day, style)}")
        d.title(title.upper())
        d.section("Purpose", rng.choice((
            f"This Directive establishes the Department of Homeland Security policy for {topic}.",
            f"This Directive sets Department-wide requirements for the collection, use and sharing of {data}.")))
        d.section("Scope", "This Directive applies throughout DHS, including all Components and offices.")
        d.section("Authorities", W.authority_section(rng, d, V.AUTHORITIES["related"], rng.choice((2, 3))))
        d.section("Responsibilities", rng.choice((
            "The Chief Information Officer oversees implementation of this Directive.",
            "Component heads ensure that their programs comply with this Directive and issue implementing instructions.")),
            "The Chief Privacy Officer reviews programs under this Directive for compliance with privacy requirements.")
        d.section("Policy and Requirements", rng.choice((
            f"DHS Components shall document each arrangement for sharing {data} and review it at least every three years.",
            f"Information sharing for {topic} shall be conducted only under written agreements approved by the Component.")),
            *W.security_paragraphs(rng, d, flags))
        d.section("Questions", "Address any questions or concerns regarding this Directive to the Office of Policy.")
        signer = P.person(rng, ("Deputy Secretary of Homeland Security", "Under Secretary for Management"))
        _close(d, rng, pii, f"{'_' * 30}\n{signer.name}\n{signer.title}")
        info.update(title=title.upper(), effective=day, people=[signer])
    elif t == "memorandum":
        comp = _related_header(rng, d)
        to = P.person(rng, ("Component Heads", "Field Office Directors", "Special Agents in Charge", "Chief Counsel"))
        frm = P.person(rng, comp.titles)
        subject_line = rng.choice((f"Guidance on {topic}", f"Interim procedures for {topic}", f"Implementation of the {system}"))
        d.title("MEMORANDUM")
        d.line(f"MEMORANDUM FOR: {to.title}")
        d.line(f"FROM: {frm.name}, {frm.title}")
        d.line(f"SUBJECT: {subject_line}")
        d.line(f"DATE: {spell(day, rng.choice(('long', 'numeric', 'long')))}")
        d.gap()
        d.para(rng.choice((
            f"This memorandum provides guidance to personnel on {topic}, effective immediately.",
            f"The purpose of this memorandum is to clarify procedures for handling {data}.",
            f"I am writing to inform you of changes to the procedures governing {topic}.")))
        d.para(rng.choice((
            f"Personnel shall record each request for {data} and the legal basis for any disclosure.",
            "Supervisors are responsible for ensuring that staff complete the revised training within sixty days.",
            f"Questions about the {system} should be directed to the program office.")))
        d.para(d.redact("Staff recommend a phased approach, subject to further review by the front office.", "(b)(5)", 0.8))
        for code in flags:
            d.para(d.flag(code, rng.choice(W.RESTRICTED[code])))
        _close(d, rng, pii, f"{frm.name}\n{frm.title}")
        info.update(title=subject_line, people=[frm])
    elif t == "pia":
        comp = P.dhs_party(rng)
        title = f"Privacy Impact Assessment for the {system}"
        d.title(title.upper())
        register = f"DHS/{comp.abbr}/PIA-{rng.randrange(1, 180):03d}"
        d.line(register)
        d.line(spell(day, "long"))
        contact = P.person(rng, ("Program Manager", "System Owner"))
        reviewer = P.person(rng, ("Chief Privacy Officer", "Acting Chief Privacy Officer"))
        d.line(f"Contact Point: {d.redact(contact.name, '(b)(6)', 0.9)}, {contact.title}, {comp.name}")
        d.line(f"Reviewing Official: {reviewer.name}, {reviewer.title}, Department of Homeland Security")
        d.gap()
        d.section("Abstract", f"{comp.ref[0].upper() + comp.ref[1:]} operates the {system} to support {topic}. "
                  f"This Privacy Impact Assessment is conducted because the system collects, uses and maintains personally identifiable information.")
        d.section("Overview", f"The {system} maintains {data} and makes them available to authorized users.")
        d.section("Authorities and Other Requirements", W.authority_section(rng, d, V.AUTHORITIES["related"], 2))
        d.section("Characterization of the Information", rng.choice((
            "The system collects name, date of birth, citizenship, identifying numbers and encounter history.",
            "Information is collected directly from the individual and from other government systems.")))
        d.section("Uses of the Information", f"The information is used to support {topic} and related case management.")
        d.section("Notice", "Notice is provided through this PIA and the applicable System of Records Notice.")
        d.section("Information Sharing", rng.choice((
            "Information may be shared with federal, state and local partners consistent with the routine uses in the SORN.",
            "The system does not share information outside the Department except as required by law.")),
            *W.security_paragraphs(rng, d, flags))
        d.section("Auditing and Accountability", "User activity is logged and reviewed; all users complete annual privacy training.")
        _close(d, rng, pii, f"Responsible Official\n{'_' * 30}\n{reviewer.name}\n{reviewer.title}")
        # the register number set right under the heading is a line of the title (as a circular's code is)
        info.update(title=f"{title.upper()} {register}", people=[reviewer])
    elif t == "form":
        comp = _related_header(rng, d)
        number = f"DHS Form {rng.randrange(100, 99999)}"
        title = rng.choice(("Request for Information Sharing Agreement Review", "Records Access Request",
                            "Notice of Disclosure", "Data Request and Justification", "Access Authorization Request"))
        d.title(title.upper())
        d.line(f"{number} ({rng.randrange(1, 13)}/{rng.randrange(15, 26)})")
        d.gap()
        for n, label in enumerate(("Requesting office", "Name of requester", "Telephone", "Information requested",
                                   "Purpose of request", "System of records"), start=1):
            d.line(f"{n}. {label}: {'_' * rng.randrange(20, 40)}")
        d.line("[ ] Routine use  [ ] Consent on file  [ ] Law enforcement request  [ ] Other")
        if pii:
            d.section("Record Subjects", *pii_lines(rng))
        d.section("Privacy Act Statement", f"Authority: {d.cite(rng.choice(('5 U.S.C. § 552a', '6 U.S.C. § 112')))}. "
                  "Purpose: to process and track the request. Disclosure is voluntary; failure to provide the information may delay the request.")
        d.section("Paperwork Reduction Act", "An agency may not conduct or sponsor an information collection and a person is not required "
                  "to respond unless it displays a currently valid OMB control number.")
        d.line(f"Date: {spell(day, 'numeric0')}")
        info.update(title=title.upper())
    else:  # other_record: minutes or press release
        if rng.random() < 0.5:
            title = f"MINUTES OF THE {topic.upper()} WORKING GROUP"
            d.title(title)
            d.line(f"Meeting date: {spell(day, style)}")
            d.para(f"Attendees: representatives of {P.dhs_party(rng).ref}, {P.federal_party(rng).ref} and {P.state_party(rng).ref}.")
            d.section("Discussion", f"The group reviewed progress on {topic} and the status of pending agreements.",
                      "Members agreed to circulate a revised draft before the next meeting.")
            d.section("Action Items", "The secretariat will distribute these minutes and schedule the next meeting.")
        else:
            comp = P.dhs_party(rng)
            title = f"{comp.abbr} ANNOUNCES NEW INITIATIVE ON {topic.upper()}"
            d.line("FOR IMMEDIATE RELEASE")
            d.line(spell(day, "long"))
            d.title(title)
            d.para(f"WASHINGTON - {comp.ref[0].upper() + comp.ref[1:]} today announced a new initiative to improve {topic}.")
            d.para(f"\"This effort strengthens our partnerships,\" said {P.person(rng, comp.titles).name}.")
        if pii:
            d.section("Attachment", *pii_lines(rng))
        info.update(title=title)
    return info


def _close(d: P.Draft, rng: random.Random, pii: bool, signature: str) -> None:
    """Sample records (when the document carries PII) go before the signature, like an appendix."""
    if pii:
        d.section("Appendix - Sample Records", *pii_lines(rng))
    d.blocks.append(("sig", signature))

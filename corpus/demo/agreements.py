"""Builders for the agreement family: MOU, MOA, MOC, LOI, pilot, ISA, ICA, SLA, IAA, CMAA, 287(g).

`build_agreement` picks parties, subject, dates and term, writes the sections into a `Draft` and
returns the truth fields it decided. Types share the skeleton (purpose, authority, sharing,
security, term, contacts, signatures); they differ where real documents differ: the heading and
the purpose/responsibility language.
"""
from __future__ import annotations

import random
from datetime import date, timedelta

from corpus.demo import parties as P
from corpus.demo import vocabulary as V
from corpus.demo import wording as W
from corpus.demo.dates import BODY_STYLES, SIGNATURE_STYLES, add_years, random_date, spell

LONG = {"mou": "Memorandum of Understanding", "moa": "Memorandum of Agreement", "moc": "Memorandum of Cooperation",
        "loi": "Letter of Intent", "pilot": "Pilot Project Agreement", "isa": "Interconnection Security Agreement",
        "ica": "Interface Control Agreement", "sla": "Service Level Agreement", "iaa": "Interagency Agreement",
        "cmaa": "Agreement", "287g": "Memorandum of Agreement"}
ABBR = {"mou": "MOU", "moa": "MOA", "moc": "Memorandum", "loi": "Letter", "pilot": "Agreement", "isa": "ISA",
        "ica": "ICA", "sla": "SLA", "iaa": "IAA", "cmaa": "Agreement", "287g": "MOA"}
SHARING_TYPES = {"mou", "moa", "moc", "loi", "pilot", "isa", "ica", "cmaa"}


def _partner(rng: random.Random, doc_type: str, a: P.Party) -> P.Party:
    if doc_type in {"moc", "cmaa"}:
        return P.foreign_party(rng)[0]
    if doc_type == "loi":
        return rng.choice((lambda: P.foreign_party(rng)[0], lambda: P.state_party(rng), lambda: P.federal_party(rng)))()
    if doc_type in {"isa", "ica", "sla"}:
        return rng.choice((lambda: P.dhs_party(rng, exclude=a.abbr), lambda: P.federal_party(rng), lambda: P.state_party(rng)))()
    if doc_type == "iaa":
        return P.federal_party(rng)
    if doc_type == "pilot":
        return rng.choice((P.state_party, P.local_party, P.federal_party, P.company_party))(rng)
    # MOUs and MOAs between two components happen too (One DHS: not ISAAs, out of scope).
    return rng.choice((P.state_party, P.local_party, P.federal_party, P.federal_party,
                       lambda r: P.foreign_party(r)[0], lambda r: P.dhs_party(r, exclude=a.abbr)))(rng)


def _purpose(rng: random.Random, t: str, a: P.Party, b: P.Party, subject: tuple, model: str | None) -> list[str]:
    topic, data, system = subject
    A, B = a.ref, b.ref
    if t == "mou":
        return [rng.choice((
            f"This Memorandum of Understanding (MOU) sets forth the understanding of {A} and {B} regarding cooperation on {topic}.",
            f"The purpose of this MOU is to establish a framework under which {A} and {B} will coordinate their efforts related to {topic}.",
            f"This MOU documents the shared understanding of the Parties concerning {topic} and the exchange of {data}.",
        )), rng.choice(("This MOU reflects the good-faith intentions of the Parties.", "", "It is a statement of intent and does not obligate funds."))]
    if t == "moa":
        return [rng.choice((
            f"This Memorandum of Agreement (MOA) establishes the terms and conditions under which {A} and {B} agree to cooperate on {topic}.",
            f"The purpose of this MOA is to set out the agreed responsibilities of {A} and {B} for {topic}.",
            f"By this MOA the Parties agree to the procedures governing {topic}, including the handling of {data}.",
        ))]
    if t == "moc":
        return [rng.choice((
            f"This Memorandum of Cooperation is intended to promote cooperation between the Participants in the field of {topic}.",
            f"The Participants intend to strengthen their cooperation on {topic} through the exchange of information and best practices.",
            f"This Memorandum of Cooperation sets out the intentions of the Participants to cooperate on {topic} in accordance with their domestic laws.",
        )), "This Memorandum does not create legally binding obligations under international law."]
    if t == "loi":
        return [rng.choice((
            f"This Letter of Intent expresses the intention of {A} and {B} to pursue a cooperative arrangement on {topic}.",
            f"By this Letter of Intent, the signatories confirm their intent to negotiate a formal agreement concerning {topic}.",
            f"This letter records our mutual intent to begin working together on {topic} while a formal agreement is developed.",
        ))]
    if t == "pilot":
        days = rng.choice((90, 120, 180, 365))
        return [rng.choice((
            f"This Pilot Project Agreement establishes a limited-duration pilot to test the feasibility of {topic} between {A} and {B}.",
            f"The purpose of this pilot is to evaluate, over a period of {days} days, whether {data} can be exchanged effectively to support {topic}.",
            f"The Parties agree to conduct a pilot project on {topic} and to measure its results against the evaluation criteria below.",
        )), f"The pilot period is {days} days. At its end the Parties will assess the results and decide whether to continue, expand or end the project."]
    if t == "isa":
        return [rng.choice((
            f"The purpose of this Interconnection Security Agreement (ISA) is to establish the security requirements for the interconnection between the {system} owned by {A} and the information systems of {B}.",
            f"This ISA documents the technical and security controls for the dedicated connection between {A} and {B} supporting {topic}.",
            f"This ISA specifies the security controls that protect the confidentiality, integrity and availability of the systems connected by {A} and {B}.",
        )), rng.choice(("The connection uses a site-to-site IPsec virtual private network with FIPS 140-3 validated encryption.",
                        "Traffic between the systems is encrypted in transit and restricted to the ports and protocols listed in the appendix."))]
    if t == "ica":
        return [rng.choice((
            f"This Interface Control Agreement (ICA) documents the interface between the {system} and the systems of {B}, including message formats, data elements and transmission protocols.",
            f"The purpose of this ICA is to define the data exchange interface supporting {topic}: the message layout, the data dictionary and error handling.",
            f"This ICA describes how {data} are formatted, validated and transmitted between {A} and {B}.",
        ))]
    if t == "sla":
        avail = rng.choice(("99.5", "99.9", "99.0", "98.5"))
        return [rng.choice((
            f"This Service Level Agreement (SLA) defines the level of service {A} will provide to {B} for the {system}.",
            f"The purpose of this SLA is to set measurable service levels, availability targets and support responsibilities for the {system}.",
            f"This SLA describes the services, hours of operation and performance standards that {A} commits to deliver to {B}.",
        )), f"The provider will maintain system availability of {avail} percent, measured monthly, excluding scheduled maintenance."]
    if t == "iaa":
        amount = rng.randrange(50, 2500) * 1000
        return [rng.choice((
            f"This Interagency Agreement (IAA) establishes the terms under which {B}, as the servicing agency, will provide support for {topic} to {A}, the requesting agency, on a reimbursable basis.",
            f"Under this IAA, {A} will reimburse {B} for services related to {topic}.",
            f"This IAA documents a reimbursable arrangement between the requesting agency, {A}, and the servicing agency, {B}.",
        )), f"The estimated total amount of this agreement is ${amount:,}. Funds will be obligated on the General Terms and Conditions (Form 7600A) and Order Requirements and Funding Information (Form 7600B)."]
    if t == "cmaa":
        return [rng.choice((
            "The Parties shall, through their Customs Administrations, assist each other for the prevention, investigation and combating of customs offenses.",
            "This Agreement provides for mutual assistance between the Customs Administrations of the Parties to ensure the proper application of customs law.",
            "The Customs Administrations of the Parties shall provide each other with assistance, including the exchange of information, to prevent and investigate customs offenses.",
        )), rng.choice(("Assistance under this Agreement shall be provided in accordance with the laws of the requested Party.",
                        "Requests for assistance shall be made in writing and include the information specified in this Agreement."))]
    # 287(g)
    functions = {
        "Jail Enforcement Model": "identify and process removable aliens who are in the custody of the agency's jail",
        "Warrant Service Officer": "serve and execute administrative warrants (Form I-200 and Form I-205) on aliens in the agency's jail",
        "Task Force Model": "exercise limited immigration authority during the course of their routine police duties",
    }[model]
    return [rng.choice((
        f"This Memorandum of Agreement (MOA) sets forth the terms and conditions pursuant to which {A} will delegate to nominated, trained, certified and authorized personnel of {B} the authority to perform certain immigration enforcement functions.",
        f"The purpose of this MOA is to set forth the terms under which selected personnel of {B} will be authorized to perform specified functions of an immigration officer under the direction and supervision of ICE.",
        f"This MOA establishes the delegation of immigration officer authority to designated officers of {B}, who will work under the supervision of ICE.",
    )), f"Under the {model}, participating officers will {functions}."]


def _responsibilities(rng: random.Random, d: P.Draft, t: str, a: P.Party, b: P.Party) -> list[str]:
    technique = d.redact("query the national systems through the dedicated interface", "(b)(7)(E)", 0.6)
    out = [rng.choice((
        f"{a.ref[0].upper() + a.ref[1:]} will designate a program manager, provide training to participating personnel and {technique}.",
        f"{a.ref[0].upper() + a.ref[1:]} will maintain the records it provides and notify {b.ref} of any significant change to them.",
        f"{a.ref[0].upper() + a.ref[1:]} will supervise activities under this Agreement and resolve questions about the use of its information.",
    )), rng.choice((
        f"{b.ref[0].upper() + b.ref[1:]} will use the information only for the purposes stated in this Agreement and will maintain an audit trail of access.",
        f"{b.ref[0].upper() + b.ref[1:]} will ensure that its personnel complete required training before receiving access.",
        f"{b.ref[0].upper() + b.ref[1:]} will designate a liaison responsible for coordination with {a.ref}.",
    ))]
    if t == "287g":
        out.append(rng.choice((
            "Participating officers must complete the ICE 287(g) basic training program and pass the required examinations before exercising delegated authority.",
            "ICE will provide supervision of participating officers with respect to immigration enforcement functions; the agency retains supervision of all other duties.",
        )))
        out.append("The agency shall ensure that participating officers comply with the ICE use-of-force policy and civil rights standards.")
    if d.released and rng.random() < 0.5:
        out.append(d.redact("The Parties discussed an alternative staffing model before settling on these responsibilities.", "(b)(5)"))
    return out


def term_clause(rng: random.Random, abbr: str, effective: date, last_sig: date, allow_on_signature: bool):
    """Returns (sentence, term text, expiry date or None, effective date anchored on last signature?)."""
    n = rng.choice((1, 2, 3, 3, 5, 5))
    word = V.NUMBER_WORDS[n]
    choice = rng.randrange(5 if allow_on_signature else 4)
    if choice == 0:
        term = "until terminated by either Party"
        return (f"This {abbr} will remain in effect {term} upon {rng.choice(('thirty (30)', 'sixty (60)', 'ninety (90)'))} days' written notice to the other Party.",
                term, None, False)
    if choice == 1:
        term = f"a period of {word} years"
        return f"This {abbr} is effective for {term} and may be renewed by mutual written agreement of the Parties.", term, add_years(effective, n), False
    if choice == 2:
        end = add_years(effective, n) - timedelta(days=rng.choice((0, 1)))
        text = spell(end, rng.choice(("long", "long", "numeric")))
        term = f"until {text}"
        return f"This {abbr} shall remain in effect {term}, unless extended by written amendment.", term, end, False
    if choice == 3:
        term = f"{word} ({n}) years"
        return f"The term of this {abbr} is {term}, beginning on its effective date.", term, add_years(effective, n), False
    term = f"{word} ({n}) years from the date of the last signature"
    return (f"This {abbr} shall become effective upon the date of the last signature and shall remain in effect for {term}, unless terminated earlier.",
            term, add_years(last_sig, n), True)


def title_lines(t: str, a: P.Party, b: P.Party, subject: tuple, model: str | None, rng: random.Random) -> list[str]:
    topic, _data, system = subject
    if t == "cmaa":
        return ["AGREEMENT", f"BETWEEN {a.ref.upper()}", f"AND {b.ref.upper()}",
                "REGARDING MUTUAL ASSISTANCE BETWEEN THEIR CUSTOMS ADMINISTRATIONS"]
    if t == "isa":
        return ["INTERCONNECTION SECURITY AGREEMENT", "BETWEEN", f"{a.name.upper()} ({system.upper()})", "AND", b.name.upper()]
    if t == "ica":
        return ["INTERFACE CONTROL AGREEMENT", f"FOR THE {system.upper()} INTERFACE", f"BETWEEN {a.ref.upper()} AND {b.ref.upper()}"]
    if t == "sla":
        return ["SERVICE LEVEL AGREEMENT", f"{system.upper()}", f"BETWEEN {a.ref.upper()} AND {b.ref.upper()}"]
    if t == "pilot":
        return ["PILOT PROJECT AGREEMENT", "BETWEEN", a.ref.upper(), "AND", b.ref.upper(), f"FOR A PILOT ON {topic.upper()}"]
    kind = LONG[t].upper()
    if t in {"mou", "moa"} and rng.random() < 0.12:
        # Some agreements carry a generic heading; only the body ("This MOU ...") tells the type.
        kind = rng.choice(("INFORMATION SHARING AGREEMENT", "AGREEMENT FOR THE EXCHANGE OF INFORMATION",
                           "COOPERATIVE AGREEMENT"))
    lines = [kind, "BETWEEN", a.ref.upper(), "AND", b.ref.upper()]
    if t == "287g" and rng.random() < 0.5:
        lines.append(f"287(g) {model.upper()}")
    elif t in {"mou", "moa", "moc"} and rng.random() < 0.6:
        lines.append(f"REGARDING {topic.upper()}")
    return lines


def build_agreement(rng: random.Random, t: str, d: P.Draft, flags: list[str]) -> dict:
    """Write one agreement of type `t` into `d`; return the truth fields it decided."""
    model = rng.choice(V.PROGRAM_MODELS) if t == "287g" else None
    if t == "287g":
        a = P.Party("U.S. Immigration and Customs Enforcement", "U.S. Immigration and Customs Enforcement", "ICE", "dhs",
                    ("Director", "Acting Director", "Executive Associate Director, Enforcement and Removal Operations"),
                    domain="ice.dhs.gov")
        b = P.corrections_party(rng) if rng.random() < 0.1 else P.local_party(rng)
    elif t == "cmaa":
        a, b, _country = P.government_parties(rng)
    else:
        a = P.dhs_party(rng)
        b = _partner(rng, t, a)
    if t == "iaa" and rng.random() < 0.5:
        a, b = b, a  # either side may be the requesting agency
    if t != "iaa" and t != "287g" and a.kind != "dhs" and b.kind == "dhs":
        a, b = b, a
    subject = rng.choice(V.SUBJECTS)
    abbr = ABBR[t]
    direction = None
    if t in SHARING_TYPES:
        direction = rng.choices(("outbound", "both", "inbound"), (45, 35, 20))[0]
        if t in {"isa", "ica", "cmaa"}:
            direction = rng.choice(("both", "outbound", "both"))
    written_direction = direction      # what the sharing paragraph says, between the two parties
    if direction and a.kind == "dhs" and b.kind == "dhs":
        direction = "internal"         # the data never leaves the Department

    first_sig = random_date(rng)
    sig_dates = sorted([first_sig, first_sig + timedelta(days=rng.randrange(0, 75))])
    effective = sig_dates[-1] + timedelta(days=rng.choice((0, 0, 1, 14, 30)))
    term_sentence, term_text, expiry, on_signature = term_clause(rng, abbr, effective, sig_dates[-1], True)
    if on_signature:
        effective = sig_dates[-1]
    body_style = rng.choice(BODY_STYLES)
    sig_style = rng.choice(SIGNATURE_STYLES)

    if t == "loi":
        lines = _write_letter(rng, d, a, b, subject, written_direction, flags, effective, on_signature, body_style, term_sentence, sig_dates[0])
        people = [P.person(rng, a.titles), P.person(rng, b.titles)]
        return dict(title=" ".join(lines), title_lines=lines, parties=[a.name, b.name], party_objs=[a, b], people=people,
                    sig_dates=sig_dates, sig_style=sig_style, effective=effective, on_signature=on_signature,
                    term=term_text, expiry=expiry, direction=direction, subject=subject[0], model=None,
                    agency=None, state=None, scope=_scope(t, direction, b), letter=True, document_date=sig_dates[0])
    lines = title_lines(t, a, b, subject, model, rng)
    d.title(*lines)
    if rng.random() < 0.3 and not on_signature:
        d.line(f"Effective Date: {spell(effective, body_style)}")
    d.gap()
    party_word = "Participants" if t == "moc" else "Parties"
    intro = rng.choice((
        f"This {LONG[t]} (\"{abbr}\") is entered into by and between {a.ref} ({a.abbr}) and {b.ref} ({b.abbr}), collectively the \"{party_word}.\"",
        f"{a.ref[0].upper() + a.ref[1:]} and {b.ref} (each a \"Party\" and together the \"{party_word}\") enter into this {LONG[t]}.",
        f"This {abbr} is made between {a.ref} and {b.ref}.",
    ))
    if not on_signature:
        intro += rng.choice((f" This {abbr} is effective as of {spell(effective, body_style)}.",
                             f" It takes effect on {spell(effective, body_style)}.",
                             f" The effective date of this {abbr} is {spell(effective, body_style)}."))
    if t == "287g":  # real 287(g) MOAs name the partner's state; the truth's `state` must be readable
        where = f"{b.place}, {b.state}" if b.place else b.state
        intro += rng.choice((f" {b.ref[0].upper() + b.ref[1:]} is a law enforcement agency located in {where}.",
                             f" The {b.abbr} serves {where}.",
                             f" {b.ref[0].upper() + b.ref[1:]} ({where}) is referred to below as the agency."))
    d.para(intro)
    d.section(rng.choice(("Purpose", "Purpose and Scope", "Background and Purpose")), *_purpose(rng, t, a, b, subject, model))
    pool = V.AUTHORITIES["287g" if t == "287g" else "iaa" if t == "iaa" else "cmaa" if t == "cmaa"
                         else "isa" if t in {"isa", "ica", "sla"} else "sharing"]
    d.section(rng.choice(("Authority", "Authorities", "Legal Authority")), W.authority_section(rng, d, pool, rng.choice((1, 2, 2, 3))))
    if rng.random() < 0.5:
        d.section("Definitions", rng.choice((
            f"\"Information\" means the {subject[1]} described in this Agreement, in any form.",
            "\"Authorized user\" means an employee or contractor of a Party who has completed the required training and holds the necessary access approvals.",
            "\"Incident\" means an occurrence that actually or imminently jeopardizes the confidentiality, integrity or availability of information.",
        )))
    d.section(rng.choice(("Responsibilities", "Roles and Responsibilities", "Obligations of the Parties")),
              *_responsibilities(rng, d, t, a, b))
    if direction:
        d.section(rng.choice(("Information Sharing", "Information to be Shared", "Data Exchange")),
                  *W.data_sentences(rng, written_direction, a, b, subject[1]))
    d.section(rng.choice(("Security", "Safeguarding of Information", "Privacy and Security")), *W.security_paragraphs(rng, d, flags))
    if rng.random() < 0.6:
        d.section(rng.choice(("Funding", "Costs")), W.funding_sentence(rng))
    d.section(rng.choice(("Points of Contact", "Contacts")), *W.contacts_paragraphs(rng, d, [a, b]))
    d.section(rng.choice(("Term and Termination", "Duration and Termination", "Effective Date, Term and Termination")),
              term_sentence, W.termination_sentence(rng, abbr))
    d.section(rng.choice(("Modification", "Amendment", "Review and Amendment")), W.modification_sentence(rng, abbr))
    if rng.random() < 0.7:
        d.section(rng.choice(("Other Provisions", "No Private Right", "Miscellaneous")), W.no_rights_sentence(rng))

    people = [P.person(rng, a.titles), P.person(rng, b.titles)]
    return dict(title=" ".join(lines), title_lines=lines, parties=[a.name, b.name], party_objs=[a, b], people=people,
                sig_dates=sig_dates, sig_style=sig_style, effective=effective, on_signature=on_signature,
                term=term_text, expiry=expiry, direction=direction, subject=subject[0], model=model,
                agency=b.name if t == "287g" else None, state=b.state if t == "287g" else None,
                scope=_scope(t, direction, b))


def _write_letter(rng, d: P.Draft, a: P.Party, b: P.Party, subject: tuple, direction: str, flags: list[str], effective: date,
                  on_signature: bool, style: str, term_sentence: str, letter_date: date) -> list[str]:
    """A Letter of Intent is a letter: letterhead, date, addressee, salutation, body, closing."""
    if a.kind == "dhs":
        d.line("U.S. Department of Homeland Security")
    d.line(a.name)
    d.line(spell(letter_date, rng.choice(("long", "long", "day_month"))))
    d.gap()
    addressee = P.person(rng, b.titles)
    d.line(f"{addressee.title}")
    d.line(b.name)
    d.gap()
    lines = ["LETTER OF INTENT", f"REGARDING {subject[0].upper()}"]
    d.title(*lines)
    d.para(f"Dear {addressee.title}:")
    d.para(_purpose(rng, "loi", a, b, subject, None)[0])
    if rng.random() < 0.6:
        opener = rng.choice(("This letter is consistent with", "We write under the authority of"))
        d.para(f"{opener} {d.cite(rng.choice(V.AUTHORITIES['sharing']))}.")
    d.para(" ".join(W.data_sentences(rng, direction, a, b, subject[1])))
    for paragraph in W.security_paragraphs(rng, d, flags):
        d.para(paragraph)
    if not on_signature:
        d.para(f"This Letter of Intent takes effect on {spell(effective, style)}.")
    d.para(term_sentence)
    for paragraph in W.contacts_paragraphs(rng, d, [a, b]):
        d.para(paragraph)
    d.para(rng.choice(("We look forward to working with you.", "Thank you for your continued partnership.",
                       "We appreciate your cooperation and look forward to a formal agreement.")))
    return lines


def _scope(t: str, direction: str | None, partner: P.Party) -> str:
    if t in {"isa", "ica", "sla", "iaa", "cmaa", "287g"}:
        return f"exempt:{t}"
    if partner.kind == "dhs":
        return "out_of_scope:one_dhs"
    if direction == "inbound":
        return "out_of_scope:inbound_only"
    return "in_scope"


def sign(d: P.Draft, info: dict, signed: bool, rng: random.Random) -> list[str]:
    """Append the signature blocks; returns the ISO signature dates actually written."""
    letter = info.get("letter", False)
    if not letter:
        d.section(rng.choice(("Signatures", "Approval", "Approvals and Signatures")),
                  rng.choice(("IN WITNESS WHEREOF, the Parties have signed this Agreement.",
                              "The undersigned, being duly authorized, agree to the terms above.",
                              "Approved by the following officials:")))
    written = []
    for n, (party, who, day) in enumerate(zip(info["party_objs"], info["people"], info["sig_dates"])):
        if letter:
            d.para(("Sincerely,", "ACKNOWLEDGED AND AGREED:")[min(n, 1)])
        text = spell(day, info["sig_style"]) if signed else None
        d.signature(party, who, text, info.get("block_style", 0))
        if signed:
            written.append(day.isoformat())
    return written

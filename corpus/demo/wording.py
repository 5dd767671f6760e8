"""Alternative phrasings of the sections agreements share. Each function picks one phrasing
(and optional extra sentences) so two documents of a type rarely share trivial template text;
what stays characteristic of a type is what a human reader uses: the title and the purpose."""
from __future__ import annotations

import random

from corpus.demo.parties import Draft, Party, person, phone

RESTRICTED = {
    "title_iii": ("Information derived from court-authorized Title III intercepts of wire, oral or electronic communications "
                  "shall not be disclosed under this Agreement without the written approval of the prosecuting attorney.",
                  "Neither Party will share the contents of Title III intercepts, or information derived from them, "
                  "except as the authorizing court order permits."),
    "undercover": ("Information identifying undercover operations, undercover employees or their operational methods "
                   "shall be handled on a strict need-to-know basis and shall not be further disseminated.",
                   "Details of ongoing undercover operations are excluded from routine exchange and will be briefed orally only."),
    "bank_secrecy_act": ("Reports filed under the Bank Secrecy Act, including Suspicious Activity Reports and Currency "
                         "Transaction Reports, may be accessed only by personnel authorized by the Financial Crimes Enforcement Network.",
                         "Bank Secrecy Act information received by either Party shall not be disclosed to any third party "
                         "without the prior written consent of its originator."),
    "confidential_source": ("The identities of confidential sources and informants, and information that could reveal them, "
                            "shall not be shared under this Agreement.",
                            "Each Party shall protect information furnished by confidential informants and shall not "
                            "disclose the identity of any confidential source."),
    "grand_jury": ("Matters occurring before a grand jury and protected by Rule 6(e) secrecy shall not be exchanged "
                   "except as authorized by the court.",
                   "Grand jury material subject to Rule 6(e) is excluded from the information shared under this Agreement."),
    "third_agency": ("Information originating with a third agency shall not be further disseminated without the consent of "
                     "the originating agency (the third agency rule).",
                     "Under the third agency rule, neither Party will release information received from another agency "
                     "without that agency's prior approval."),
    "trade_secret": ("Trade secrets and confidential commercial information submitted by private entities shall be marked "
                     "and protected from public disclosure.",
                     "Proprietary information and trade secrets provided by manufacturers or carriers shall be used solely "
                     "for the purposes of this Agreement."),
    "asylum": ("Information contained in or pertaining to asylum applications, credible fear and reasonable fear "
               "determinations is confidential and shall not be disclosed to the government of the applicant's country.",
               "Records relating to asylum seekers and refugees are excluded from any exchange with foreign partners "
               "under this Agreement."),
}


def data_sentences(rng: random.Random, direction: str, a: Party, b: Party, data: str) -> list[str]:
    """The information-sharing paragraph stating who gives data to whom (the truth's data_direction)."""
    if direction == "outbound":
        options = (
            f"Under this Agreement, {a.ref} will provide {b.ref} with {data}. {b.ref[0].upper() + b.ref[1:]} will not "
            f"provide information to {a.ref} under this Agreement.",
            f"The exchange is one-way: {a.ref} shares {data} with {b.ref}, which may use the information solely for "
            f"the purposes stated in this Agreement.",
            f"{a.ref[0].upper() + a.ref[1:]} agrees to disclose {data} to {b.ref} through the means described below. "
            f"No information will flow from {b.ref} to {a.ref} under this Agreement.",
            f"Authorized users of {b.ref} shall have read-only access to the {a.abbr} systems that hold {data}. "
            f"{b.ref[0].upper() + b.ref[1:]} does not contribute records under this Agreement.",
            f"{a.ref[0].upper() + a.ref[1:]} will make {data} available to {b.ref} through a secure web portal.",
        )
    elif direction == "inbound":
        options = (
            f"Under this Agreement, {b.ref} will provide {a.ref} with {data}. {a.ref[0].upper() + a.ref[1:]} will not "
            f"disclose any of its own records to {b.ref} under this Agreement.",
            f"The exchange is one-way: {b.ref} furnishes {data} to {a.ref}; {a.ref} provides no records in return.",
            f"{b.ref[0].upper() + b.ref[1:]} agrees to transmit {data} to {a.ref}. Information will flow only from "
            f"{b.ref} to {a.ref}.",
            f"{b.ref[0].upper() + b.ref[1:]} will share {data} with {a.ref}, which will not disclose {a.abbr} records "
            f"in return.",
            f"{a.ref[0].upper() + a.ref[1:]} shall have access to the {data} held by {b.ref}; no {a.abbr} "
            f"information is provided to {b.ref} under this Agreement.",
        )
    else:
        options = (
            f"The Parties will exchange {data} on a reciprocal basis, each providing the other with the records "
            f"described in this section.",
            f"Each Party will share {data} with the other Party, subject to the safeguards set out in this Agreement.",
            f"{a.ref[0].upper() + a.ref[1:]} will provide {b.ref} with {data}, and {b.ref} will in turn provide "
            f"{a.ref} with comparable records in its possession.",
        )
    return [rng.choice(options)]


def authority_section(rng: random.Random, d: Draft, pool: tuple[str, ...], k: int) -> str:
    chosen = rng.sample(pool, min(k, len(pool)))
    cited = [d.cite(a) for a in chosen]
    listed = cited[0] if len(cited) == 1 else ", ".join(cited[:-1]) + " and " + cited[-1]
    return rng.choice((
        f"This Agreement is entered into under the authority of {listed}.",
        f"The Parties enter into this Agreement pursuant to {listed}.",
        f"Authority for this Agreement is provided by {listed}.",
        f"The following authorities apply: {listed}.",
    ))


def security_paragraphs(rng: random.Random, d: Draft, flags: list[str]) -> list[str]:
    paras = [rng.choice((
        "Each Party shall protect information received under this Agreement from unauthorized access, use, "
        "disclosure, modification or destruction, applying administrative, technical and physical safeguards.",
        "Information exchanged under this Agreement shall be stored on systems accredited to handle sensitive but "
        "unclassified information and shall be accessed only by personnel with a need to know.",
        "The receiving Party shall safeguard all records in accordance with its security policies and shall "
        "promptly report any suspected or confirmed incident involving the information to the providing Party.",
    ))]
    if rng.random() < 0.5:
        if rng.random() < 0.5:  # cite only when the citing sentence is the one written
            paras.append(f"Records about individuals shall be handled consistent with the Privacy Act of 1974, {d.cite('5 U.S.C. § 552a')}.")
        else:
            paras.append("Personally identifiable information shall be collected, used and retained only as necessary for the "
                         "purposes of this Agreement, and shall be disposed of securely when no longer needed.")
    for code in flags:
        paras.append(d.flag(code, rng.choice(RESTRICTED[code])))
    return paras


def contacts_paragraphs(rng: random.Random, d: Draft, parties: list[Party]) -> list[str]:
    paras = []
    intro = rng.choice(("The points of contact for this Agreement are:", "Each Party designates the following point of contact:",
                        "Questions concerning this Agreement should be directed to:"))
    paras.append(intro)
    for party in parties:
        who = person(rng, ("Program Manager", "Branch Chief", "Section Chief", "Liaison Officer", "Privacy Officer"))
        email = who.name.lower().replace(". ", ".").replace(" ", ".") + "@" + party.domain
        name = d.redact(who.name, "(b)(6), (b)(7)(C)", 0.9)
        tel = d.redact(phone(rng), "(b)(6)", 0.8)
        mail = d.redact(email, "(b)(6)", 0.8)
        paras.append(f"For {party.ref}: {name}, {who.title}, telephone {tel}, email {mail}.")
    return paras


def termination_sentence(rng: random.Random, abbr: str) -> str:
    return rng.choice((
        f"Either Party may terminate this {abbr} upon thirty (30) days' written notice to the other Party.",
        f"This {abbr} may be terminated at any time by mutual written consent, or by either Party on ninety (90) days' written notice.",
        f"Termination of this {abbr} does not relieve either Party of its obligation to protect information already exchanged.",
    ))


def modification_sentence(rng: random.Random, abbr: str) -> str:
    return rng.choice((
        f"This {abbr} may be modified only by a written amendment signed by authorized officials of both Parties.",
        f"Any modification of this {abbr} must be in writing and approved by each Party's signatory or successor.",
        f"The Parties will review this {abbr} annually and may amend it by mutual written agreement.",
    ))


def no_rights_sentence(rng: random.Random) -> str:
    return rng.choice((
        "This Agreement does not create any right or benefit, substantive or procedural, enforceable at law or "
        "otherwise by any third party against the Parties, their officers or employees.",
        "Nothing in this Agreement is intended to confer any rights on any person or entity that is not a Party.",
        "This Agreement is an internal arrangement between the Parties and does not create private rights of action.",
    ))


def funding_sentence(rng: random.Random) -> str:
    return rng.choice((
        "This Agreement does not obligate funds. Each Party will bear its own costs in carrying out this Agreement.",
        "Nothing in this Agreement obligates either Party to expend appropriations or to enter into any contract.",
        "All activities under this Agreement are subject to the availability of appropriated funds.",
    ))

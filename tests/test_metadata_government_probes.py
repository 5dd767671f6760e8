"""The 24 made-up government agreements of `government_probes.py` (issue 12: the kinds the graders check), its second
round of 10 (written after the first round's rules), third of 6 (after the second's) and fourth of 24 (written fresh,
before the extractor was read), fifth of 16 (written fresh, dates first), sixth of 18 (fresh, expiry first), round 7
(20 commercial contracts' term clauses, fresh), round 8 (16 government agreements, fresh, effective dates first) and
round 9 (20 commercial contracts, fresh, twelve stating no end), each expected value asserted: parties (every party
found, none extra), effective date, expiry date, title. A value still wrong after the rules of this round is marked
xfail with the reason (strict: a rule that starts reading it right must drop the mark)."""
from __future__ import annotations

import pytest

from extracted_text import extracted, field_value, party_names
from government_probes import FIFTH_ROUND, FOURTH_ROUND, PROBES, SECOND_ROUND, SIXTH_ROUND, THIRD_ROUND
from government_probes import EIGHTH_ROUND, NINTH_ROUND, SEVENTH_ROUND
from ingest.metadata.names import same_organisation

# (probe, field) -> why the extractor still reads it wrong
STILL_WRONG = {
    ("pilot_project_fns_state", "effective"):
        "a run-in caption 'PERIOD OF PERFORMANCE.' over 'The pilot shall begin on ... and end on ...': the pilot's "
        "period is not read as the agreement's (the latest signature date is given)",
    ("pilot_project_fns_state", "expiry"): "the same sentence: 'end on May 31, 2025' of the pilot is no expiry",
    ("pilot_project_fns_state", "title"):
        "a program line in mixed case under the heading ('Summer EBT Online Purchasing Pilot') is not joined",
    ("doe_epa_iaa_project_period", "expiry"):
        "the end of a 'Project Period:' range is no expiry (tests/test_metadata_roles.py asserts so; its start is the "
        "effective date only for want of any other)",
    ("isa_day_month_year", "parties"):
        "a mixed-case heading naming the two organisations on lines joined by a lone 'and', with no 'between', and "
        "no preamble: no reader takes them",
    ("isa_day_month_year", "title"): "the same heading's party lines are not joined to 'INTERCONNECTION SECURITY "
                                     "AGREEMENT (ISA)' (no 'between' line bridges them)",
    # round 4 (written fresh, scored before any change): the values still wrong after this round's rules
    ('loi_letterhead_re_line', 'parties'):
        "a letter's letterhead in capitals over its office line: the office line ('Office of Technical Services') is "
        "read for the sender, not the agency the letterhead and the body name",
    ('loi_letterhead_re_line', 'effective'):
        "'takes effect when MORPC countersigns it below' is not read as the countersignature's date: the letter's "
        "date line is given",
    ('loi_letterhead_re_line', 'expiry'):
        "'remains in effect until June 30, 2027, unless either party withdraws' in a letter: no expiry is read",
    ('loi_letterhead_re_line', 'title'):
        "the 'Re:' subject line of a letter with no heading is taken for its title (gold rule 3: no title)",
    ('dsa_health_university', 'parties'):
        "'the State of Minnesota, acting through its Commissioner of Health (\"MDH\")': the state is read, not the "
        "department the heading names",
    ('dsa_health_university', 'title'):
        "mixed-case party lines under a heading in capitals, joined by a lone 'and' with no 'between', are not joined",
    ('gsa_7600b_order_own_period', 'expiry'):
        "the order's 'End Date:' box is read as its period of performance's end, which is no expiry by this "
        "extractor's rule (tests/test_metadata_roles.py): none is given (the GT&C period's end was, before round 4)",
    ('amendment_no2_extends_expiration', 'effective'):
        "the amended MOU's own 'effective August 1, 2021' in the amendment's opening is taken for the amendment's",
    ('dua_labelled_term_fields_table', 'effective'):
        "the table's 'Effective Date | September 1, 2026' row is not read; the last signature is given",
    ('dua_labelled_term_fields_table', 'expiry'): "the table's 'Termination Date' row is not read",
    # round 5 (written fresh, dates first, scored before any change): the values still wrong after this round's rules
    ('loi_no_term_letterhead', 'parties'):
        "a letter's sender named in capitals on its letterhead and in the body with a department after a comma: only "
        "the addressee is read",
    ('iga_cover_letter_received_stamp', 'parties'):
        "'the State of Oregon, acting by and through its Department of Human Services': the state is read, not the "
        "department the heading names",
    ('iga_cover_letter_received_stamp', 'title'):
        "a cover letter's 'Re: Agreement No.' line on page 1 is taken for the title, not the agreement's heading",
    # round 6 (written fresh, expiry first, scored before any change): the values still wrong after this round's rules
    ('dsa_fifth_federal_fiscal_year', 'parties'):
        "'Office of Career, Technical, and Adult Education' (commas inside an office's name, after the department's) "
        "is cut at its commas",
    ('dsa_fifth_federal_fiscal_year', 'expiry'):
        "'until September 30 of the fifth Federal fiscal year following the fiscal year in which it takes effect'",
    ('moa_valid_through_fy2027', 'expiry'):
        "'is valid through FY2027' names no day: a bare FY is not said to be the federal one (a state's ends on another "
        "day), though both parties here are federal agencies",
    ('dua_table_period_of_agreement', 'title'):
        "mixed-case party lines under a heading in capitals, joined by a lone 'and' with no 'between', are not joined",
    # round 8 (written fresh, effective dates first, scored before any change): the values still wrong after its rules
    ('g8_mou_effective_date_section_far_down', 'parties'):
        "'the United States Department of Agriculture, Food and Nutrition Service (FNS)': the department and its "
        "service are read as two parties",
    ('g8_isa_date_range_in_header_table', 'parties'):
        "an ISA naming its systems ('VBMS, owned by VA, and DMFS, owned by SSA') gives the systems, not the agencies "
        "of its BETWEEN block",
    ('g8_mou_effective_on_assistant_secretary_approval_stamp', 'parties'):
        "'Office of Career, Technical, and Adult Education' (commas inside an office's name) is not read",
    ('g8_state_contract_certification_page_dated_earlier', 'parties'):
        "'the State of Colorado, acting by and through the Department of Public Safety': the state is read, not the "
        "department",
    ('g8_scanned_military_moa_day_month_abbrev', 'parties'):
        "'the Department of the Army, Fort Carson': the department is read without its installation",
    ('g8_iaa_form_effective_and_period_of_performance_boxes', 'parties'):
        "block 3's 'Department of Homeland Security, Federal Emergency Management Agency (FEMA)': the department is read, "
        "not its agency",
    ('g8_dsa_data_retention_period_no_end', 'title'):
        "mixed-case party line under a heading in capitals, with no 'between', is not joined",
    ('g8_letter_of_intent_date_line_no_term', 'parties'):
        "the signer's name over his office ('Federal Co-Chair, Appalachian Regional Commission') is read as a party",
}

ALL_ROUNDS = PROBES + SECOND_ROUND + THIRD_ROUND + FOURTH_ROUND + FIFTH_ROUND + SIXTH_ROUND
_EXTRACTED: dict[str, object] = {}


def _doc(probe):
    if probe.name not in _EXTRACTED:
        _EXTRACTED[probe.name] = extracted(*probe.pages)
    return _EXTRACTED[probe.name]


def _cases(field: str):
    return [pytest.param(p, id=p.name, marks=[pytest.mark.xfail(reason=STILL_WRONG[(p.name, field)], strict=True)]
                         if (p.name, field) in STILL_WRONG else []) for p in ALL_ROUNDS + SEVENTH_ROUND + EIGHTH_ROUND + NINTH_ROUND]


def _title_key(text: str | None) -> str:
    return " ".join("".join(c if c.isalnum() else " " for c in (text or "").lower()).split())


def test_the_probe_rounds_have_24_10_6_24_16_and_18_probes_with_unique_names():
    assert (len(PROBES), len(SECOND_ROUND), len(THIRD_ROUND), len(FOURTH_ROUND), len(FIFTH_ROUND)) == (24, 10, 6, 24, 16)
    assert len(SIXTH_ROUND) == 18
    assert len({p.name for p in ALL_ROUNDS}) == 98


def test_round_7_has_20_commercial_contracts_named_apart_from_the_other_rounds():
    assert len(SEVENTH_ROUND) == 20 and all("commercial contract" in p.about for p in SEVENTH_ROUND)
    assert not {p.name for p in SEVENTH_ROUND} & {p.name for p in ALL_ROUNDS} and len({p.name for p in SEVENTH_ROUND}) == 20


def test_round_8_has_16_government_agreements_named_apart_from_the_other_rounds():
    assert len(EIGHTH_ROUND) == 16 and all(p.name.startswith("g8_") for p in EIGHTH_ROUND)
    assert not {p.name for p in EIGHTH_ROUND} & {p.name for p in ALL_ROUNDS + SEVENTH_ROUND}


def test_round_9_has_20_commercial_contracts_twelve_stating_no_end_named_apart_from_the_other_rounds():
    assert len(NINTH_ROUND) == 20 and all("commercial contract" in p.about for p in NINTH_ROUND)
    assert sum(p.expiry is None for p in NINTH_ROUND) == 12
    assert not {p.name for p in NINTH_ROUND} & {p.name for p in ALL_ROUNDS + SEVENTH_ROUND + EIGHTH_ROUND} and len({p.name for p in NINTH_ROUND}) == 20


@pytest.mark.parametrize("probe", _cases("parties"))
def test_parties(probe):
    found = party_names(_doc(probe))
    for party in probe.parties:
        assert any(same_organisation(name, spelling) for name in found for spelling in party), \
            f"{party[0]} not found in {found}"
    for name in found:
        assert any(same_organisation(name, spelling) for party in probe.parties for spelling in party), \
            f"{name} is no party of {probe.name}"


@pytest.mark.parametrize("probe", _cases("effective"))
def test_effective_date(probe):
    assert field_value(_doc(probe), "effective_date") == probe.effective


@pytest.mark.parametrize("probe", _cases("expiry"))
def test_expiry_date(probe):
    assert field_value(_doc(probe), "expiry_date") == probe.expiry


@pytest.mark.parametrize("probe", _cases("title"))
def test_title(probe):
    # case, spacing and punctuation do not count, as in the gold's titles; a letter with no heading has no title
    assert _title_key(_doc(probe).title) == _title_key(probe.title)

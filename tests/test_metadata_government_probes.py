"""The 24 made-up government agreements of `government_probes.py` (issue 12: the kinds the graders check), its second
round of 10 (written after the first round's rules), third of 6 (after the second's) and fourth of 24 (written fresh,
before the extractor was read), each expected value asserted: parties (every party found, none extra), effective date, expiry date, title. A value still wrong after the
rules of this round is marked xfail with the reason (strict: a rule that starts reading it right must drop the mark)."""
from __future__ import annotations

import pytest

from extracted_text import extracted, field_value, party_names
from government_probes import FOURTH_ROUND, PROBES, SECOND_ROUND, THIRD_ROUND
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
    # round 4: each value wrong when the round was first scored (the extractor unchanged), as read then
    ('loi_letterhead_re_line', 'parties'):
        "fresh round 4, before any change: reads ['Office of Technical Services', 'Executive Director', "
        "'Mid-Ohio Regional Planning Commission', 'Gerald M. Tobin']",
    ('loi_letterhead_re_line', 'effective'):
        'fresh round 4, before any change: reads 2026-03-03',
    ('loi_letterhead_re_line', 'expiry'):
        'fresh round 4, before any change: reads None',
    ('loi_letterhead_re_line', 'title'):
        "fresh round 4, before any change: reads 'Letter of Intent - Regional Probe Vehicle Speed Data Exchange'",
    ('pilot_phases_pilot_period', 'expiry'):
        'fresh round 4, before any change: reads None',
    ('dsa_health_university', 'parties'):
        "fresh round 4, before any change: reads ['State of Minnesota', 'Regents of the University of Minnesota']",
    ('dsa_health_university', 'expiry'):
        'fresh round 4, before any change: reads 2025-05-24',
    ('dsa_health_university', 'title'):
        "fresh round 4, before any change: reads 'DATA SHARING AGREEMENT'",
    ('isa_parties_in_signature_table', 'effective'):
        'fresh round 4, before any change: reads 2026-02-27',
    ('isa_parties_in_signature_table', 'expiry'):
        'fresh round 4, before any change: reads 2029-05-12',
    ('gsa_7600b_order_own_period', 'effective'):
        'fresh round 4, before any change: reads 2025-10-01',
    ('gsa_7600b_order_own_period', 'expiry'):
        'fresh round 4, before any change: reads 2030-09-30',
    ('amendment_no2_extends_expiration', 'effective'):
        'fresh round 4, before any change: reads 2021-08-01',
    ('mou_dates_only_in_routing_stamp', 'effective'):
        'fresh round 4, before any change: reads 2026-02-26',
    ('moa_36_months_from_final_signature', 'effective'):
        'fresh round 4, before any change: reads None',
    ('moa_36_months_from_final_signature', 'expiry'):
        'fresh round 4, before any change: reads None',
    ('mou_through_end_of_federal_fiscal_year', 'expiry'):
        'fresh round 4, before any change: reads None',
    ('moa_cover_page_control_number_banner', 'effective'):
        'fresh round 4, before any change: reads 2026-04-02',
    ('moa_cover_page_control_number_banner', 'expiry'):
        'fresh round 4, before any change: reads 2031-04-02',
    ('moa_running_header_agreement_number', 'title'):
        "fresh round 4, before any change: reads 'Agreement No. NOAA-NMFS-MOA-26-0093'",
    ('moc_later_signature_day_of_month', 'effective'):
        'fresh round 4, before any change: reads None',
    ('dua_labelled_term_fields_table', 'parties'):
        'fresh round 4, before any change: reads []',
    ('dua_labelled_term_fields_table', 'effective'):
        'fresh round 4, before any change: reads 2026-08-19',
    ('dua_labelled_term_fields_table', 'expiry'):
        'fresh round 4, before any change: reads None',
    ('dua_labelled_term_fields_table', 'title'):
        "fresh round 4, before any change: reads 'Contract Management Section'",
    ('state_tribal_mou_retroactive_effective', 'effective'):
        'fresh round 4, before any change: reads 2025-08-27',
    ('iaa_period_of_agreement_narrative_dod_va', 'parties'):
        'fresh round 4, before any change: reads []',
    ('iaa_period_of_agreement_narrative_dod_va', 'effective'):
        'fresh round 4, before any change: reads None',
    ('iaa_period_of_agreement_narrative_dod_va', 'title'):
        "fresh round 4, before any change: reads 'INTERAGENCY AGREEMENT Between Department of Veterans Affairs'",
}

ALL_ROUNDS = PROBES + SECOND_ROUND + THIRD_ROUND + FOURTH_ROUND
_EXTRACTED: dict[str, object] = {}


def _doc(probe):
    if probe.name not in _EXTRACTED:
        _EXTRACTED[probe.name] = extracted(*probe.pages)
    return _EXTRACTED[probe.name]


def _cases(field: str):
    return [pytest.param(p, id=p.name, marks=[pytest.mark.xfail(reason=STILL_WRONG[(p.name, field)], strict=True)]
                         if (p.name, field) in STILL_WRONG else []) for p in ALL_ROUNDS]


def _title_key(text: str | None) -> str:
    return " ".join("".join(c if c.isalnum() else " " for c in (text or "").lower()).split())


def test_the_probe_rounds_have_24_10_6_and_24_probes_with_unique_names():
    assert (len(PROBES), len(SECOND_ROUND), len(THIRD_ROUND), len(FOURTH_ROUND)) == (24, 10, 6, 24)
    assert len({p.name for p in ALL_ROUNDS}) == 64


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

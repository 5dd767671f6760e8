"""Titles of plain-text filings whose opening lines were run together, or that print a letterhead column or a page
counter on the heading's line (issue 12). Made-up text only."""
from __future__ import annotations

from extracted_text import extracted

PREAMBLE = ("(\"Agreement\") is made as of June 1, 2012 by and between Alder Tools, Inc., a Delaware corporation, and "
            "Brightwater Supply LLC, an Oregon limited liability company. " + "The parties agree as follows. " * 12)


def _title(text: str) -> str:
    return extracted(text).title


def test_a_heading_run_into_the_preamble_is_the_name_the_preamble_gives():
    assert _title("Exhibit 10.4 SUPPLY AND SERVICES AGREEMENT This SUPPLY AND SERVICES AGREEMENT " + PREAMBLE) == \
        "SUPPLY AND SERVICES AGREEMENT"


def test_a_run_on_legend_and_company_name_before_the_heading_are_left_out():
    text = ("Exhibit 10.9    CONFIDENTIAL TREATMENT HAS BEEN REQUESTED FOR PORTIONS OF THIS EXHIBIT.   ALDER TOOLS, INC. "
            "REGIONAL RESELLER AGREEMENT This Regional Reseller Agreement " + PREAMBLE)
    assert _title(text) == "REGIONAL RESELLER AGREEMENT"


def test_a_heading_the_preamble_repeats_word_for_word():
    text = ("Exhibit 10.2 EXECUTION VERSION JOINT MARKETING AGREEMENT JOINT MARKETING AGREEMENT, dated as of May 3, 2018, by "
            "and among Alder Tools, Inc. and Brightwater Supply LLC. " + "The parties agree as follows. " * 12)
    assert _title(text) == "JOINT MARKETING AGREEMENT"


def test_a_letterhead_column_beside_the_heading_is_not_title():
    text = ("EXHIBIT 10.8\n\nRESELLER AGREEMENT         Alder Tools, Inc. 12 Market Street Suite 4 Salem, OR 97301 "
            "Tel: (503) 555-0100\n\nThis Agreement is effective 3/1/99 between Alder Tools, Inc. and Brightwater Supply LLC.\n")
    assert _title(text) == "RESELLER AGREEMENT"


def test_a_page_counter_on_the_heading_line_is_not_title():
    text = ("Exhibit 10.1\n\nCONSULTING SERVICES AGREEMENT Between Alder Tools, Inc. and Brightwater Supply LLC Page 1 of 7\n\n"
            "THIS CONSULTING SERVICES AGREEMENT is made as of May 2, 2016.\n")
    assert _title(text) == "CONSULTING SERVICES AGREEMENT Between Alder Tools, Inc. and Brightwater Supply LLC"

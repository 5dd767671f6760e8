"""Date rules for kinds of text (issue 12, sixth round): which of an agreement's own dates is its effective date (a
defined "Effective Date" and the stated first day of its term before the day it was made), a testimonium that dates
the execution, a price list or policy "in effect as of" a day (no date of the agreement), and terms counted
"thereafter" or "from that date" or only referring back to a notice period. Each test is made-up text in the shape
commercial contracts and government MOUs and MOAs take; none is copied from a shared document."""
from __future__ import annotations

from extracted_text import date_roles as _roles, extracted as _extract, field_value as _value


# --- which own date is the effective date -------------------------------------------------------------------------

def test_a_defined_effective_date_in_the_term_clause_beats_the_date_entered_into():
    doc = _extract("SERVICES AGREEMENT\n\nThis Services Agreement is entered into as of November 20, 2015 by and "
                   "between Larkspur Data Inc. and Fenwick Freight LLC.\n\n1. Services. Larkspur shall host the "
                   "routing software.\n\n9. Term. This Agreement shall be effective as of January 1, 2016 (the "
                   "\"Effective Date\"). The initial term of this Agreement shall begin on the Effective Date and "
                   "continue for two (2) years.\n")
    assert _value(doc, "effective_date") == "2016-01-01"
    assert _value(doc, "expiry_date") == "2018-01-01"


def test_an_moa_entered_into_on_one_day_and_effective_on_a_defined_later_day():
    doc = _extract("MEMORANDUM OF AGREEMENT\nBETWEEN THE COUNTY OF ALDER AND THE ALDER TRANSIT DISTRICT\n\n"
                   "This Memorandum of Agreement (MOA) is entered into on May 2, 2018 by the County of Alder and the "
                   "Alder Transit District.\n\nI. PURPOSE\nThe parties will share ridership records.\n\nVI. TERM\n"
                   "This MOA shall become effective on July 1, 2018 (the \"Effective Date\") and shall remain in "
                   "effect for three (3) years from the Effective Date.\n")
    assert _value(doc, "effective_date") == "2018-07-01"
    assert _value(doc, "expiry_date") == "2021-07-01"


def test_the_stated_first_day_of_the_agreements_own_term_beats_the_day_it_was_made():
    doc = _extract("ENDORSEMENT AGREEMENT\n\nThis Agreement is made on March 14, 2016 between Copperline Sports, Inc. "
                   "and Dana Ruiz.\n\n1. TERM\nThe Term of this Agreement shall be for a period of two (2) years "
                   "commencing on February 1, 2016.\n\n2. SERVICES\nMs. Ruiz shall appear at four events each year.\n")
    assert _value(doc, "effective_date") == "2016-02-01"
    assert _value(doc, "expiry_date") == "2018-02-01"


def test_an_mou_entered_into_this_day_whose_term_commences_on_another():
    doc = _extract("MEMORANDUM OF UNDERSTANDING\n\nThis Memorandum of Understanding is entered into this 15th day of "
                   "September 2020 between the Department of Health of the State of Eastland and the Eastland "
                   "Housing Authority.\n\nTERM OF MOU\nThe term of this MOU shall commence on October 1, 2020 and "
                   "shall remain in effect for five (5) years.\n")
    assert _value(doc, "effective_date") == "2020-10-01"
    assert _value(doc, "expiry_date") == "2025-10-01"


def test_a_defined_period_of_the_contract_gives_its_start():
    doc = _extract("LICENSE AGREEMENT\n\nThis License Agreement (\"Agreement\") made October 3, 2019, between Harbor "
                   "Alumni Club and Bluefin Beverages, Inc.\n\n1. DEFINITIONS\nA. \"Contract Period\" shall mean that "
                   "period of time of three (3) years commencing on November 1, 2019 and concluding October 31, 2022, "
                   "unless terminated sooner.\n")
    assert _value(doc, "effective_date") == "2019-11-01"
    assert _value(doc, "expiry_date") == "2022-10-31"


def test_the_term_of_a_lease_does_not_move_the_agreements_effective_date():
    doc = _extract("SITE SERVICES AGREEMENT\n\nThis Site Services Agreement is made as of April 4, 2017 between "
                   "Granite Works LLC and Tessel Power Corp.\n\n2. Premises. The term of the Lease shall commence on "
                   "May 1, 2017. Granite Works shall maintain the premises during the term of the Lease.\n")
    assert _value(doc, "effective_date") == "2017-04-04"


# --- a testimonium's date ------------------------------------------------------------------------------------------

def test_a_testimonium_executing_this_agreement_this_day_dates_it():
    doc = _extract("JOINT FILING AGREEMENT\n\nThe undersigned agree to the joint filing of any statement on Schedule "
                   "13G with respect to the common stock of Pell Robotics, Inc. This Agreement shall remain in full "
                   "force and effect until revoked by any party hereto in a signed writing.\n\nIN WITNESS WHEREOF, the "
                   "undersigned hereby execute this Agreement this 9th day of February 2021.\n\nWESTBAY PARTNERS "
                   "L.P.\nBy: /s/ Ian Cole\n")
    assert _value(doc, "effective_date") == "2021-02-09"
    assert _value(doc, "expiry_date") is None


def test_an_mou_the_parties_execute_this_day():
    doc = _extract("MEMORANDUM OF UNDERSTANDING\n\nThe City of Marlow Police Department and the Marlow Unified School "
                   "District will share incident reports as set out below.\n\nThis MOU remains in effect until "
                   "terminated by either party on thirty days' written notice.\n\nIN WITNESS WHEREOF, the parties "
                   "execute this Memorandum of Understanding this 12th day of June 2019.\n")
    assert _value(doc, "effective_date") == "2019-06-12"
    assert _value(doc, "expiry_date") is None


# --- dates that are not the agreement's own -----------------------------------------------------------------------

def test_a_price_list_in_effect_as_of_a_day_is_no_effective_date():
    doc = _extract("DISTRIBUTOR AGREEMENT\n\nTHIS AGREEMENT, made as of the 1st day of December, (the \"Effective "
                   "Date\") by and between Orchid Coatings Ltd. and Ridgeway Auto Supply.\n\n3. PRICES\nAll Products "
                   "shall be invoiced at Orchid's Price List in effect as of January 1, 2005 set out in Appendix 2.\n")
    assert _roles(doc)["2005-01-01"] == "other"
    assert _value(doc, "effective_date") is None


def test_a_fee_schedule_current_as_of_a_day_in_an_mou_is_no_effective_date():
    doc = _extract("MEMORANDUM OF UNDERSTANDING\n\nThe State Crime Laboratory will analyse evidence submitted by the "
                   "Town of Pell Police Department. Fees follow the Laboratory's fee schedule current as of July 1, "
                   "2014.\n\nThis MOU takes effect upon an exchange of letters between the parties.\n")
    assert _value(doc, "effective_date") is None


def test_an_agreement_said_to_be_in_effect_as_of_a_day_still_dates_itself():
    doc = _extract("SUPPLY AGREEMENT\n\nThis Agreement shall be in effect as of March 1, 2012 between Keel Foods Inc. "
                   "and Moray Packaging Ltd.\n")
    assert _value(doc, "effective_date") == "2012-03-01"


# --- terms -----------------------------------------------------------------------------------------------------

def test_a_term_continuing_for_months_thereafter_ends_after_them():
    doc = _extract("ONLINE HOSTING AGREEMENT\n\nThis Online Hosting Agreement is entered into effective as of the 1st "
                   "day of June, 2019 by Quill Media Corp. and Arbor Web Services Inc.\n\nSection 3. TERM. (a) The term "
                   "of this Agreement shall begin on the date hereof (the \"Effective Date\") and shall continue for a "
                   "period of 12 months thereafter (the \"Period\") in full force and effect until it is terminated in "
                   "accordance with this Section 3.\n")
    assert _value(doc, "effective_date") == "2019-06-01"
    assert _value(doc, "expiry_date") == "2020-06-01"


def test_a_term_counted_from_that_date_starts_on_the_date_the_sentence_states():
    doc = _extract("CONSULTING AGREEMENT\n\nTHIS AGREEMENT made effective the 1st day of March 2019 (the \"Effective "
                   "Date\"), between Tamsin Labs Inc. and Rowan Advisory Ltd.\n\n5.1 Term. The term of this Agreement "
                   "shall commence on March 15, 2019 and shall expire on the day that is twenty-four (24) months from "
                   "that date, unless terminated earlier.\n")
    assert _value(doc, "effective_date") == "2019-03-01"
    assert _value(doc, "expiry_date") == "2021-03-15"


def test_a_period_referred_back_to_is_no_term():
    doc = _extract("MEMORANDUM OF UNDERSTANDING\n\nThis MOU is effective as of August 1, 2017 between the Harlow "
                   "County Sheriff's Office and the Harlow County Department of Social Services.\n\n8. AMENDMENT\n"
                   "Either party may propose an amendment in writing. If the parties do not agree on it within ninety "
                   "(90) days, this MOU shall terminate at the end of the said ninety (90) days.\n")
    assert _value(doc, "effective_date") == "2017-08-01"
    assert _value(doc, "expiry_date") is None


def test_a_term_counted_from_the_date_hereof_starts_on_the_day_the_agreement_is_dated():
    doc = _extract("OUTSOURCING AGREEMENT\n\nKestrel TV, Inc. and Harrow Broadcasting, L.L.C. hereby enter into this "
                   "Agreement (this \"Agreement\") dated March 28, 2003.\n\n5. Term. The term of this Agreement shall "
                   "commence on April 1, 2003. Unless sooner terminated, the term of this Agreement shall end on the "
                   "fifth anniversary of the date hereof.\n")
    assert _value(doc, "effective_date") == "2003-04-01"
    assert _value(doc, "expiry_date") == "2008-03-28"


def test_an_effective_date_defined_with_hereinafter_is_the_defined_one():
    doc = _extract("CONFIDENTIALITY AGREEMENT\n\nThis Confidentiality Agreement (hereinafter the \"Agreement\") is made "
                   "and entered into as of the 16th day of July, 2012 (hereinafter \"Effective Date\") by Alder Bio Inc. "
                   "and Wren Labs LLC.\n\n12. This Agreement shall remain in effect for five (5) years from the "
                   "Effective Date.\n\nJanuary 5, 2016\nRe: the Confidentiality Agreement dated as of July 16, 2012\n"
                   "The parties agree that the term of this Agreement shall be extended from July 16, 2017 to July 16, "
                   "2019.\n")
    assert _value(doc, "effective_date") == "2012-07-16"


# --- no expiry where the text gives the agreement none -------------------------------------------------------------

def test_a_period_counted_from_the_effective_date_hereof_starts_on_the_effective_date():
    doc = _extract("NON-CIRCUMVENTION AGREEMENT\n\nThis Agreement is made this 6th of February, 2011 by and between "
                   "Cobalt Trading Ltd. and Jura Minerals plc.\n\n2. The Agreement is valid for all transactions between "
                   "the Parties for a period of two (2) years from the effective date hereof.\n")
    assert _value(doc, "expiry_date") == "2013-02-06"


def test_obligations_under_this_agreement_do_not_make_its_term():
    doc = _extract("CONFIDENTIALITY AGREEMENT\n\nThis letter agreement is dated March 2, 2012 between Pine Street "
                   "Partners and Osprey Retail, Inc.\n\n7. Your obligations under this letter agreement shall expire (i) "
                   "upon the execution of a definitive agreement for the Transaction or (ii) three years from the date of "
                   "this letter agreement. You agree not to solicit any employee listed on Exhibit A attached to this "
                   "agreement for a period of one year after the date of this agreement.\n")
    assert _value(doc, "effective_date") == "2012-03-02"
    assert _value(doc, "expiry_date") is None


def test_a_term_that_holds_only_on_a_condition_gives_no_expiry():
    doc = _extract("NON-COMPETE AGREEMENT\n\nThis Agreement dated this 18th day of September, 2014 is entered into by "
                   "Brightwater Labs, Inc. and Sam Ortiz.\n\n6. Term. Mr. Ortiz agrees that the term of this Agreement "
                   "shall be as follows: (i) in the event that he does not join the Company, then the Term shall be for a "
                   "period of two (2) years from the date of this Agreement, or (ii) in the event that he joins the "
                   "Company, the Term shall end one year after his employment ends.\n")
    assert _value(doc, "expiry_date") is None


def test_an_mou_term_that_holds_only_if_funding_is_approved_gives_no_expiry():
    doc = _extract("MEMORANDUM OF UNDERSTANDING\n\nThis MOU is effective on January 15, 2021 between the Lake County "
                   "Health Department and the Lake County Library District.\n\nIV. DURATION\nIf the County Board "
                   "approves the grant, this MOU shall remain in effect for a period of three (3) years.\n")
    assert _value(doc, "effective_date") == "2021-01-15"
    assert _value(doc, "expiry_date") is None


def test_the_end_of_a_named_standstill_period_is_no_expiry():
    doc = _extract("CONFIDENTIALITY AGREEMENT\n\nThis Agreement is entered into as of June 3, 2013 by Marten Software "
                   "Corp. and Heron Capital LLC.\n\n8. From the date of this Agreement until May 31, 2015 (the "
                   "\"Standstill Period\") Heron will not acquire any securities of Marten.\n")
    assert _roles(doc)["2015-05-31"] == "other"
    assert _value(doc, "expiry_date") is None


def test_the_end_of_the_term_named_as_such_is_still_the_expiry():
    doc = _extract("PROMOTION AGREEMENT\n\nThis Agreement is made as of June 2, 2016 by Alder Pharma, Inc. and Birch "
                   "Health LLC.\n\n8.1 Term. The term of this Agreement shall commence on the Effective Date and shall "
                   "continue, unless terminated sooner, until June 2, 2021 (the \"Term\").\n")
    assert _value(doc, "expiry_date") == "2021-06-02"


def test_the_end_of_the_initial_term_named_inside_its_quotes_is_the_expiry():
    doc = _extract("HOSTING AGREEMENT\n\nTHIS AGREEMENT is made on 20 March 2004 between Lindum Press Ltd and Fenmark "
                   "Web Ltd.\n\n3. Duration\n3.1. This Agreement shall commence on 1 January 2004. The initial term of "
                   "this Agreement and the provision of the Services, unless terminated as set out herein, shall continue up to and including 28 February 2006 "
                   "(\"the Initial Term\").\n")
    assert _value(doc, "expiry_date") == "2006-02-28"


def test_a_term_counted_from_an_approval_the_text_does_not_date_gives_no_expiry():
    doc = _extract("MEMORANDUM OF UNDERSTANDING\n\nThis MOU is entered into on March 3, 2020 between the City of Orrin "
                   "and the Orrin County School District.\n\nThis MOU shall remain in effect for three (3) years from the "
                   "date the State Board approves the application.\n")
    assert _value(doc, "effective_date") == "2020-03-03"
    assert _value(doc, "expiry_date") is None


_SIGNED = ("\n\nCITY OF ORRIN\nBy: /s/ Ann Vale\nName: Ann Vale\nTitle: City Manager\nDate: March 3, 2020\n\n"
           "ORRIN COUNTY SCHOOL DISTRICT\nBy: /s/ Ben Yu\nName: Ben Yu\nTitle: Superintendent\nDate: March 9, 2020\n")


def test_an_agreement_effective_upon_an_approval_takes_no_signature_date_as_effective():
    doc = _extract("INTERAGENCY AGREEMENT\n\nThe City of Orrin and the Orrin County School District agree as follows."
                   "\n\nThis Agreement is effective upon approval by the State Controller. The term of this Agreement is "
                   "two (2) years from the Effective Date." + _SIGNED)
    assert sorted(f.normalized for f in doc.fields if f.name == "signature_date") == ["2020-03-03", "2020-03-09"]
    assert _value(doc, "effective_date") is None


def test_an_mou_effective_upon_signature_still_takes_the_last_signature():
    doc = _extract("MEMORANDUM OF UNDERSTANDING\n\nThe City of Orrin and the Orrin County School District agree as "
                   "follows.\n\nThis MOU is effective upon signature of both parties and shall remain in effect for "
                   "three (3) years from the Effective Date." + _SIGNED)
    assert _value(doc, "effective_date") == "2020-03-09"
    assert _value(doc, "expiry_date") == "2023-03-09"


# --- "this <n> day of" in the sentence that makes the agreement ------------------------------------------------------

def test_an_agreement_made_in_duplicate_this_day_is_dated_by_it():
    doc = _extract("TRANSPORTATION SERVICES AGREEMENT\n\nTHIS AGREEMENT made in duplicate this 20 day of November, 2003."
                   "\n\nB E T W E E N:\n\nNORTHGATE COURIER LTD.\n\n- and -\n\nPARCEL LINE SYSTEMS LTD.\n\nThis Agreement "
                   "shall be effective from the date first above written and shall continue until terminated by either "
                   "party.\n")
    assert _value(doc, "effective_date") == "2003-11-20"
    assert _value(doc, "expiry_date") is None


def test_an_mou_made_by_and_between_the_parties_this_day_is_dated_by_it():
    doc = _extract("MEMORANDUM OF UNDERSTANDING\n\nThis Memorandum of Understanding (the \"MOU\") is made and entered into "
                   "by and between the County of Harlow (\"County\") and the Harlow Valley Water District (\"District\") "
                   "this 14th day of March, 2016.\n\n1. Term. The term of this MOU shall be three (3) years, which shall "
                   "commence on the date the new treatment facility opens to the public.\n")
    assert _value(doc, "effective_date") == "2016-03-14"
    assert _value(doc, "expiry_date") is None


def test_a_term_whose_start_is_named_after_its_length_as_a_date_ends_after_it():
    doc = _extract("DISTRIBUTOR AGREEMENT\n\nThis Agreement is made as of May 5, 2010 by Quarry Lighting Corp. and "
                   "Tern Supply LLC.\n\n1.3 Term. The term of this Agreement shall be five (5) years (the \"Term\") which "
                   "shall commence on June 1, 2010.\n")
    assert _value(doc, "expiry_date") == "2015-06-01"


def test_an_effective_date_defined_as_the_last_signature_is_read_as_such():
    doc = _extract("DATA SHARING AGREEMENT\n\nThe City of Orrin and the Orrin County School District agree as follows."
                   "\n\n1. Definitions. \"Effective Date\" means the date on which this Agreement is signed by the last of "
                   "the Parties.\n2. Term. This Agreement shall remain in effect for two (2) years from the Effective "
                   "Date." + _SIGNED)
    effective = next(f for f in doc.fields if f.name == "effective_date")
    assert (effective.normalized, effective.attributes["basis"]) == ("2020-03-09", "last_signature")
    assert _value(doc, "expiry_date") == "2022-03-09"

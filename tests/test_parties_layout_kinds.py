"""Kinds of parties wording the reader missed on fresh development rows (issue 12, round 13), each with made-up
text: parties named under letters ("Party A: ... / Party B: ..."), a "BETWEEN: / AND:" block set on lines of its own,
a region's bracket before a company's form ("(Africa) (Pty) Limited"), names in capitals defined by a term with no
connector before them, and a company without a suffix described by its kind and address under a heading."""
from __future__ import annotations

from extracted_text import extracted, party_names


def test_parties_named_under_letters_with_their_particulars():
    doc = extracted("TECHNICAL SERVICE AGREEMENT\n\nThis Agreement is entered into in Hangzhou on March 3, 2016 by the "
                    "following parties:\n\nParty A: Lanxi Zhiyuan Software (Hangzhou) Co., Ltd. (兰溪智远软件有限公司) "
                    "Registered Address: 18 Wensan Road, Hangzhou\nLegal Representative: Zhou Wei\n\nParty B: Hangzhou "
                    "Qiantang Data Services Co., Ltd. Legal Representative: Li Na Address: 5 Binjiang Road, Hangzhou\n\n"
                    "WHEREAS, Party A owns the software and Party B operates a data platform;\n\n1. Services\nParty A "
                    "shall provide the services to Party B.\n")
    assert party_names(doc) == ["Lanxi Zhiyuan Software (Hangzhou) Co., Ltd.", "Hangzhou Qiantang Data Services Co., Ltd."]


def test_lettered_parties_run_together_on_one_line():
    doc = extracted("Cooperation Agreement This Cooperation Agreement is made and entered into by and between the following "
                    "parties in Chaoyang District, Beijing. Party A: Beijing Hengtai Mobility Technology Co., Ltd. Legal "
                    "Representative: Wang Jun Party B: Tianjin Ruifeng Vehicle Leasing Co., Ltd Legal Representative: "
                    "Chen Hao Party A and Party B shall be individually referred to as a \"Party\".\n")
    assert party_names(doc) == ["Beijing Hengtai Mobility Technology Co., Ltd.", "Tianjin Ruifeng Vehicle Leasing Co., Ltd"]


def test_a_lone_party_a_label_names_no_parties_section():
    doc = extracted("SUPPLY AGREEMENT\n\nThis Supply Agreement is made between Orrin Metals Inc., a Delaware corporation "
                    "(\"Orrin\"), and Keswick Castings Ltd., an Ontario corporation (\"Keswick\").\n\n1. Supply\nThe "
                    "schedule lists for Party A: Orrin Metals Inc. the volumes ordered.\n")
    assert party_names(doc) == ["Orrin Metals Inc.", "Keswick Castings Ltd."]


def test_a_between_and_block_with_colons_on_lines_of_their_own():
    doc = extracted("CONSULTING AGREEMENT\n\nTHIS AGREEMENT made effective the 2nd day of April 2018,\n\nBETWEEN:\n\n"
                    "NORTHSHORE BOTANICALS, INC., a company having its registered office at 120 Harbour Street, "
                    "Victoria, BC V8W 1A1\n\n(\"Northshore\" or the \"Company\")\n\nAND:\n\nDR. ELENA VOSS N.D. INC., "
                    "having an office at 44 Fir Avenue, Vancouver, BC V5M 2K2\n\n(the \"Contractor\")\n\nWITNESSES THAT "
                    "WHEREAS the Company would like to engage the Contractor;\n")
    assert party_names(doc) == ["NORTHSHORE BOTANICALS, INC.", "DR. ELENA VOSS N.D. INC."]


def test_a_region_in_brackets_before_the_company_form_is_part_of_the_name():
    doc = extracted("SUPPORT CONTRACT No. 114/07\n\nSUPPORT AGREEMENT entered into by and between KESTREL DATA SYSTEMS "
                    "(SOUTHERN AFRICA) (PTY) LIMITED (\"KESTREL\") a company incorporated in the Republic of South Africa "
                    "and VELD TELECOMMUNICATIONS LIMITED (\"VELD\") a company incorporated in the Republic of South "
                    "Africa\n\n1. RECORDAL\n")
    assert party_names(doc) == ["KESTREL DATA SYSTEMS (SOUTHERN AFRICA) (PTY) LIMITED", "VELD TELECOMMUNICATIONS LIMITED"]


def test_names_in_capitals_defined_by_a_term_with_no_connector_before_them():
    doc = extracted("EXHIBIT 10.3\n\nDATA HOSTING AGREEMENT This Data Hosting Agreement (the \"Agreement\") is entered "
                    "into and effective as of the later of the two signature dates below (the \"Effective Date\") "
                    "PELLAM SYSTEMS CORPORATION (\"Pellam\"), a Nevada corporation, 10 Grove Street, Reno, Nevada 89501, "
                    "and ORCHARD SOFTWARE CORPORATION (\"Orchard\"), a Washington corporation, 1 Orchard Way, Redmond, "
                    "Washington 98052, with reference to the facts set forth in the Recitals below.\n\nRecitals\n\n"
                    "A. Pellam develops software.\n")
    assert party_names(doc) == ["PELLAM SYSTEMS CORPORATION", "ORCHARD SOFTWARE CORPORATION"]


def test_a_company_without_a_suffix_described_by_its_kind_and_address_under_a_heading():
    doc = extracted("Harlow Minerals Ltd.                                   EXECUTION COPY\n\n"
                    "PATENT RIGHTS AGREEMENT\nCorvant, a California corporation having a principal place of business at "
                    "12 Mesa Road, San Diego, CA 92121 (or one or more Affiliates, the \"Investor\"), and Harlow Minerals "
                    "Ltd., a British Columbia corporation having a principal place of business at P.O. Box 2210, Denver, "
                    "Colorado 80202 (the \"Company\"), agree as follows:\n\n1. Background\n",
                    "IN WITNESS WHEREOF the Parties have signed.\n\nHarlow Minerals Ltd.\nBy: /s/ Ann Lee\n\nCorvant\n"
                    "By: /s/ Tom Ash\n")
    found = party_names(doc)
    assert "Corvant" in found and not any("AGREEMENT" in name for name in found), found


def test_a_preamble_list_parted_by_semicolons_names_each_party():
    doc = extracted("LICENSE AGREEMENT\n\nThis License Agreement (\"Agreement\") made March 2, 2018, between Coastal Rowing "
                    "Association - Bay Chapter (\"CRA-B\"), a charitable corporation organized under the laws of Oregon, "
                    "having its principal office at 40 Dock Street, Newport OR 97365; Coastal Rowing Association, Inc. "
                    "(\"CRA\"), a charitable corporation organized under the laws of Maine, having its principal office at "
                    "9 Pier Road, Bath, ME 04530 and Tidewater Drinks, Inc. a corporation organized under the laws of "
                    "Nevada (collectively the \"Company\").\n\nRECITALS\n\nA. CRA is a national rowing group.\n")
    assert party_names(doc) == ["Coastal Rowing Association - Bay Chapter", "Coastal Rowing Association, Inc.",
                                "Tidewater Drinks, Inc."]


def test_agencies_defined_by_a_word_in_brackets_after_possessive_chains():
    doc = extracted("INTERAGENCY AGREEMENT\n\nThis Interagency Agreement is between the U.S. Department of the Interior's "
                    "Bureau of Reclamation (Reclamation) and the U.S. Department of Agriculture's Natural Resources "
                    "Conservation Service (NRCS).\n\n1. PURPOSE\nTo coordinate water conservation work.\n")
    found = party_names(doc)
    assert len(found) == 2 and found[0].endswith("Bureau of Reclamation") and \
        found[1].endswith("Natural Resources Conservation Service"), found


def test_each_agency_on_a_page_of_signature_blocks_without_a_witness_clause():
    doc = extracted("MEMORANDUM OF UNDERSTANDING\n\nI. PURPOSE\nThis MOU establishes how crash records are shared between "
                    "the two agencies named below.\n\nII. TERM\nThis MOU is effective upon signature.\n",
                    "FOR THE COLORADO DEPARTMENT OF TRANSPORTATION:\n\n_____________________\nJane Roe, Executive "
                    "Director\nDate:\n\nFOR THE COLORADO STATE PATROL:\n\n_____________________\nJohn Doe, Chief\nDate:\n")
    assert party_names(doc) == ["COLORADO DEPARTMENT OF TRANSPORTATION", "COLORADO STATE PATROL"]


def test_a_heading_whose_connector_lines_end_in_the_article():
    doc = extracted("COMPUTER MATCHING AGREEMENT\nBETWEEN THE\nU.S. DEPARTMENT OF EDUCATION\nAND THE\nRAILROAD RETIREMENT "
                    "BOARD\n\nI. Purpose\nThis agreement sets the terms of the match.\n")
    # the article at the end of "BETWEEN THE" is no name of its own ("the" is a word of the body)
    assert party_names(doc) == ["U.S. DEPARTMENT OF EDUCATION", "RAILROAD RETIREMENT BOARD"]


def test_a_university_campus_joined_by_at_is_one_name():
    doc = extracted("DATA USE AGREEMENT\n\nThis Data Use Agreement is entered into by and between the Ohio Department of "
                    "Health, Office of Vital Statistics (\"OVS\") and the University of Cincinnati at Clermont "
                    "(\"Recipient\").\n\n1. Purpose\n")
    found = party_names(doc)
    assert "University of Cincinnati at Clermont" in found and "University" not in found, found


def test_a_department_whose_own_name_holds_a_comma_is_no_component():
    doc = extracted("DATA SHARING AGREEMENT\n\nThis Data Sharing Agreement (\"Agreement\") is made and entered into by and "
                    "between the State of Ohio, Department of Licensing, Revenue and Budget (\"DLRB\"), and Lorain County, "
                    "Ohio (\"County\").\n\n1. Purpose\n")
    found = party_names(doc)
    # "Revenue and Budget" alone would be a fragment of the department's name (worse than naming the State)
    assert "Revenue and Budget" not in found and "Lorain County" in found, found


def test_a_parties_caption_over_numbered_parties_without_a_colon():
    doc = extracted("LICENCE AGREEMENT\n\nPARTIES\n\n(1) Brightwater Media Ltd, a company incorporated in England and Wales "
                    "(company number 0123456) whose registered office is at 1 High Street, London (\"Licensor\"); and\n\n"
                    "(2) Copperleaf Games Inc., a Delaware corporation (\"Licensee\").\n\nBACKGROUND\n\n(A) The Licensor "
                    "owns the content.\n")
    assert party_names(doc) == ["Brightwater Media Ltd", "Copperleaf Games Inc."]


def test_a_parties_line_in_the_contents_opens_no_preamble():
    doc = extracted("SERVICES AGREEMENT\n\nCONTENTS\n\nPARTIES\nDEFINITIONS\nTERM\nFEES\n\nThis Services Agreement is made "
                    "between Olden Data Ltd (\"Olden\") and Rivet Labs Inc. (\"Rivet\").\n\n1. Services\n")
    assert party_names(doc) == ["Olden Data Ltd", "Rivet Labs Inc."]


def test_a_possessive_owner_with_its_acronym_before_the_component():
    doc = extracted("MEMORANDUM OF AGREEMENT\n\nThis Memorandum of Agreement is between the Department of Homeland "
                    "Security's (DHS) U.S. Citizenship and Immigration Services (USCIS) and the Utah Department of "
                    "Workforce Services (DWS).\n\nI. PURPOSE\nTo verify status.\n")
    # neither "Department of Homeland Security's" nor "Immigration Services" (fragments) is a party
    assert party_names(doc) == ["U.S. Citizenship and Immigration Services", "Utah Department of Workforce Services"]

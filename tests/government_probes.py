"""Probe documents for issue 12: 24 government agreements of the kinds the graders check (MOUs, MOAs, MOCs, 287(g)
MOAs, ISAs, IAA forms and narrative IAAs, data-sharing and data-use agreements, a letter of intent, a pilot-project
agreement, a letter agreement, a modification, an intergovernmental agreement), written for this module as page texts
in the layouts such agreements take: title blocks over several lines, BETWEEN/AMONG blocks, numbered parties and
authority sections citing laws with their dates, signature blocks stacked or side by side, form numbers, OMB control
numbers with their expiration dates, routing stamps, running headers and page counters.

The agencies are real public bodies (their names are how such documents name them); the people, numbers, dates and
wording are made up. Nothing here is copied from a real document. Each probe carries the values a reader takes from it
under the rules of `bench/metadata_gold.md`:

- `parties`: one entry per party, each a list of acceptable spellings (the first the fullest);
- `effective` / `expiry`: `YYYY-MM-DD`, or None where the text states none (then any value found is invented);
- `title`: the document's own heading, whole (rule 2: the BETWEEN block and a subtitle line joined), or None where the
  document has no heading line (a letter that opens with its letterhead and salutation): then no title is right.

Written before the extractor's code was read (its output was scored once, unchanged: `bench/government_probes.py`)."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Probe:
    name: str
    pages: tuple[str, ...]
    parties: tuple[tuple[str, ...], ...]
    effective: str | None
    expiry: str | None
    title: str | None


ICE = ("U.S. Immigration and Customs Enforcement", "Immigration and Customs Enforcement", "ICE")

PROBES: list[Probe] = []


def _probe(name, pages, parties, effective, expiry, title):
    PROBES.append(Probe(name, tuple(pages), tuple(tuple(p) for p in parties), effective, expiry, title))


# 1. 287(g) jail enforcement MOA, federal-local, signature blocks side by side, form revision in the footer
_probe("287g_jail_model_side_by_side", [
    """MEMORANDUM OF AGREEMENT
287(g) Jail Enforcement Model

This Memorandum of Agreement (MOA) constitutes an agreement between United States Immigration and Customs
Enforcement (ICE), a component of the Department of Homeland Security (DHS), and the Marlow County Sheriff's Office,
hereinafter referred to as the "Law Enforcement Agency" (LEA), pursuant to which ICE delegates to nominated, trained,
and certified personnel of the LEA the authority to perform certain immigration enforcement functions as specified
herein.

I. PURPOSE
The purpose of this MOA is to set forth the terms and conditions pursuant to which selected LEA personnel will be
nominated, trained, and approved by ICE to perform certain functions of an immigration officer within the LEA's
jail and detention facilities.

II. AUTHORITY
Section 287(g) of the Immigration and Nationality Act (INA), 8 U.S.C. § 1357(g), as amended by the Illegal
Immigration Reform and Immigrant Responsibility Act of 1996, Pub. L. No. 104-208, enacted September 30, 1996,
authorizes the Secretary of Homeland Security to enter into written agreements with a State or any political
subdivision of a State.

Revised 01/2023                                                                                Page 1 of 4
""",
    """287(g) MOA - Marlow County Sheriff's Office

XVIII. DURATION AND TERMINATION OF THIS MOA
This MOA becomes effective upon the signature of both parties and will remain in effect until either party
terminates it by providing written notice to the other party. Termination will be effective immediately upon the
receiving party's acknowledgement of the notice.

XIX. MODIFICATIONS
Modifications to this MOA must be proposed in writing and approved by the signatories.

The parties indicate their agreement and acceptance of the terms of this MOA by their signatures below.

FOR THE LAW ENFORCEMENT AGENCY:                      FOR U.S. IMMIGRATION AND CUSTOMS ENFORCEMENT:

_______________________________                      _______________________________
Dana R. Pruitt                                       Marcus T. Ellery
Sheriff                                              Executive Associate Director
Marlow County Sheriff's Office                       Enforcement and Removal Operations
Date: 03/14/2024                                     Date: April 2, 2024

Revised 01/2023                                                                                Page 4 of 4
"""],
    [ICE, ("Marlow County Sheriff's Office", "Marlow County Sheriff's Office (LEA)")],
    "2024-04-02", None, "MEMORANDUM OF AGREEMENT 287(g) Jail Enforcement Model")

# 2. federal-state data-sharing agreement: numbered sections, laws with dates, five years from the last signature
_probe("ssa_state_data_sharing_five_years", [
    """SSA DSA No. 2023-114                                                  Mail Stop: 4-B-12 Annex

DATA SHARING AGREEMENT
BETWEEN
THE SOCIAL SECURITY ADMINISTRATION
AND
THE OREGON DEPARTMENT OF HUMAN SERVICES

1. PARTIES
The parties to this Data Sharing Agreement (Agreement) are the Social Security Administration (SSA) and the Oregon
Department of Human Services (ODHS).

2. PURPOSE
This Agreement sets out the terms under which SSA will disclose to ODHS, and ODHS will use and safeguard, wage and
benefit information needed to determine eligibility for state-administered assistance programs.

3. LEGAL AUTHORITY
SSA discloses the information under section 1106 of the Social Security Act (42 U.S.C. 1306), the Privacy Act of
1974 (5 U.S.C. 552a), as amended by the Computer Matching and Privacy Protection Act of 1988, Pub. L. 100-503,
enacted October 18, 1988, and the regulations at 20 C.F.R. part 401.

4. EFFECTIVE DATE AND DURATION
This Agreement is effective upon the date of the last signature below and shall remain in effect for five (5)
years from the effective date, unless terminated earlier in accordance with section 11.

                                        Page 1 of 3
""",
    """SSA DSA No. 2023-114

11. TERMINATION
Either party may terminate this Agreement upon ninety (90) days' written notice to the other party.

12. SIGNATURES

SOCIAL SECURITY ADMINISTRATION

Signature: ______________________
Name: Lorraine K. Ashby
Title: Deputy Commissioner for Budget, Finance, and Management
Date: 8/22/2023

OREGON DEPARTMENT OF HUMAN SERVICES

Signature: ______________________
Name: Peter O. Vance
Title: Director
Date: September 5, 2023

                                        Page 3 of 3
"""],
    [("Social Security Administration", "SSA"),
     ("Oregon Department of Human Services", "ODHS")],
    "2023-09-05", "2028-09-05",
    "DATA SHARING AGREEMENT BETWEEN THE SOCIAL SECURITY ADMINISTRATION AND THE OREGON DEPARTMENT OF HUMAN SERVICES")

# 3. interconnection security agreement naming the two systems, valid three years after the last signature
_probe("isa_between_systems", [
    """INTERCONNECTION SECURITY AGREEMENT
between the
U.S. Department of Veterans Affairs
and the
Colorado Department of Military and Veterans Affairs

1. INTERCONNECTION STATEMENT OF REQUIREMENTS
The requirements for interconnection between the U.S. Department of Veterans Affairs (VA) and the Colorado
Department of Military and Veterans Affairs (DMVA) are for the express purpose of exchanging veteran eligibility
records between the VA Enterprise Data Warehouse (EDW) and the DMVA Veterans Benefits Portal (VBP).

2. SYSTEM SECURITY CONSIDERATIONS
Both systems are assessed under NIST Special Publication 800-53, Revision 5 (September 2020), and the connection is
documented according to NIST SP 800-47 Rev. 1, Managing the Security of Information Exchanges (July 2021).
System name: VA Enterprise Data Warehouse          FIPS 199 categorization: Moderate
System name: DMVA Veterans Benefits Portal          FIPS 199 categorization: Moderate

3. TIMELINE
This ISA is valid for three (3) years after the last date on either signature below. At that time it will be
reviewed, updated if necessary, and revalidated. Either party may end the interconnection at any time upon written
notice if security is at risk.

4. SIGNATORY AUTHORITY
VA Authorizing Official                              DMVA Authorizing Official
_________________________                            _________________________
Helen J. Okafor                                      Col. (Ret.) Brian S. Mott
Deputy Chief Information Officer                     Chief Information Officer
Date: 11/18/2022                                     Date: 12/01/2022
"""],
    [("U.S. Department of Veterans Affairs", "Department of Veterans Affairs", "VA"),
     ("Colorado Department of Military and Veterans Affairs", "DMVA")],
    "2022-12-01", "2025-12-01",
    "INTERCONNECTION SECURITY AGREEMENT between the U.S. Department of Veterans Affairs and the Colorado Department of "
    "Military and Veterans Affairs")

# 4. 7600A-like IAA form: numbered boxes, requesting and servicing agency side by side, OMB expiration in the footer
_probe("iaa_7600a_like_form", [
    """U.S. GOVERNMENT INTERAGENCY AGREEMENT (IAA)
GENERAL TERMS AND CONDITIONS (GT&C) SECTION

1. GT&C #: 47QRAA-24-0012                          2. Order #: N/A
3. Original GT&C [X]     Amendment [ ]     Cancellation [ ]
4. GT&C Start Date: 10/01/2024                     5. GT&C End Date: 09/30/2027
6. Non-Severable [ ]   Severable [X]
7. Type of IAA: Reimbursable [X]   Advance [ ]

REQUESTING AGENCY OF PRODUCTS/SERVICES             SERVICING AGENCY PROVIDING PRODUCTS/SERVICES
8. Name: Department of the Interior,               9. Name: General Services Administration,
Bureau of Land Management                          Federal Acquisition Service
Address: 1849 C Street NW                          Address: 1800 F Street NW
Washington, DC 20240                               Washington, DC 20405

10. Statutory Authority: Economy Act, 31 U.S.C. 1535 [X]   Other [ ]
11. Assisted Acquisition Agreement: Yes [X]  No [ ]
12. Scope: The Servicing Agency will provide assisted acquisition services for land records digitization.

13. Requesting Agency Approval                     14. Servicing Agency Approval
Name: Teresa M. Lindqvist                          Name: Howard P. Nakamura
Title: Assistant Director, Business Services       Title: Director, Assisted Acquisition Services
Signature: ________________                        Signature: ________________
Date: 09/12/2024                                   Date: 09/20/2024

GSA FORM 7600A (REV. 2/2022)    Prescribed by GSA / Treasury    OMB Control No. 3090-0312   Expiration: 06/30/2025
"""],
    [("Department of the Interior, Bureau of Land Management", "Bureau of Land Management", "Department of the Interior",
      "BLM"),
     ("General Services Administration, Federal Acquisition Service", "General Services Administration",
      "Federal Acquisition Service", "GSA")],
    "2024-10-01", "2027-09-30",
    "U.S. GOVERNMENT INTERAGENCY AGREEMENT (IAA) GENERAL TERMS AND CONDITIONS (GT&C) SECTION")

# 5. narrative IAA, federal-federal (DOJ component and State bureau), article headings, a stated effective day
_probe("narrative_iaa_doj_state", [
    """IAA No. DOS-CA-25-0078 / FBI-CJIS-IAA-2025-14

INTERAGENCY AGREEMENT
BETWEEN
THE FEDERAL BUREAU OF INVESTIGATION
CRIMINAL JUSTICE INFORMATION SERVICES DIVISION
AND
THE U.S. DEPARTMENT OF STATE
BUREAU OF CONSULAR AFFAIRS

ARTICLE I - PARTIES
This Interagency Agreement (IAA) is entered into by the Federal Bureau of Investigation (FBI), Criminal Justice
Information Services (CJIS) Division, and the U.S. Department of State (DOS), Bureau of Consular Affairs (CA).

ARTICLE II - AUTHORITY
This IAA is entered into under the Economy Act, 31 U.S.C. § 1535, and section 403 of the Enhanced Border Security
and Visa Entry Reform Act of 2002, Pub. L. 107-173, signed May 14, 2002.

ARTICLE III - PURPOSE
The FBI will provide CA with fingerprint-based criminal history checks for visa applicants.

ARTICLE VIII - EFFECTIVE DATE AND TERM
This IAA becomes effective on October 1, 2025 and remains in effect through September 30, 2030, unless terminated
earlier by either party upon sixty (60) days' written notice.

APPROVED:

Federal Bureau of Investigation                  U.S. Department of State
Criminal Justice Information Services Division   Bureau of Consular Affairs

/s/ Glenn A. Harwood                             /s/ Rosalind E. Pike
Assistant Director                               Managing Director, Visa Services
Date: 8/28/2025                                  Date: 9/3/2025
"""],
    [("Federal Bureau of Investigation, Criminal Justice Information Services Division",
      "Federal Bureau of Investigation", "Criminal Justice Information Services Division", "FBI", "CJIS"),
     ("U.S. Department of State, Bureau of Consular Affairs", "U.S. Department of State", "Department of State",
      "Bureau of Consular Affairs", "DOS", "CA")],
    "2025-10-01", "2030-09-30",
    "INTERAGENCY AGREEMENT BETWEEN THE FEDERAL BUREAU OF INVESTIGATION CRIMINAL JUSTICE INFORMATION SERVICES DIVISION "
    "AND THE U.S. DEPARTMENT OF STATE BUREAU OF CONSULAR AFFAIRS")

# 6. state-state MOU with a "regarding" line, stated start and end, signatures before the start, state codes cited
_probe("state_state_mou_regarding", [
    """MEMORANDUM OF UNDERSTANDING
between the
Nevada Department of Motor Vehicles
and the
Utah Department of Public Safety, Driver License Division
regarding the Exchange of Driver History Records

Section 1. Parties
This Memorandum of Understanding ("MOU") is made by the Nevada Department of Motor Vehicles ("NV DMV") and the Utah
Department of Public Safety, Driver License Division ("UT DLD").

Section 2. Authority
NV DMV enters into this MOU under NRS 481.063; UT DLD under Utah Code § 53-3-109. Records are released only as the
federal Driver's Privacy Protection Act of 1994, 18 U.S.C. §§ 2721-2725, permits.

Section 3. Term
This MOU shall become effective on July 1, 2022 and shall terminate on June 30, 2026, unless sooner terminated by
either party upon thirty (30) days' written notice.

NEVADA DEPARTMENT OF MOTOR VEHICLES
By: ______________________  Director                 Date: 6/3/2022

UTAH DEPARTMENT OF PUBLIC SAFETY, DRIVER LICENSE DIVISION
By: ______________________  Division Director        Date: 6/10/2022
"""],
    [("Nevada Department of Motor Vehicles", "NV DMV"),
     ("Utah Department of Public Safety, Driver License Division", "Utah Department of Public Safety",
      "Driver License Division", "UT DLD")],
    "2022-07-01", "2026-06-30",
    "MEMORANDUM OF UNDERSTANDING between the Nevada Department of Motor Vehicles and the Utah Department of Public "
    "Safety, Driver License Division regarding the Exchange of Driver History Records")

# 7. multi-party task force MOU (federal, state, city, county): AMONG block, until terminated on notice
_probe("multi_party_task_force_mou", [
    """MEMORANDUM OF UNDERSTANDING
AMONG
THE DRUG ENFORCEMENT ADMINISTRATION,
THE ARIZONA DEPARTMENT OF PUBLIC SAFETY,
THE FLAGSTAFF POLICE DEPARTMENT,
AND
THE COCONINO COUNTY SHERIFF'S OFFICE

1. PARTIES
This Memorandum of Understanding (MOU) is entered into by the Drug Enforcement Administration (DEA), the Arizona
Department of Public Safety (AZDPS), the Flagstaff Police Department (FPD), and the Coconino County Sheriff's Office
(CCSO), collectively the "Participating Agencies."

2. PURPOSE
To establish the Northern Arizona Narcotics Task Force and set out the responsibilities of each Participating Agency.

3. AUTHORITY
The DEA is authorized to enter into this MOU by 21 U.S.C. § 873, as enacted by the Comprehensive Drug Abuse
Prevention and Control Act of 1970 (October 27, 1970). The state and local agencies enter into it under A.R.S.
§ 11-952.

4. DURATION
This MOU is effective upon the date of the last signature below and will remain in effect until terminated by any
party upon thirty (30) days' written notice to the other parties.
""",
    """NANTF MOU                                                                      Page 2

Drug Enforcement Administration
______________________________  Special Agent in Charge, Phoenix Field Division   Date: 02/06/2023

Arizona Department of Public Safety
______________________________  Director                                          Date: 02/15/2023

Flagstaff Police Department
______________________________  Chief of Police                                   Date: 02/21/2023

Coconino County Sheriff's Office
______________________________  Sheriff                                           Date: 02/27/2023
"""],
    [("Drug Enforcement Administration", "DEA"),
     ("Arizona Department of Public Safety", "AZDPS"),
     ("Flagstaff Police Department", "FPD"),
     ("Coconino County Sheriff's Office", "CCSO")],
    "2023-02-27", None,
    "MEMORANDUM OF UNDERSTANDING AMONG THE DRUG ENFORCEMENT ADMINISTRATION, THE ARIZONA DEPARTMENT OF PUBLIC SAFETY, "
    "THE FLAGSTAFF POLICE DEPARTMENT, AND THE COCONINO COUNTY SHERIFF'S OFFICE")

# 8. federal-local MOA with a purpose line ("for ..."), last signature, a fixed expiry day in the body
_probe("fema_city_moa_for_line", [
    """MEMORANDUM OF AGREEMENT
Between the
Federal Emergency Management Agency, Region VIII
and the
City and County of Denver
for the Pre-Positioning of Urban Search and Rescue Equipment

I. BACKGROUND
Under the Robert T. Stafford Disaster Relief and Emergency Assistance Act, 42 U.S.C. 5121 et seq. (as amended
October 5, 2018), FEMA may stage equipment with state and local governments before a disaster.

II. RESPONSIBILITIES
A. FEMA Region VIII will deliver and maintain one equipment cache.
B. The City and County of Denver will store the cache at Fire Station 27 and give FEMA access on request.

III. EFFECTIVE DATE AND EXPIRATION
The effective date of this Agreement is the date of the last signature below. This Agreement expires on
September 30, 2027, unless extended in writing by both parties.

Federal Emergency Management Agency, Region VIII
Regional Administrator                                  Date: 08/14/2024

City and County of Denver
Executive Director, Department of Public Safety         Date: 08/29/2024
"""],
    [("Federal Emergency Management Agency, Region VIII", "Federal Emergency Management Agency", "FEMA"),
     ("City and County of Denver",)],
    "2024-08-29", "2027-09-30",
    "MEMORANDUM OF AGREEMENT Between the Federal Emergency Management Agency, Region VIII and the City and County of "
    "Denver for the Pre-Positioning of Urban Search and Rescue Equipment")

# 9. letter of intent under a letterhead with an "in reply refer to" routing code; stated end day
_probe("letter_of_intent_letterhead", [
    """United States Department of the Interior
BUREAU OF RECLAMATION
Upper Colorado Basin Region
125 South State Street, Room 8100
Salt Lake City, UT 84138-1147

IN REPLY REFER TO:
UC-440
2.2.4.22

LETTER OF INTENT
Between the Bureau of Reclamation, Upper Colorado Basin Region, and the Central Utah Water Conservancy District

This Letter of Intent records the intention of the Bureau of Reclamation (Reclamation) and the Central Utah Water
Conservancy District (District) to carry out a joint study of reservoir operations, as authorized by the
Reclamation Project Act of 1939 (August 4, 1939) and the Colorado River Storage Project Act of April 11, 1956.

This Letter of Intent is effective on the date of the last signature below and will expire on December 31, 2026.
It creates no binding financial obligation for either party.

BUREAU OF RECLAMATION                                 CENTRAL UTAH WATER CONSERVANCY DISTRICT
_______________________                               _______________________
Regional Director                                     General Manager
3/3/2025                                              3/17/2025
"""],
    [("Bureau of Reclamation, Upper Colorado Basin Region", "Bureau of Reclamation", "Reclamation"),
     ("Central Utah Water Conservancy District", "District")],
    "2025-03-17", "2026-12-31",
    "LETTER OF INTENT Between the Bureau of Reclamation, Upper Colorado Basin Region, and the Central Utah Water "
    "Conservancy District")

# 10. pilot-project agreement: by-and-between preamble, a program line under the heading, begin and end days
_probe("pilot_project_fns_state", [
    """PILOT PROJECT AGREEMENT
Summer EBT Online Purchasing Pilot

THIS PILOT PROJECT AGREEMENT ("Agreement") is made and entered into by and between the United States Department of
Agriculture, Food and Nutrition Service ("FNS"), and the Michigan Department of Health and Human Services
("MDHHS") (collectively, the "Parties").

AUTHORITY. FNS enters into this Agreement under section 17(b) of the Food and Nutrition Act of 2008, 7 U.S.C.
2026(b), as amended by the Agriculture Improvement Act of 2018, Pub. L. 115-334 (December 20, 2018).

PERIOD OF PERFORMANCE. The pilot shall begin on June 1, 2024 and end on May 31, 2025. FNS may extend the pilot once,
for up to twelve months, by written notice.

EVALUATION. MDHHS will report monthly participation figures to FNS within fifteen days after each month ends.

FOR FNS:                                             FOR MDHHS:
Administrator                                        Director
Date: May 2, 2024                                    Date: May 9, 2024
"""],
    [("United States Department of Agriculture, Food and Nutrition Service", "Food and Nutrition Service", "FNS"),
     ("Michigan Department of Health and Human Services", "MDHHS")],
    "2024-06-01", "2025-05-31",
    "PILOT PROJECT AGREEMENT Summer EBT Online Purchasing Pilot")

# 11. memorandum of cooperation with "Participants", a received stamp above the heading, three years from signature
_probe("moc_cisa_virginia_stamp", [
    """RECEIVED
JAN 30 2023
OFFICE OF THE CIO

MEMORANDUM OF COOPERATION
BETWEEN
THE CYBERSECURITY AND INFRASTRUCTURE SECURITY AGENCY
AND
THE VIRGINIA INFORMATION TECHNOLOGIES AGENCY

1. Participants. The Participants to this Memorandum of Cooperation (MOC) are the Cybersecurity and Infrastructure
Security Agency (CISA) of the U.S. Department of Homeland Security and the Virginia Information Technologies Agency
(VITA) of the Commonwealth of Virginia.

2. Authority. CISA participates under 6 U.S.C. § 652, as added by the Cybersecurity and Infrastructure Security
Agency Act of 2018 (November 16, 2018); VITA under Va. Code § 2.2-2009.

3. Cooperation. The Participants will share indicators of compromise and coordinate incident response.

4. Effective Date and Duration. This MOC takes effect upon signature by both Participants and remains in effect for
a period of three years, unless extended by mutual written consent.

For CISA:                                            For VITA:
/s/                                                  /s/
Associate Director, Stakeholder Engagement           Chief Information Officer of the Commonwealth
Date: 1/9/2023                                       Date: 1/23/2023
"""],
    [("Cybersecurity and Infrastructure Security Agency", "CISA"),
     ("Virginia Information Technologies Agency", "VITA")],
    "2023-01-23", "2026-01-23",
    "MEMORANDUM OF COOPERATION BETWEEN THE CYBERSECURITY AND INFRASTRUCTURE SECURITY AGENCY AND THE VIRGINIA "
    "INFORMATION TECHNOLOGIES AGENCY")

# 12. federal-tribal MOA: "effective as of" a defined Effective Date, continues through a fiscal year end
_probe("ihs_tribal_moa_defined_effective", [
    """MEMORANDUM OF AGREEMENT
BETWEEN
THE INDIAN HEALTH SERVICE
AND
THE NAVAJO NATION DEPARTMENT OF HEALTH

A. Parties. This Memorandum of Agreement ("Agreement") is between the Indian Health Service ("IHS"), an agency of
the U.S. Department of Health and Human Services, and the Navajo Nation Department of Health ("NNDOH").

B. Authority. This Agreement is made under the Indian Self-Determination and Education Assistance Act, Pub. L.
93-638, approved January 4, 1975, and the Indian Health Care Improvement Act, 25 U.S.C. 1601 et seq.

C. Purpose. The parties will share immunization registry data for members of the Navajo Nation.

D. Term. This Agreement is effective as of October 1, 2023 (the "Effective Date") and shall continue through
September 30, 2028, unless terminated earlier by either party on ninety days' written notice.

INDIAN HEALTH SERVICE                                NAVAJO NATION DEPARTMENT OF HEALTH
By: _____________________                            By: _____________________
Director, Navajo Area                                Executive Director
Date: 9/18/2023                                      Date: 9/26/2023
"""],
    [("Indian Health Service", "IHS"),
     ("Navajo Nation Department of Health", "NNDOH")],
    "2023-10-01", "2028-09-30",
    "MEMORANDUM OF AGREEMENT BETWEEN THE INDIAN HEALTH SERVICE AND THE NAVAJO NATION DEPARTMENT OF HEALTH")

# 13. scanned 287(g) task force MOA: OCR slips, running header, dates in two forms (numeric with dashes, stamped)
_probe("287g_task_force_ocr", [
    """287(g) MOA - Task Force Model                                              Page 1 of 3

MEMORANDUM OF AGREEMENT
287(g) Task Force Model

This Memorandum of Agreement (MOA) constitutes an agreement between U.S. lmmigration and Customs Enforcement (ICE),
a component of the Department of Homeland Security (DHS), and the Town of Belleview Police Department (LEA),
pursuant to which ICE delegates to nominated, trained, and certified personnel of the LEA the authority to perform
certain immigration enforcement functions.

II. AUTHORITY
Section 287(g) of the lmmigration and Nationality Act, 8 U.S.C. § 1357(g), and 8 C.F.R. § 287.7.
""",
    """287(g) MOA - Task Force Model                                              Page 3 of 3

XX. DURATION AND TERMINATION OF THIS MOA
This MOA becomes effective upon signature of both parties and will remain in effect until either party terminates
it by written notice to the other party.

For the LEA:
Signature: ____________________      Date: 2-11-2025
Name: Rhonda L. Keyes
Title: Chief of Police
Town of Belleview Police Department

For ICE:
Signature: ____________________      Date: FEB 19 2025
Name: Victor Adeyemi
Title: Executive Associate Director, Enforcement and Removal Operations
U.S. Immigration and Customs Enforcement
"""],
    [ICE, ("Town of Belleview Police Department", "Belleview Police Department")],
    "2025-02-19", None, "MEMORANDUM OF AGREEMENT 287(g) Task Force Model")

# 14. federal-federal MOU (DHS and DOJ components), "regarding" title line, military-style signature dates
_probe("cbp_atf_mou_military_dates", [
    """UNCLASSIFIED//FOR OFFICIAL USE ONLY

MEMORANDUM OF UNDERSTANDING
BETWEEN
U.S. CUSTOMS AND BORDER PROTECTION
AND
THE BUREAU OF ALCOHOL, TOBACCO, FIREARMS AND EXPLOSIVES
REGARDING THE EXCHANGE OF FIREARMS TRACE INFORMATION

I. PARTIES. The parties to this Memorandum of Understanding (MOU) are U.S. Customs and Border Protection (CBP), a
component of the Department of Homeland Security, and the Bureau of Alcohol, Tobacco, Firearms and Explosives
(ATF), a component of the Department of Justice.

II. AUTHORITY. 6 U.S.C. § 211; 28 U.S.C. § 599A; the Homeland Security Act of 2002, Pub. L. 107-296 (Nov. 25,
2002).

III. EFFECTIVE DATE. This MOU is effective as of the date of the final signature. It will be reviewed annually and
remains in effect until terminated by either party with sixty days' written notice.

APPROVED BY:

______________________                 ______________________
Executive Assistant Commissioner       Assistant Director
Office of Field Operations, CBP        Field Operations, ATF
Date: 30 MAR 2021                      Date: 06 APR 2021

UNCLASSIFIED//FOR OFFICIAL USE ONLY
"""],
    [("U.S. Customs and Border Protection", "Customs and Border Protection", "CBP"),
     ("Bureau of Alcohol, Tobacco, Firearms and Explosives", "ATF")],
    "2021-04-06", None,
    "MEMORANDUM OF UNDERSTANDING BETWEEN U.S. CUSTOMS AND BORDER PROTECTION AND THE BUREAU OF ALCOHOL, TOBACCO, "
    "FIREARMS AND EXPLOSIVES REGARDING THE EXCHANGE OF FIREARMS TRACE INFORMATION")

# 15. state-local data use agreement: agreement number line, a "from ... through ..." term, statutes cited
_probe("state_county_data_use", [
    """DATA USE AGREEMENT
Between
California Department of Public Health
and
County of Santa Cruz Health Services Agency

Agreement Number: 23-DUA-0457

1. PARTIES
This Data Use Agreement ("Agreement") is entered into by the California Department of Public Health ("CDPH") and
the County of Santa Cruz Health Services Agency ("County").

2. AUTHORITY
This Agreement is made under Health and Safety Code sections 120130 and 121025 and is consistent with the Health
Insurance Portability and Accountability Act of 1996 (HIPAA), Pub. L. 104-191 (August 21, 1996).

3. TERM
This Agreement shall be effective from January 1, 2024 through December 31, 2025.

4. DATA
CDPH will provide the County with line-level communicable disease case data for county residents.

CALIFORNIA DEPARTMENT OF PUBLIC HEALTH               COUNTY OF SANTA CRUZ HEALTH SERVICES AGENCY
Signature: ____________________                      Signature: ____________________
Printed Name: Arturo N. Bell                         Printed Name: Grace W. Lindholm
Title: Chief, Contracts and Purchasing               Title: Director
Date: 12/12/2023                                     Date: 12/19/2023
"""],
    [("California Department of Public Health", "CDPH"),
     ("County of Santa Cruz Health Services Agency", "County of Santa Cruz", "County")],
    "2024-01-01", "2025-12-31",
    "DATA USE AGREEMENT Between California Department of Public Health and County of Santa Cruz Health Services Agency")

# 16. federal-federal MOU with a labelled header table under the heading: number, Effective:, Expires:
_probe("nasa_noaa_mou_header_table", [
    """MEMORANDUM OF UNDERSTANDING
BETWEEN THE
NATIONAL AERONAUTICS AND SPACE ADMINISTRATION
AND THE
NATIONAL OCEANIC AND ATMOSPHERIC ADMINISTRATION

MOU No.: NASA-NOAA-2022-03          Effective: 10/01/2022          Expires: 09/30/2027

ARTICLE 1. AUTHORITY
NASA enters into this MOU under 51 U.S.C. § 20113(e). NOAA enters into it under 15 U.S.C. § 1525 and the Weather
Research and Forecasting Innovation Act of 2017, Pub. L. 115-25 (April 18, 2017).

ARTICLE 2. PURPOSE
The agencies will coordinate the transition of research satellite instruments to operational use.

ARTICLE 7. TERM
This MOU remains in effect for five years from its effective date. It may be extended by a written amendment signed
by both agencies.

NATIONAL AERONAUTICS AND SPACE ADMINISTRATION

______________________________                      Date: 9/14/2022
Associate Administrator, Science Mission Directorate

NATIONAL OCEANIC AND ATMOSPHERIC ADMINISTRATION

______________________________                      Date: 9/21/2022
Assistant Administrator for Satellite and Information Services
"""],
    [("National Aeronautics and Space Administration", "NASA"),
     ("National Oceanic and Atmospheric Administration", "NOAA")],
    "2022-10-01", "2027-09-30",
    "MEMORANDUM OF UNDERSTANDING BETWEEN THE NATIONAL AERONAUTICS AND SPACE ADMINISTRATION AND THE NATIONAL OCEANIC AND "
    "ATMOSPHERIC ADMINISTRATION")

# 17. 7600B-like IAA order form: period of performance boxes, requesting and servicing agency stacked
_probe("iaa_7600b_like_order", [
    """U.S. GOVERNMENT INTERAGENCY AGREEMENT (IAA)
ORDER REQUIREMENTS AND FUNDING INFORMATION (ORDER) SECTION

1. GT&C #: 36C10X-23-0091          2. Order #: 36C10X-25-0007
3. Original Order [X]   Amendment [ ]   Cancellation [ ]
4. Period of Performance
   Start Date: 01/15/2025     End Date: 01/14/2026

REQUESTING AGENCY
5. Agency Name: Department of Veterans Affairs, Veterans Health Administration
   Address: 810 Vermont Avenue NW, Washington, DC 20420
   Agency Location Code: 36001200

SERVICING AGENCY
6. Agency Name: Department of Health and Human Services, Program Support Center
   Address: 5600 Fishers Lane, Rockville, MD 20857
   Agency Location Code: 75010501

7. Requirements: Occupational health services for VHA staff at twelve sites (attached statement of work).
8. Total Order Amount: $1,482,300.00

9. Requesting Agency Funding Official            10. Servicing Agency Funding Official
   Date: 12/30/2024                                  Date: 01/08/2025

GSA FORM 7600B (REV. 11/2021)                 OMB Control No. 3090-0315                 Expires: 11/30/2026
"""],
    [("Department of Veterans Affairs, Veterans Health Administration", "Veterans Health Administration",
      "Department of Veterans Affairs", "VHA"),
     ("Department of Health and Human Services, Program Support Center", "Program Support Center",
      "Department of Health and Human Services", "PSC")],
    "2025-01-15", "2026-01-14",
    "U.S. GOVERNMENT INTERAGENCY AGREEMENT (IAA) ORDER REQUIREMENTS AND FUNDING INFORMATION (ORDER) SECTION")

# 18. MOA between a state university's research arm and a state agency: in force from one party's execution,
#     ends a number of years thereafter
_probe("university_state_agency_moa", [
    """MEMORANDUM OF AGREEMENT
BETWEEN
THE UNIVERSITY OF KANSAS CENTER FOR RESEARCH, INC.
AND
THE KANSAS DEPARTMENT OF TRANSPORTATION

This Memorandum of Agreement is made by the University of Kansas Center for Research, Inc. ("KUCR") and the Kansas
Department of Transportation ("KDOT") under K.S.A. 68-404 and K.S.A. 76-719.

1. SCOPE. KUCR will carry out the bridge deck sensing research described in Attachment A.

2. TERM. This Agreement shall be in force from the date of its execution by KDOT, shown below, and shall terminate
five (5) years thereafter.

3. COMPENSATION. KDOT will reimburse KUCR's costs, not to exceed $640,000.

UNIVERSITY OF KANSAS CENTER FOR RESEARCH, INC.
By: ______________________   Title: Associate Vice Chancellor for Research   Date: 04/20/2021

KANSAS DEPARTMENT OF TRANSPORTATION
By: ______________________   Title: Secretary of Transportation             Date: 05/06/2021
"""],
    [("University of Kansas Center for Research, Inc.", "KUCR"),
     ("Kansas Department of Transportation", "KDOT")],
    "2021-05-06", "2026-05-06",
    "MEMORANDUM OF AGREEMENT BETWEEN THE UNIVERSITY OF KANSAS CENTER FOR RESEARCH, INC. AND THE KANSAS DEPARTMENT OF "
    "TRANSPORTATION")

# 19. local mutual-aid MOU with blank signature dates: no date is stated (statute year and form revision are not)
_probe("mutual_aid_mou_blank_dates", [
    """MEMORANDUM OF UNDERSTANDING
FOR MUTUAL AID
BETWEEN THE CITY OF OCALA
AND MARION COUNTY FIRE RESCUE

WHEREAS, the City of Ocala ("City") and Marion County Fire Rescue ("MCFR") provide fire and emergency medical
services to adjoining areas; and

WHEREAS, the parties are authorized to enter into this MOU by the Florida Interlocal Cooperation Act of 1969,
section 163.01, Florida Statutes (2019);

NOW, THEREFORE, the parties agree as follows:

1. Each party will respond to a request for aid from the other when it has units available.
2. This MOU shall take effect upon execution by both parties and shall remain in effect until terminated by either
party upon thirty (30) days' written notice to the other.

CITY OF OCALA                                         MARION COUNTY FIRE RESCUE
_____________________                                 _____________________
Fire Chief                                            Fire Chief
Date: ______________                                  Date: ______________

Form MA-2 (Rev. 04/2018)
"""],
    [("City of Ocala", "City"), ("Marion County Fire Rescue", "MCFR")],
    None, None,
    "MEMORANDUM OF UNDERSTANDING FOR MUTUAL AID BETWEEN THE CITY OF OCALA AND MARION COUNTY FIRE RESCUE")

# 20. letter agreement with no heading line: letterhead, date, salutation, countersignature, two years from it
_probe("letter_agreement_countersigned", [
    """DEPARTMENT OF HEALTH & HUMAN SERVICES
ADMINISTRATION FOR CHILDREN AND FAMILIES
Office of Refugee Resettlement
330 C Street SW, Washington, DC 20201

April 11, 2022

Ms. Celia Alvarez
Deputy Executive Commissioner
Texas Health and Human Services Commission
4601 W. Guadalupe Street, Austin, TX 78751

Dear Deputy Executive Commissioner Alvarez:

This letter sets out the agreement between the Office of Refugee Resettlement (ORR) and the Texas Health and Human
Services Commission (HHSC) on the exchange of placement notifications for unaccompanied children, as provided in
section 462 of the Homeland Security Act of 2002 and the William Wilberforce Trafficking Victims Protection
Reauthorization Act of 2008 (December 23, 2008).

The agreement is effective on the date of your countersignature below and remains in effect for a period of two
years. Either party may end it earlier by written notice.

Sincerely,
/s/
Director, Office of Refugee Resettlement

ACCEPTED AND AGREED:
Texas Health and Human Services Commission
By: ______________________
Date: 04/28/2022
"""],
    [("Office of Refugee Resettlement", "ORR"),
     ("Texas Health and Human Services Commission", "HHSC")],
    "2022-04-28", "2024-04-28", None)

# 21. modification of an MOA: cites the original agreement's date; extends the expiry to a new day
_probe("moa_modification_extension", [
    """MODIFICATION NO. 2
TO MEMORANDUM OF AGREEMENT NO. 19-MOA-0042
BETWEEN THE U.S. GEOLOGICAL SURVEY
AND THE WYOMING STATE GEOLOGICAL SURVEY

1. The U.S. Geological Survey ("USGS") and the Wyoming State Geological Survey ("WSGS") entered into Memorandum of
Agreement No. 19-MOA-0042, dated October 1, 2019, for the cooperative mapping of critical mineral deposits.

2. The expiration date of the Agreement is hereby extended from September 30, 2024 to September 30, 2026.

3. All other terms and conditions of the Agreement remain unchanged.

4. This Modification is effective upon the date of the last signature below.

U.S. GEOLOGICAL SURVEY                               WYOMING STATE GEOLOGICAL SURVEY
Regional Director, Rocky Mountain Region             State Geologist
Date: 9/10/2024                                      Date: 9/16/2024
"""],
    [("U.S. Geological Survey", "USGS"), ("Wyoming State Geological Survey", "WSGS")],
    "2024-09-16", "2026-09-30",
    "MODIFICATION NO. 2 TO MEMORANDUM OF AGREEMENT NO. 19-MOA-0042 BETWEEN THE U.S. GEOLOGICAL SURVEY AND THE "
    "WYOMING STATE GEOLOGICAL SURVEY")

# 22. State Department MOU with a foreign ministry: "concerning" title line, enters into force upon signature,
#     "Done at ... this 14th day of June, 2019"
_probe("state_foreign_ministry_done_at", [
    """MEMORANDUM OF UNDERSTANDING
BETWEEN
THE DEPARTMENT OF STATE OF THE UNITED STATES OF AMERICA
AND
THE MINISTRY OF FOREIGN AFFAIRS OF THE REPUBLIC OF ESTONIA
CONCERNING COOPERATION ON CONSULAR CRISIS MANAGEMENT

The Department of State of the United States of America and the Ministry of Foreign Affairs of the Republic of
Estonia (hereinafter "the Participants"),

Recalling the Treaty of Friendship, Commerce and Consular Rights signed at Washington December 23, 1925,

Have reached the following understanding:

Paragraph 1
The Participants will exchange information on consular crisis plans and hold joint exercises.

Paragraph 6
This Memorandum of Understanding will come into effect upon signature and will remain in effect for five years,
unless discontinued earlier by either Participant on six months' written notice.

Done at Tallinn, in duplicate, this 14th day of June, 2019, in the English and Estonian languages, both texts being
equally authentic.

FOR THE DEPARTMENT OF STATE OF                       FOR THE MINISTRY OF FOREIGN AFFAIRS OF
THE UNITED STATES OF AMERICA:                        THE REPUBLIC OF ESTONIA:
"""],
    [("Department of State of the United States of America", "Department of State", "U.S. Department of State"),
     ("Ministry of Foreign Affairs of the Republic of Estonia", "Ministry of Foreign Affairs")],
    "2019-06-14", "2024-06-14",
    "MEMORANDUM OF UNDERSTANDING BETWEEN THE DEPARTMENT OF STATE OF THE UNITED STATES OF AMERICA AND THE MINISTRY OF "
    "FOREIGN AFFAIRS OF THE REPUBLIC OF ESTONIA CONCERNING COOPERATION ON CONSULAR CRISIS MANAGEMENT")

# 23. federal-state information sharing agreement: effective on the federal official's signature, ends on the third
#     anniversary; an executive order with its date, OMB number with its expiration in the footer
_probe("dhs_state_isa_anniversary", [
    """INFORMATION SHARING AGREEMENT
BETWEEN
THE U.S. DEPARTMENT OF HOMELAND SECURITY
OFFICE OF INTELLIGENCE AND ANALYSIS
AND
THE NEW JERSEY OFFICE OF HOMELAND SECURITY AND PREPAREDNESS

1. PARTIES. The U.S. Department of Homeland Security, Office of Intelligence and Analysis (I&A), and the New Jersey
Office of Homeland Security and Preparedness (NJOHSP).

2. AUTHORITIES. Homeland Security Act of 2002, 6 U.S.C. § 121; Executive Order 12333, United States Intelligence
Activities (December 4, 1981), as amended; Executive Order 13636 of February 12, 2013; N.J.S.A. App. A:9-74.

3. EFFECTIVE DATE AND TERMINATION. This Agreement becomes effective on the date it is signed by the DHS official
below and will terminate on the third anniversary of its effective date unless renewed in writing.

FOR THE NEW JERSEY OFFICE OF HOMELAND SECURITY AND PREPAREDNESS
Director                                            Date: 07/01/2022

FOR THE U.S. DEPARTMENT OF HOMELAND SECURITY, OFFICE OF INTELLIGENCE AND ANALYSIS
Under Secretary for Intelligence and Analysis       Date: 07/19/2022

OMB No. 1601-0028, Expiration Date: 10/31/2025                                           Page 2 of 2
"""],
    [("U.S. Department of Homeland Security, Office of Intelligence and Analysis", "Office of Intelligence and Analysis",
      "U.S. Department of Homeland Security", "Department of Homeland Security", "I&A", "DHS"),
     ("New Jersey Office of Homeland Security and Preparedness", "NJOHSP")],
    "2022-07-19", "2025-07-19",
    "INFORMATION SHARING AGREEMENT BETWEEN THE U.S. DEPARTMENT OF HOMELAND SECURITY OFFICE OF INTELLIGENCE AND "
    "ANALYSIS AND THE NEW JERSEY OFFICE OF HOMELAND SECURITY AND PREPAREDNESS")

# 24. intergovernmental detention agreement: boxed "Effective Date:" field, indefinite term, form revision date
_probe("usms_county_iga_boxed_effective", [
    """INTERGOVERNMENTAL AGREEMENT
BETWEEN
THE UNITED STATES MARSHALS SERVICE
AND
CHAMPAIGN COUNTY, ILLINOIS

Agreement Number: 35-22-0013          Effective Date: 11/01/2022          Facility Code: 5CE

Article I - Purpose
This Intergovernmental Agreement ("Agreement") is between the United States Marshals Service ("USMS") and Champaign
County, Illinois ("Local Government"), for the housing, safekeeping and subsistence of federal prisoners at the
Champaign County Correctional Center.

Article II - Authority
This Agreement is authorized under 18 U.S.C. § 4013 and 28 C.F.R. part 0.

Article XV - Term
This Agreement shall remain in effect indefinitely until terminated in writing by either party. Termination takes
effect sixty (60) days after the written notice is received.

FOR THE LOCAL GOVERNMENT:                            FOR THE UNITED STATES MARSHALS SERVICE:
County Executive                                     Chief, Prisoner Operations Division
Date: 10/12/2022                                     Date: 10/24/2022

USM-241 (Rev. 07/2019)
"""],
    [("United States Marshals Service", "USMS"), ("Champaign County, Illinois", "Champaign County")],
    "2022-11-01", None,
    "INTERGOVERNMENTAL AGREEMENT BETWEEN THE UNITED STATES MARSHALS SERVICE AND CHAMPAIGN COUNTY, ILLINOIS")


# --- a second round, written after the rules of the first round were in place and scored once before any further
# change (bench/government_probes.py --second): the honest figure for agreements those rules were not written for ------
SECOND_ROUND: list[Probe] = []


def _second(name, pages, parties, effective, expiry, title):
    SECOND_ROUND.append(Probe(name, tuple(pages), tuple(tuple(p) for p in parties), effective, expiry, title))


# a computer matching agreement: effective on publication events (no date stated), signatures dated
_second("computer_matching_event_effective", [
    """COMPUTER MATCHING AGREEMENT
BETWEEN
THE U.S. DEPARTMENT OF HOMELAND SECURITY
U.S. CITIZENSHIP AND IMMIGRATION SERVICES
AND
THE KENTUCKY CABINET FOR HEALTH AND FAMILY SERVICES

I. PURPOSE AND LEGAL AUTHORITY
This Computer Matching Agreement (agreement) between U.S. Citizenship and Immigration Services (USCIS) and the
Kentucky Cabinet for Health and Family Services (CHFS) sets out the terms of a matching program under the Privacy
Act of 1974, 5 U.S.C. 552a(o), and section 1137 of the Social Security Act.

VIII. DURATION
This agreement will become effective on the later of forty (40) days after a report of the matching program is sent
to Congress and OMB, or thirty (30) days after publication of the matching notice in the Federal Register. It will
remain in effect for eighteen (18) months from its effective date and may be renewed once for up to twelve months.

U.S. Citizenship and Immigration Services               Kentucky Cabinet for Health and Family Services
Chief Privacy Officer                                   Secretary
Date: 02/02/2024                                        Date: 02/09/2024
"""],
    [("U.S. Citizenship and Immigration Services", "Citizenship and Immigration Services", "USCIS"),
     ("Kentucky Cabinet for Health and Family Services", "CHFS")],
    None, None,
    "COMPUTER MATCHING AGREEMENT BETWEEN THE U.S. DEPARTMENT OF HOMELAND SECURITY U.S. CITIZENSHIP AND IMMIGRATION "
    "SERVICES AND THE KENTUCKY CABINET FOR HEALTH AND FAMILY SERVICES")

# city-city police MOU with labelled "Effective Date:" and "Term:" lines under the heading
_second("police_departments_labelled_fields", [
    """MEMORANDUM OF UNDERSTANDING
Body-Worn Camera Footage Sharing

Parties: City of Tempe Police Department and City of Mesa Police Department
Effective Date: January 15, 2024
Term: Three (3) years from the Effective Date

1. Purpose. The Parties will share body-worn camera footage of incidents that cross their common boundary.
2. Retention. Each Party keeps footage it receives under its own retention schedule (Ariz. Rev. Stat. § 41-151.12).
3. Termination. Either Party may withdraw on thirty (30) days' written notice.

CITY OF TEMPE POLICE DEPARTMENT                     CITY OF MESA POLICE DEPARTMENT
Chief of Police                                     Chief of Police
Date: 01/08/2024                                    Date: 01/11/2024
"""],
    [("City of Tempe Police Department", "Tempe Police Department"),
     ("City of Mesa Police Department", "Mesa Police Department")],
    "2024-01-15", "2027-01-15", "MEMORANDUM OF UNDERSTANDING Body-Worn Camera Footage Sharing")

# 287(g) warrant service officer MOA: "Date Signed:" fields with dashes
_second("287g_wso_date_signed", [
    """MEMORANDUM OF AGREEMENT
Warrant Service Officer Program

This Memorandum of Agreement (MOA) constitutes an agreement between U.S. Immigration and Customs Enforcement (ICE)
and the Putnam County Sheriff's Office (LEA), pursuant to which ICE authorizes nominated, trained, and certified
LEA personnel to serve and execute administrative warrants in the LEA's jail.

XI. EFFECTIVE DATE AND TERMINATION
This MOA becomes effective upon signature of both parties and will remain in effect until either party terminates
it by written notice.

For the LEA:                                        For ICE:
Sheriff                                             Assistant Director, Enforcement and Removal Operations
Putnam County Sheriff's Office                      U.S. Immigration and Customs Enforcement
Date Signed: 06-12-2023                             Date Signed: 06-20-2023
"""],
    [ICE, ("Putnam County Sheriff's Office",)],
    "2023-06-20", None, "MEMORANDUM OF AGREEMENT Warrant Service Officer Program")

# federal-county MOA: effective on the final signature, in effect through a stated day
_second("nps_county_through_day", [
    """MEMORANDUM OF AGREEMENT
BETWEEN
THE NATIONAL PARK SERVICE, GRAND TETON NATIONAL PARK
AND
TETON COUNTY, WYOMING

ARTICLE I - BACKGROUND AND OBJECTIVES
The National Park Service (NPS) and Teton County, Wyoming (County) share emergency dispatch records for incidents
inside the park, under 54 U.S.C. § 101702 and Wyo. Stat. § 18-2-101.

ARTICLE VI - TERM OF AGREEMENT
This MOA shall become effective as of the date of the final signature and shall remain in effect through
December 31, 2028, unless terminated earlier by either party on sixty days' written notice.

NATIONAL PARK SERVICE                                TETON COUNTY, WYOMING
Superintendent, Grand Teton National Park            Chair, Board of County Commissioners
Date: 3/28/2024                                      Date: 4/2/2024
"""],
    [("National Park Service, Grand Teton National Park", "National Park Service", "Grand Teton National Park", "NPS"),
     ("Teton County, Wyoming", "Teton County", "County")],
    "2024-04-02", "2028-12-31",
    "MEMORANDUM OF AGREEMENT BETWEEN THE NATIONAL PARK SERVICE, GRAND TETON NATIONAL PARK AND TETON COUNTY, WYOMING")

# three states "acting by and through" their agencies, one defined term each
_second("three_state_exchange", [
    """INTERSTATE DATA EXCHANGE AGREEMENT

This Interstate Data Exchange Agreement ("Agreement") is entered into by and among the State of Idaho, acting by and
through its Department of Labor ("IDOL"); the State of Montana, acting by and through its Department of Labor and
Industry ("DLI"); and the State of Wyoming, acting by and through its Department of Workforce Services ("DWS").

1. Purpose. The parties will exchange wage records of workers employed in more than one of their states.

2. Term. This Agreement is effective July 1, 2023 and shall continue for four (4) years, unless terminated sooner by
the unanimous written consent of the parties.

STATE OF IDAHO, DEPARTMENT OF LABOR            Director            Date: 6/14/2023
STATE OF MONTANA, DEPARTMENT OF LABOR AND INDUSTRY    Commissioner    Date: 6/20/2023
STATE OF WYOMING, DEPARTMENT OF WORKFORCE SERVICES    Director      Date: 6/22/2023
"""],
    [("Idaho Department of Labor", "State of Idaho", "Department of Labor", "IDOL"),
     ("Montana Department of Labor and Industry", "State of Montana", "Department of Labor and Industry", "DLI"),
     ("Wyoming Department of Workforce Services", "State of Wyoming", "Department of Workforce Services", "DWS")],
    "2023-07-01", "2027-07-01", "INTERSTATE DATA EXCHANGE AGREEMENT")

# an IAA between two federal agencies with a "Project Period:" label and an agreement number above the heading
_second("doe_epa_iaa_project_period", [
    """IAA No. DW-89-92512301

INTERAGENCY AGREEMENT
between the
U.S. Environmental Protection Agency
and the
U.S. Department of Energy, Office of Science

Project Period: 10/01/2023 - 09/30/2026
Amount: $2,400,000

A. Authority. The Economy Act of 1932, as amended, 31 U.S.C. 1535.
B. Scope. The Department of Energy's Office of Science will model airborne particulate transport for EPA's regional
offices.

APPROVALS
U.S. Environmental Protection Agency                 U.S. Department of Energy, Office of Science
Award Official                                       Contracting Officer
Date: 09/15/2023                                     Date: 09/22/2023
"""],
    [("U.S. Environmental Protection Agency", "Environmental Protection Agency", "EPA"),
     ("U.S. Department of Energy, Office of Science", "Office of Science", "U.S. Department of Energy",
      "Department of Energy", "DOE")],
    "2023-10-01", "2026-09-30",
    "INTERAGENCY AGREEMENT between the U.S. Environmental Protection Agency and the U.S. Department of Energy, Office "
    "of Science")

# an ISA with day-month-year dates and an expiration counted from the last signature
_second("isa_day_month_year", [
    """INTERCONNECTION SECURITY AGREEMENT (ISA)
Department of Homeland Security, Federal Emergency Management Agency
and
State of Louisiana, Governor's Office of Homeland Security and Emergency Preparedness

Section 1. Interconnection Statement
FEMA's National Emergency Management Information System (NEMIS) exchanges disaster declaration data with the
Louisiana Governor's Office of Homeland Security and Emergency Preparedness (GOHSEP) Grants Management System.

Section 5. Duration
This ISA is effective upon the date of the last signature and expires three (3) years from that date.

FEMA Authorizing Official: ________________   Date: 14-Jul-2023
GOHSEP Authorizing Official: ______________   Date: 27-Jul-2023
"""],
    [("Federal Emergency Management Agency", "Department of Homeland Security, Federal Emergency Management Agency",
      "FEMA"),
     ("Governor's Office of Homeland Security and Emergency Preparedness",
      "State of Louisiana, Governor's Office of Homeland Security and Emergency Preparedness", "GOHSEP")],
    "2023-07-27", "2026-07-27",
    "INTERCONNECTION SECURITY AGREEMENT (ISA) Department of Homeland Security, Federal Emergency Management Agency and "
    "State of Louisiana, Governor's Office of Homeland Security and Emergency Preparedness")

# a data-sharing agreement with "Party 1:" / "Party 2:" fields and a revision header with a page counter
_second("dsa_labelled_party_fields", [
    """DSA #2024-017 Rev. 2                                                                  Page 1 of 2

DATA SHARING AGREEMENT

Party 1: Minnesota Department of Education
Party 2: Minneapolis Public Schools, Special School District No. 1

1. Data. Party 1 will share statewide assessment results for students enrolled with Party 2.
2. Authority. Minn. Stat. § 13.32 and the Family Educational Rights and Privacy Act, 20 U.S.C. § 1232g.
3. Period. This Agreement is effective on September 1, 2024 and ends on August 31, 2026.
"""],
    [("Minnesota Department of Education",),
     ("Minneapolis Public Schools, Special School District No. 1", "Minneapolis Public Schools")],
    "2024-09-01", "2026-08-31", "DATA SHARING AGREEMENT")

# a renewed MOU whose recitals date the MOU it follows (superseded dates), with its own start and end
_second("renewed_mou_recitals", [
    """MEMORANDUM OF UNDERSTANDING
BETWEEN THE
COUNTY OF SAN DIEGO HEALTH AND HUMAN SERVICES AGENCY
AND THE
SAN DIEGO HOUSING COMMISSION

WHEREAS, the parties entered into a Memorandum of Understanding dated March 1, 2015, which expired on February 28,
2020; and

WHEREAS, the parties wish to continue sharing homeless services data under Welfare and Institutions Code section
18999.8;

NOW, THEREFORE, the parties agree:

1. This MOU shall be effective July 1, 2020 and shall expire June 30, 2025.
2. Either party may terminate this MOU upon ninety (90) days' written notice.

COUNTY OF SAN DIEGO HEALTH AND HUMAN SERVICES AGENCY          SAN DIEGO HOUSING COMMISSION
Agency Director                                              President & CEO
Date: 6/17/2020                                              Date: 6/24/2020
"""],
    [("County of San Diego Health and Human Services Agency", "Health and Human Services Agency", "HHSA"),
     ("San Diego Housing Commission", "SDHC")],
    "2020-07-01", "2025-06-30",
    "MEMORANDUM OF UNDERSTANDING BETWEEN THE COUNTY OF SAN DIEGO HEALTH AND HUMAN SERVICES AGENCY AND THE SAN DIEGO "
    "HOUSING COMMISSION")

# a letter of agreement countersigned with "Agreed to this ... day of"
_second("letter_of_agreement_agreed_this_day", [
    """LETTER OF AGREEMENT
between the University of New Mexico Health Sciences Center and the Pueblo of Laguna

The University of New Mexico Health Sciences Center (UNM HSC) and the Pueblo of Laguna (Pueblo) agree that UNM HSC
will provide telehealth consultation to the Pueblo's clinic, as set out in the attached scope.

This Letter of Agreement takes effect when signed by both parties and continues for two (2) years, after which it may
be renewed by written amendment.

Agreed to this 5th day of May, 2022.

University of New Mexico Health Sciences Center: ____________________, Chancellor
Pueblo of Laguna: ____________________, Governor
"""],
    [("University of New Mexico Health Sciences Center", "UNM HSC"), ("Pueblo of Laguna", "Pueblo")],
    "2022-05-05", "2024-05-05",
    "LETTER OF AGREEMENT between the University of New Mexico Health Sciences Center and the Pueblo of Laguna")


# --- a third round, written after the second round's rules and scored once before any change (--third) ---------------
THIRD_ROUND: list[Probe] = []


def _third(name, pages, parties, effective, expiry, title):
    THIRD_ROUND.append(Probe(name, tuple(pages), tuple(tuple(p) for p in parties), effective, expiry, title))


# county board and a state university: "hereinafter" terms, "date last signed", a fixed end day
_third("county_board_date_last_signed", [
    """MEMORANDUM OF UNDERSTANDING

This Memorandum of Understanding ("MOU") is made between Colorado State University, hereinafter "CSU", and the Board
of County Commissioners of Larimer County, Colorado, hereinafter "County".

1. PURPOSE. CSU and the County will share noxious weed survey data collected on county rights-of-way.
2. AUTHORITY. C.R.S. § 29-1-203 and C.R.S. § 35-5.5-101 et seq.
3. TERM. This MOU is effective as of the date last signed below and shall automatically terminate on December 31,
2023, unless extended by written amendment.

COLORADO STATE UNIVERSITY                           BOARD OF COUNTY COMMISSIONERS OF LARIMER COUNTY
Vice President for Research                         Chair
Date: March 3, 2021                                 Date: March 10, 2021
"""],
    [("Colorado State University", "CSU"),
     ("Board of County Commissioners of Larimer County, Colorado", "Board of County Commissioners of Larimer County",
      "Larimer County", "County")],
    "2021-03-10", "2023-12-31", "MEMORANDUM OF UNDERSTANDING")

# a federal-state MOA whose period runs "from date of execution through" a day
_third("cms_state_from_execution_through", [
    """MEMORANDUM OF AGREEMENT
BETWEEN
THE CENTERS FOR MEDICARE & MEDICAID SERVICES
AND
THE NORTH CAROLINA DEPARTMENT OF HEALTH AND HUMAN SERVICES

1. PARTIES. The Centers for Medicare & Medicaid Services (CMS) and the North Carolina Department of Health and Human
Services (NCDHHS).

2. PERIOD OF AGREEMENT. The term of this agreement is from the date of execution through June 30, 2027.

3. DATA. CMS will provide NCDHHS with Medicare enrollment records of dually eligible individuals under section 1902(a)
of the Social Security Act and 42 CFR 431.300.

CENTERS FOR MEDICARE & MEDICAID SERVICES                 NORTH CAROLINA DEPARTMENT OF HEALTH AND HUMAN SERVICES
Director, Medicaid and CHIP Operations Group              Secretary
Date: 10/04/2022                                         Date: 10/11/2022
"""],
    [("Centers for Medicare & Medicaid Services", "Centers for Medicare and Medicaid Services", "CMS"),
     ("North Carolina Department of Health and Human Services", "NCDHHS")],
    "2022-10-11", "2027-06-30",
    "MEMORANDUM OF AGREEMENT BETWEEN THE CENTERS FOR MEDICARE & MEDICAID SERVICES AND THE NORTH CAROLINA DEPARTMENT OF "
    "HEALTH AND HUMAN SERVICES")

# a mixed-case one-line heading with a number, articles, a ten-year term, "11 Jan 2022" dates
_third("uscg_port_one_line_heading", [
    """Memorandum of Understanding (MOU) No. 24-0198 Between the United States Coast Guard, Sector Puget Sound, and the Port of Seattle

ARTICLE I - PURPOSE
The United States Coast Guard, Sector Puget Sound (USCG) and the Port of Seattle (Port) will share vessel traffic
and facility security camera feeds.

ARTICLE II - AUTHORITY
14 U.S.C. § 701; 46 U.S.C. § 70103; the Maritime Transportation Security Act of 2002 (November 25, 2002).

ARTICLE X - EFFECTIVE DATE
This MOU is effective upon signature by both parties.

ARTICLE XI - DURATION AND TERMINATION
This MOU will remain in effect for ten (10) years unless terminated earlier by either party with ninety days' notice.

Signed: ____________________  Captain of the Port, Sector Puget Sound     Date: 11 Jan 2022
Signed: ____________________  Executive Director, Port of Seattle         Date: 19 Jan 2022
"""],
    [("United States Coast Guard, Sector Puget Sound", "United States Coast Guard", "Sector Puget Sound", "USCG"),
     ("Port of Seattle", "Port")],
    "2022-01-19", "2032-01-19",
    "Memorandum of Understanding (MOU) No. 24-0198 Between the United States Coast Guard, Sector Puget Sound, and the "
    "Port of Seattle")

# a state agency and a university: "made and entered into this 12th day of August, 2021", a fixed end day
_third("dshs_university_entered_this_day", [
    """DATA USE AGREEMENT

This Agreement is made and entered into this 12th day of August, 2021, by and between the Texas Department of State
Health Services ("DSHS") and The University of Texas Health Science Center at Houston ("UTHealth").

Section 1. DSHS will provide UTHealth with de-identified birth defects registry records, under Texas Health and
Safety Code Chapter 87 and 45 C.F.R. 164.514(e).

Section 9. Term. This Agreement shall terminate on August 31, 2024, unless terminated earlier under Section 10.

TEXAS DEPARTMENT OF STATE HEALTH SERVICES            THE UNIVERSITY OF TEXAS HEALTH SCIENCE CENTER AT HOUSTON
By: ________________________                         By: ________________________
Name: Carla M. Ruiz                                  Name: Daniel F. Osei
Title: Associate Commissioner                        Title: Vice President, Research Administration
"""],
    [("Texas Department of State Health Services", "DSHS"),
     ("The University of Texas Health Science Center at Houston", "University of Texas Health Science Center at Houston",
      "UTHealth")],
    "2021-08-12", "2024-08-31", "DATA USE AGREEMENT")

# a three-party MOA in one mixed-case heading line with semicolons; signatures dated by a "Date" caption below
_third("usace_state_tribe_semicolons", [
    """Memorandum of Agreement among the U.S. Army Corps of Engineers, Portland District; the Oregon Department of Fish and Wildlife; and the Confederated Tribes of the Umatilla Indian Reservation

1. The parties will coordinate fish passage monitoring at the district's dams on the Columbia River.
2. This Memorandum of Agreement becomes effective on the date of the last signature below and will remain in effect
for five (5) years.
""",
    """/s/ Col. Ann T. Perry                 4/5/2022
District Commander                     Date

/s/ Curtis R. Holm                     4/12/2022
Director, ODFW                         Date

/s/ Jolene W. Minthorn                 4/20/2022
Chair, Board of Trustees, CTUIR        Date
"""],
    [("U.S. Army Corps of Engineers, Portland District", "U.S. Army Corps of Engineers", "Portland District"),
     ("Oregon Department of Fish and Wildlife", "ODFW"),
     ("Confederated Tribes of the Umatilla Indian Reservation", "CTUIR")],
    "2022-04-20", "2027-04-20",
    "Memorandum of Agreement among the U.S. Army Corps of Engineers, Portland District; the Oregon Department of Fish "
    "and Wildlife; and the Confederated Tribes of the Umatilla Indian Reservation")

# an amendment that restates the agreement's expiration article
_third("iaa_amendment_restated_article", [
    """AMENDMENT NO. 1
TO INTERAGENCY AGREEMENT HSHQDC-21-X-00045
BETWEEN THE DEPARTMENT OF HOMELAND SECURITY, SCIENCE AND TECHNOLOGY DIRECTORATE
AND THE DEPARTMENT OF ENERGY, SANDIA NATIONAL LABORATORIES

1. Article 5 of the Agreement, signed September 14, 2021, is amended to read: "This Agreement shall expire on March
31, 2026."
2. This Amendment is effective on the date of the last signature below. All other terms remain unchanged.

Science and Technology Directorate                   Sandia National Laboratories
Date: 8/30/2024                                      Date: 9/6/2024
"""],
    [("Department of Homeland Security, Science and Technology Directorate", "Science and Technology Directorate",
      "S&T"),
     ("Department of Energy, Sandia National Laboratories", "Sandia National Laboratories")],
    "2024-09-06", "2026-03-31",
    "AMENDMENT NO. 1 TO INTERAGENCY AGREEMENT HSHQDC-21-X-00045 BETWEEN THE DEPARTMENT OF HOMELAND SECURITY, SCIENCE "
    "AND TECHNOLOGY DIRECTORATE AND THE DEPARTMENT OF ENERGY, SANDIA NATIONAL LABORATORIES")

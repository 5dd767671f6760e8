"""Names the demo corpus draws from: DHS components, partner agencies, places, people, authorities.

Everything here is plain data. The people are random first/last-name combinations, not real
officials; places are real U.S. counties and cities so 287(g) partners look like the real ones.
"""
from __future__ import annotations

# (abbreviation, full name, signing titles)
DHS_COMPONENTS = (
    ("ICE", "U.S. Immigration and Customs Enforcement", ("Director", "Acting Director", "Deputy Director")),
    ("HSI", "U.S. Immigration and Customs Enforcement, Homeland Security Investigations",
     ("Executive Associate Director, Homeland Security Investigations", "Special Agent in Charge")),
    ("ERO", "U.S. Immigration and Customs Enforcement, Enforcement and Removal Operations",
     ("Executive Associate Director, Enforcement and Removal Operations", "Field Office Director")),
    ("CBP", "U.S. Customs and Border Protection", ("Commissioner", "Acting Commissioner", "Executive Assistant Commissioner, Office of Field Operations")),
    ("USCIS", "U.S. Citizenship and Immigration Services", ("Director", "Associate Director, Fraud Detection and National Security")),
    ("TSA", "Transportation Security Administration", ("Administrator", "Deputy Administrator", "Assistant Administrator for Intelligence and Analysis")),
    ("FEMA", "Federal Emergency Management Agency", ("Administrator", "Associate Administrator, Office of Response and Recovery")),
    ("USCG", "United States Coast Guard", ("Commandant", "Assistant Commandant for Intelligence")),
    ("I&A", "DHS Office of Intelligence and Analysis", ("Under Secretary for Intelligence and Analysis", "Principal Deputy Under Secretary")),
    ("CISA", "Cybersecurity and Infrastructure Security Agency", ("Director", "Executive Assistant Director for Cybersecurity")),
)

OTHER_FEDERAL = (
    ("FBI", "Federal Bureau of Investigation, U.S. Department of Justice", ("Assistant Director, Criminal Justice Information Services Division", "Section Chief")),
    ("DEA", "Drug Enforcement Administration", ("Administrator", "Chief of Intelligence")),
    ("USMS", "United States Marshals Service", ("Director", "Assistant Director, Investigative Operations Division")),
    ("DOS", "U.S. Department of State, Bureau of Consular Affairs", ("Assistant Secretary for Consular Affairs", "Deputy Assistant Secretary for Visa Services")),
    ("SSA", "Social Security Administration", ("Deputy Commissioner for Operations", "Associate Commissioner")),
    ("IRS", "Internal Revenue Service", ("Chief, Criminal Investigation", "Deputy Commissioner for Services and Enforcement")),
    ("DOL", "U.S. Department of Labor", ("Deputy Secretary", "Administrator, Wage and Hour Division")),
    ("ORR", "Office of Refugee Resettlement, U.S. Department of Health and Human Services", ("Director", "Deputy Director")),
    ("DoD", "U.S. Department of Defense", ("Under Secretary of Defense for Intelligence and Security", "Director, Defense Manpower Data Center")),
    ("FinCEN", "Financial Crimes Enforcement Network, U.S. Department of the Treasury", ("Director", "Associate Director, Intelligence Division")),
    ("APHIS", "Animal and Plant Health Inspection Service, U.S. Department of Agriculture", ("Administrator", "Deputy Administrator, Plant Protection and Quarantine")),
    ("FDA", "U.S. Food and Drug Administration", ("Associate Commissioner for Regulatory Affairs", "Director, Office of Criminal Investigations")),
)

# (county, state, state abbreviation) — real county names, used for sheriff's offices.
COUNTIES = (
    ("Etowah", "Alabama", "AL"), ("Baldwin", "Alabama", "AL"), ("Benton", "Arkansas", "AR"), ("Pinal", "Arizona", "AZ"),
    ("Collier", "Florida", "FL"), ("Lee", "Florida", "FL"), ("Marion", "Florida", "FL"), ("Polk", "Florida", "FL"),
    ("Cobb", "Georgia", "GA"), ("Gwinnett", "Georgia", "GA"), ("Hall", "Georgia", "GA"), ("Jefferson", "Louisiana", "LA"),
    ("Frederick", "Maryland", "MD"), ("Harford", "Maryland", "MD"), ("Bristol", "Massachusetts", "MA"), ("Rankin", "Mississippi", "MS"),
    ("Gaston", "North Carolina", "NC"), ("Cabarrus", "North Carolina", "NC"), ("Lincoln", "Nebraska", "NE"), ("Butler", "Ohio", "OH"),
    ("Tulsa", "Oklahoma", "OK"), ("Charleston", "South Carolina", "SC"), ("Lexington", "South Carolina", "SC"), ("Knox", "Tennessee", "TN"),
    ("Montgomery", "Texas", "TX"), ("Galveston", "Texas", "TX"), ("Lubbock", "Texas", "TX"), ("Tarrant", "Texas", "TX"),
    ("Washington", "Utah", "UT"), ("Culpeper", "Virginia", "VA"), ("Rockingham", "Virginia", "VA"), ("Campbell", "Wyoming", "WY"),
    ("Monroe", "Pennsylvania", "PA"), ("Pottawattamie", "Iowa", "IA"), ("Boone", "Missouri", "MO"), ("Kootenai", "Idaho", "ID"),
)

# (city, state, state abbreviation)
CITIES = (
    ("Arcadia", "Florida", "FL"), ("Boca Raton", "Florida", "FL"), ("Marietta", "Georgia", "GA"), ("Pasadena", "Texas", "TX"),
    ("Mesquite", "Texas", "TX"), ("Hialeah", "Florida", "FL"), ("Knoxville", "Tennessee", "TN"), ("Springfield", "Missouri", "MO"),
    ("Franklin", "Tennessee", "TN"), ("Rock Hill", "South Carolina", "SC"), ("Huntsville", "Alabama", "AL"), ("Provo", "Utah", "UT"),
    ("Chesapeake", "Virginia", "VA"), ("Billings", "Montana", "MT"), ("Fargo", "North Dakota", "ND"), ("Casper", "Wyoming", "WY"),
    ("Lafayette", "Louisiana", "LA"), ("Broken Arrow", "Oklahoma", "OK"), ("Sioux Falls", "South Dakota", "SD"), ("Boise", "Idaho", "ID"),
    ("Reno", "Nevada", "NV"), ("Wichita", "Kansas", "KS"), ("Omaha", "Nebraska", "NE"), ("Des Moines", "Iowa", "IA"),
)

STATE_AGENCY_KINDS = (
    "Department of Public Safety", "Department of Motor Vehicles", "Department of Corrections",
    "State Police", "Bureau of Investigation", "Fusion Center", "Department of Labor", "Emergency Management Agency",
)

# (short country name, long form used in "the Government of ...", adjective, ministry patterns)
COUNTRIES = (
    ("Colombia", "the Republic of Colombia", "Colombian"), ("Mexico", "the United Mexican States", "Mexican"),
    ("Guatemala", "the Republic of Guatemala", "Guatemalan"), ("Honduras", "the Republic of Honduras", "Honduran"),
    ("El Salvador", "the Republic of El Salvador", "Salvadoran"), ("Panama", "the Republic of Panama", "Panamanian"),
    ("Peru", "the Republic of Peru", "Peruvian"), ("Ecuador", "the Republic of Ecuador", "Ecuadorian"),
    ("the Netherlands", "the Kingdom of the Netherlands", "Netherlands"), ("Poland", "the Republic of Poland", "Polish"),
    ("Korea", "the Republic of Korea", "Korean"), ("Japan", "Japan", "Japanese"),
    ("Germany", "the Federal Republic of Germany", "German"), ("Italy", "the Italian Republic", "Italian"),
    ("Israel", "the State of Israel", "Israeli"), ("Jordan", "the Hashemite Kingdom of Jordan", "Jordanian"),
    ("Ghana", "the Republic of Ghana", "Ghanaian"), ("Kenya", "the Republic of Kenya", "Kenyan"),
    ("the Philippines", "the Republic of the Philippines", "Philippine"), ("Vietnam", "the Socialist Republic of Viet Nam", "Vietnamese"),
    ("Chile", "the Republic of Chile", "Chilean"), ("Portugal", "the Portuguese Republic", "Portuguese"),
    ("Estonia", "the Republic of Estonia", "Estonian"), ("Morocco", "the Kingdom of Morocco", "Moroccan"),
)

FOREIGN_MINISTRIES = (
    ("the Ministry of the Interior of {long}", ("Minister of the Interior", "Vice Minister of the Interior")),
    ("the Ministry of Public Security of {long}", ("Minister of Public Security", "Director General")),
    ("the National Police of {long}", ("Director General of the National Police", "Commissioner")),
    ("the National Migration Service of {long}", ("Director General", "Deputy Director")),
    ("the Customs Administration of {long}", ("Director General of Customs", "Commissioner of Customs")),
    ("the Ministry of Foreign Affairs of {long}", ("Minister of Foreign Affairs", "Ambassador")),
)

COMPANY_HEADS = (
    "Northwind", "Bluestone", "Cedar Ridge", "Harborview", "Ironclad", "Lumen", "Meridian", "Pinecrest", "Quarry Hill",
    "Redwood", "Silverline", "Tidewater", "Vantage", "Westbrook", "Aldergate", "Brightpath", "Coppervale", "Driftwood",
    "Everstone", "Foxhollow", "Granite Peak", "Highmark", "Keystone Arc", "Lakeshore", "Mosaic", "Oakhurst",
)
COMPANY_TAILS = (
    "Analytics", "Logistics", "Systems", "Biometrics", "Data Services", "Software", "Pharmaceuticals", "Networks",
    "Medical Devices", "Consulting Group", "Security Solutions", "Foods", "Energy", "Technologies", "Imaging",
)
COMPANY_FORMS = ("Inc.", "LLC", "Corporation", "Co.", "L.P.", "Holdings, Inc.")
STATES_OF_INCORPORATION = ("Delaware", "Nevada", "New York", "California", "Texas", "Virginia", "Maryland")
COMPANY_TITLES = ("Chief Executive Officer", "President", "General Counsel", "Chief Operating Officer",
                  "Vice President, Contracts", "Chief Financial Officer")

FIRST_NAMES = (
    "James", "Maria", "Robert", "Linda", "Michael", "Patricia", "David", "Jennifer", "Carlos", "Susan", "Daniel",
    "Karen", "Thomas", "Angela", "Kevin", "Teresa", "Brian", "Monica", "Gregory", "Denise", "Luis", "Rachel",
    "Howard", "Yolanda", "Peter", "Colleen", "Raymond", "Diane", "Samuel", "Gloria", "Victor", "Renee", "Arthur",
    "Lorraine", "Dennis", "Irene", "Wesley", "Marcia", "Frank", "Bernadette", "Tomas", "Ingrid", "Kenji", "Amara",
)
LAST_NAMES = (
    "Whitfield", "Okafor", "Castellano", "Brennan", "Lindqvist", "Harrington", "Delgado", "Pruitt", "Nakamura",
    "Ferreira", "Goodwin", "Abernathy", "Kowalski", "Mbeki", "Sandoval", "Thornton", "Vasquez", "Holloway",
    "Ashworth", "Rinaldi", "McAllister", "Oduya", "Petrakis", "Landry", "Beaumont", "Crowder", "Esposito",
    "Fairbanks", "Galloway", "Hensley", "Iverson", "Jablonski", "Kingsley", "Lockhart", "Montoya", "Norwood",
)
MIDDLE_INITIALS = "ABCDEFGHJKLMNPRSTW"

# Authorities as they are written in the documents; the truth records exactly these strings.
AUTHORITIES = {
    "287g": ("Section 287(g) of the Immigration and Nationality Act (INA), 8 U.S.C. § 1357(g)", "8 U.S.C. § 1103(a)",
             "8 C.F.R. § 287.5", "8 U.S.C. § 1357(g)"),
    "iaa": ("the Economy Act, 31 U.S.C. § 1535", "31 U.S.C. § 1535", "FAR Subpart 17.5", "6 U.S.C. § 112"),
    "cmaa": ("19 U.S.C. § 1628", "6 U.S.C. § 211", "Pub. L. 107-296"),
    "isa": ("44 U.S.C. § 3551 et seq.", "OMB Circular A-130", "NIST SP 800-47", "DHS Directive 4300A"),
    "sharing": ("6 U.S.C. § 112", "Pub. L. 107-296", "5 U.S.C. § 552a", "28 C.F.R. Part 23", "8 U.S.C. § 1103",
                "DHS Directive 262-05", "DHS Delegation 7030.2", "19 U.S.C. § 1628", "6 U.S.C. § 121",
                "Executive Order 12333", "8 U.S.C. § 1367", "6 U.S.C. § 485"),
    "contract": (),
    "related": ("6 U.S.C. § 112", "Pub. L. 107-296", "5 U.S.C. § 552a", "DHS Directive 262-05", "44 U.S.C. § 3501 note",
                "DHS Delegation 7030.2", "E-Government Act of 2002, Pub. L. 107-347"),
}

# (subject, data shared, system name) — the business topic of a document; search benchmarks use it.
SUBJECTS = (
    ("biometric identity verification", "biometric and biographic records", "Automated Biometric Identification System"),
    ("criminal history checks", "criminal history record information", "Criminal Justice Information Exchange"),
    ("lost and stolen travel documents", "lost and stolen passport data", "Travel Document Verification Service"),
    ("cargo screening", "advance cargo manifest data", "Automated Targeting Interface"),
    ("passenger vetting", "passenger name record (PNR) data", "Passenger Screening Gateway"),
    ("visa adjudication", "visa application and adjudication records", "Consular Records Exchange"),
    ("immigration status verification", "immigration status information", "Status Verification Service"),
    ("disaster assistance", "disaster assistance applicant data", "Individual Assistance Case System"),
    ("cyber threat indicators", "cyber threat indicators and defensive measures", "Indicator Sharing Platform"),
    ("maritime domain awareness", "vessel tracking and crew list data", "Maritime Information Exchange"),
    ("human trafficking investigations", "case referral and victim assistance data", "Trafficking Case Referral System"),
    ("detainer notifications", "booking and release information", "Jail Booking Notification Service"),
    ("vehicle registration lookups", "vehicle registration and driver license data", "Motor Vehicle Query Interface"),
    ("fraud detection", "benefit application fraud leads", "Fraud Lead Referral System"),
    ("gang investigations", "gang member intelligence records", "Regional Gang Intelligence Database"),
    ("narcotics interdiction", "seizure and interdiction reports", "Interdiction Reporting System"),
    ("watchlist screening", "terrorist watchlist encounter data", "Watchlist Encounter Service"),
    ("employment eligibility", "employment eligibility verification data", "Employer Verification Interface"),
    ("firearms trafficking", "firearms trace and export data", "Export Enforcement Exchange"),
    ("wage and labor enforcement", "labor law violation referrals", "Labor Referral Exchange"),
)

NUMBER_WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight", 9: "nine", 10: "ten"}

PROGRAM_MODELS = ("Jail Enforcement Model", "Warrant Service Officer", "Task Force Model")

CONTRACT_KINDS = (
    ("SUPPLY AGREEMENT", "supply", "Supplier", "Purchaser"),
    ("SOFTWARE LICENSE AGREEMENT", "license", "Licensor", "Licensee"),
    ("DISTRIBUTION AGREEMENT", "distribution", "Supplier", "Distributor"),
    ("MASTER SERVICES AGREEMENT", "services", "Service Provider", "Customer"),
    ("MUTUAL NONDISCLOSURE AGREEMENT", "nda", "Disclosing Party", "Receiving Party"),
    ("CONFIDENTIALITY AGREEMENT", "nda", "Disclosing Party", "Receiving Party"),
)

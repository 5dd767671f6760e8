"""What each date in an agreement is: its role, read from the words around it and where it sits.

An agreement is full of dates that are not its own: the laws it cites, the older agreement it
replaces, a receipt or court filing stamp, a draft stamp, an OMB form's expiration, the end of a
performance period. Only a date the text introduces as the effective date (or expiry, renewal,
signature) may fill those fields; everything else is recorded with its role so a reviewer sees why
it was not used. Digits inside codes (mail stops "C4-26-05", form and case numbers) are never dates:
find_dates drops them (dates.in_code), so they never get this far.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from corpus.field_corrections import DATE_ROLES
from ingest.metadata.certifications import certification_cue
from ingest.metadata.cited_references import CITED_BETWEEN, CITED_DEFINED, DEFINED_DOCUMENT, SELF_NAME, cited_reference
from ingest.metadata.column_labels import column_label
from ingest.metadata.dates import DateMention
from ingest.metadata.term_subject import agreement_is_subject, end_of_another

EFFECTIVE = "effective"
SIGNATURE = "signature"
EXPIRY = "expiry"
RENEWAL = "renewal"
CITED = "cited"                    # a law or another document the text refers to
SUPERSEDED = "superseded"          # the older agreement this one replaces
STAMP = "stamp"                    # receipt / filing stamp
DRAFT = "draft"                    # draft / revision / print stamp
FORM_EXPIRATION = "form_expiration"
PERFORMANCE_START = "performance_start"
PERFORMANCE_END = "performance_end"
OTHER = "other"
# the roles are a domain concept, defined once in corpus (reviewers correct dates with the same roles)
ROLES = DATE_ROLES
assert {EFFECTIVE, SIGNATURE, EXPIRY, RENEWAL, CITED, SUPERSEDED, STAMP, DRAFT, FORM_EXPIRATION,
        PERFORMANCE_START, PERFORMANCE_END, OTHER} == set(ROLES)
# roles that say the date is not the agreement's own: never an effective or expiry date
NOT_OWN = frozenset({CITED, SUPERSEDED, STAMP, DRAFT, FORM_EXPIRATION})

# Each cue is matched against the text just before the date (same line or sentence) and must end there.
_STAMP = re.compile(r"\b(?:Received|RECEIVED|Rec'?d|RECD|Filed|FILED|Recorded|RECORDED|(?:Entered|ENTERED)(?!\s+(?:into|INTO)\s)|Docketed|DOCKETED|Date\s+Stamped|"
                    r"Clerk|Transmitted|Time\s+Stamp)\b[^\n]{0,30}$")
# a stamp set over two lines, as OCR reads one: "RECEIVED" (and the office) above, the date below; or the date then
# "RECEIVED" on its line ("03/04/2025 RECEIVED")
_STAMP_ABOVE = re.compile(r"^[^\w\n]*(?:Received|RECEIVED|Rec'?d|RECD|Filed|FILED|Docketed|DOCKETED|Date\s+Stamped)\b"
                          r"[^\w\n]*(?:[A-Z][\w.&'’ ]{0,40})?[^\w\n]*$")
_STAMP_AFTER = re.compile(r"[^\w\n]*(?:Received|RECEIVED|Rec'?d|RECD|Filed|FILED|Docketed|DOCKETED)\b[^\w\n]*(?:\n|$)")
# a fax machine's transmission line over a page: the date, the time, then the sender ("12/03/2019 14:22 FAX 202 555
# 0142 DPS LEGAL @002/006", "Dec 3 2019 2:22PM FROM: COUNTY ATTY"): the day a copy was sent, not a date of the agreement
_FAX_HEADER = re.compile(r"[ \t]+\d{1,2}:\d{2}(?::\d{2})?[ \t]*(?:[AaPp]\.?[Mm]\.?)?[ \t]+[^\n]{0,40}?\b(?:FAX|Fax|FROM|From)\b")
# a file's properties printed with it ("FILENAME: spec.doc DATE: 07/07/97 3:57 PM AUTHOR(S): ..."): its save date
FILE_PROPERTIES = re.compile(r"\b(?:FILE\s?NAME|File\s?name|AUTHOR\(S\)|Author\(s\)|Last\s+saved\s+by)\s*:|"
                             r"\w\.(?:docx?|xlsx?|pptx?|wpd|rtf)\b")
_DRAFT = re.compile(r"\b(?:Draft|DRAFT|Revised|REVISED|Rev\.?|Revision|Version|Ver\.|Printed|Print\s+Date|Last\s+(?:updated|modified|"
                    r"revised)|Updated|Generated|Downloaded)\b[^\n]{0,25}$")
_FORM_EXPIRATION = re.compile(r"\b(?:OMB\b[^\n]{0,80}|Exp(?:iration|ires)?\.?\s*(?:Date)?\s*:?\s*)$")
_OMB_NEAR = re.compile(r"\bOMB\b|\bForm\s+(?:No\.?\s*)?[\w-]*\d|\bPaperwork\s+Reduction\s+Act\b", re.IGNORECASE)
_LAW = re.compile(r"\b(?:Act|Acts|Law|Laws|Order|Statute|Regulations?|Proclamation|Convention|Treaty|Protocol|Code|Amendments|"
                  r"Stat\.|U\.\s?S\.\s?C\.?|Pub\.\s?L\.|P\.\s?L\.|Federal\s+Register|Fed\.\s?Reg\.|Directive|Delegation|"
                  r"Resolution|Ordinance|Decision|Circular|Memorandum\s+M-[\d-]+)\b[^.;\n]{0,45}$")
# an interagency order form (GSA 7600B) repeats the period of the GT&C agreement it is placed under
# ("GT&C Agreement Period: 10/01/2025 to 09/30/2030") above its own ("Order Period of Performance: Start Date ...")
_GTC_PERIOD = re.compile(r"\bGT\s*&\s*C\b[^\n]{0,30}\bPeriod\b", re.IGNORECASE)
_ORDER_PERIOD = re.compile(r"\bOrder(?:['’]s)?\s+Period\s+of\s+Performance\b", re.IGNORECASE)
# "Minnesota Statutes chapter 13, as amended through May 24, 2025", "28 C.F.R. Part 23, as amended by Pub. L. X of",
# "the Code as last amended on ...": the day a cited text was last amended, not this one's
_AMENDED_THROUGH = re.compile(r"\bas\s+(?:last\s+)?amended\s+(?:through|to|on|as\s+of|by\b[^.;\n]{0,40}?\s+of)(?:\s+the)?\s*$",
                              re.IGNORECASE)
_LAW_AFTER = re.compile(r"^[\s,(]*(?:Pub\.\s?L\.|P\.\s?L\.|\d+\s+Stat\.|\(\s*\d+\s+U\.\s?S\.\s?C)")
_CITED_DOCUMENT = re.compile(r"\b(?<!this\s)(?<!This\s)(?<!THIS\s)(?<!present\s)(?:Agreement|Memorandum|MOA|MOU|MOC|Arrangement|"
                             r"[Ll]etter|[Nn]otes?|Exchange\s+of\s+Notes|Contract|Policy|Report|Guidance|Plan|[Dd]ecision|[Oo]pinion|"
                             r"[Aa]ward|[Cc]ase\s+No\.?\s*[\w-]+)\b[^.;\n]{0,60}"
                             r"\b(?:dated|signed|executed|concluded|done|issued|of)\s+(?:on\s+|at\s+[A-Z][\w ]{1,30}\s+on\s+)?(?:the\s+)?$")
# "the undersigned hereby execute this Joint Filing Agreement as of ...": the document naming itself (a kind word or
# two between "this" and its noun), not another it cites
_THIS_NAMED = re.compile(r"\b(?:this|This|THIS)\s+(?:[A-Z][\w&'’-]*\s+){0,4}$")


def _cited_document(sentence: str) -> re.Match | None:
    """_CITED_DOCUMENT's match, unless the document it names is this one ("this Services Agreement dated ...")."""
    m = _CITED_DOCUMENT.search(sentence)
    return None if m is not None and _THIS_NAMED.search(sentence, 0, m.start()) else m


_SUPERSEDED = re.compile(r"(?:\b(?:supersed\w*|replac\w*|rescind\w*|revok\w*)\b|\b(?:previous|prior|original|earlier|former|existing|"
                         r"amends?|amended|amending)\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?(?:agreements?|MOA|MOU|MOC|memorand\w+|contract|"
                         r"arrangement|version|letter)\b)[^.;]{0,110}$", re.IGNORECASE)
_PERFORMANCE = re.compile(r"\b(?:period\s+of\s+performance|performance\s+period|project\s+period|budget\s+period|grant\s+period|"
                          r"award\s+period|service\s+period)\b[^.;\n]{0,60}$", re.IGNORECASE)
# "The period of performance of this IAA is October 1, 2025 to September 30, 2026": a narrative interagency
# agreement's own period is its term (a bare "period of performance" may be a task's or an award's)
_OWN_PERFORMANCE = re.compile(r"\b(?:period\s+of\s+performance|performance\s+period)\s+(?:of|for)\s+this\s+"
                              r"(?:IAA|Interagency\s+Agreement|Inter-Agency\s+Agreement|Agreement|MOU|MOA)\b", re.IGNORECASE)
# "TERM OF AGREEMENT / January 1, 2023 through December 31, 2024": the term's first and last day
_TERM_HEADING = re.compile(r"\b(?:term|duration|period)\s+(?:of\s+(?:this\s+|the\s+)?(?:agreement|memorandum|contract|MOU|MOA)|"
                           r"of\s+agreement)\b[^.;\d]{0,40}$|\bTERM\s*:?\s*$|"
                           # a header table's row "| Agreement Period | 10/01/2025 - 09/30/2028 |"
                           r"\b(?:agreement|contract|MOU|MOA|ISA|IAA)\s+(?:period|term)\b[^.;\d\n]{0,40}$|"
                           # "for the term of July 1, 2016 through June 30, 2019"
                           r"\bthe\s+term\s+(?:of|from|is)\s*:?\s*$|\b(?:agreement|memorandum|MOU|MOA|contract)\s+"
                           r"(?:shall\s+be\s+|is\s+)?(?:in\s+(?:full\s+)?(?:force\s+and\s+)?effect\s+|effective\s+)?(?:for\s+the\s+period\s+)?"
                           r"(?:from\s+)?$", re.IGNORECASE)
# "Campaign Term: April 1, 2021 - December 31, 2021", "Lease Term:": another thing's period, not the agreement's
_OTHER_TERM_LABEL = re.compile(r"\b(?!(?:Initial|INITIAL|Original|ORIGINAL|Agreement|AGREEMENT|Contract|CONTRACT)\b)[A-Z][\w-]*[ \t]+"
                               r"(?:Term|TERM)[ \t]*:?[ \t]*$")
TERM_RANGE_END = re.compile(r"\s*(?:[-–—]|to|through|thru|until)\s+(?:and\s+including\s+)?(?=[A-Z0-9])", re.IGNORECASE)
_RANGE_SEPARATOR = re.compile(r"^\s*(?:[-–—]|to|through|thru|until)\s*$", re.IGNORECASE)
EFFECTIVE_CUE = re.compile(
    # a heading's label "Effective Dates: September 1, 2006, August 31, 2007": its first date is the start
    r"(?:(?:^|\n)[ \t]*Effective\s+Dates\s*:|\beffective\s*(?:date)?\s*(?:of\s+this\s+[^.;]{2,80}?\s+)?(?:is|shall\s+be|will\s+be|was)?\s*(?:on|as\s+of|as\s+from|of|from|beginning|"
    r"starting)?|\b(?:is|was)\s+made(?:\s+and\s+entered\s+into)?(?:\s+(?:on|as\s+of|this))?|\bEffective\s+Date|\bdated\s+(?:as\s+of|effective|for\s+reference(?:\s+(?:as\s+of|on))?)|\btakes?\s+effect(?:\s+(?:on|as\s+of))?|\bis\s+effective|"
    r"\b(?:made|entered\s+into|executed)(?:\s+and\s+entered\s+into)?(?:\s+(?:in|at)\s+[A-Z][\w.'’-]*(?:,?\s+[A-Z][\w.'’-]*){0,3},?)?\s+(?:as\s+of|on|this)|\bcommenc\w+\s+(?:on|as\s+of)|"
    r"\bbeginning\s+on|\bstart\s+date|\bdate\s+of\s+(?:this\s+)?(?:agreement|memorandum|moa|mou)|"
    # "shall enter into force on", "in full force and effect from", "the term ... commencing on"
    r"\benters?\s+into\s+force\s+(?:on|as\s+of|from)|"
    # "This MOU is effective retroactively to July 1, 2025, notwithstanding the dates of signature"
    r"\beffective\s+retroactive(?:ly)?\s+(?:to|as\s+of|from)|"
    # a treaty's header "Entered into force: June 3, 1993" (in a sentence, "which entered into force on" cites another)
    r"(?:^|\n)[ \t]*(?:Entered|ENTERED)\s+(?:into|INTO)\s+(?:force|FORCE)(?:\s+(?:on|as\s+of))?|\bin\s+(?:full\s+)?(?:force\s+and\s+)?(?:effect|force)\s+"
    r"(?:from|beginning(?:\s+on)?|commencing(?:\s+on)?)|\bterm\b[^.;\d]{0,60}\b(?:from|beginning|commenc(?:ing|es?)|begins?|"
    r"starting|starts?)(?:\s+(?:on|as\s+of))?|"
    # a definition: '"Commencement Date" means 16 October 2005', "Effective Date shall mean"
    r"\b(?:Effective|Commencement|Start)\s+Date[”\"'’]?\s+(?:shall\s+)?means?|"
    # a modification's or renewal's own box: "Effective Date of Modification: 07/01/2025"
    r"\bEffective\s+Date\s+of\s+(?:this\s+)?(?:Modification|Amendment|Renewal|Extension)(?:\s+No\.?\s*\d{1,3})?)"
    r"[\s:,(“\"]*(?:the\s+)?(?:this\s+)?(?:day\s+)?$", re.IGNORECASE)
DONE_AT = re.compile(r"\b(?:DONE|Done|SIGNED|Signed)\s+(?:at|in)\s+[^.;\n]{1,60}?,?\s*(?:on\s+|this\s+)?(?:the\s+)?$")
# "Dated March 5, 2025" at the head of an agreement; on a signature line it is a signature date
DATED_CUE = re.compile(r"(?:^|\n)[ \t]*(?:Dated|DATED)\s*[:,]?\s*(?:as\s+of\s+)?$")
# "the practice in effect on June 30, 2012": how things stood on a day, not when anything starts
IN_EFFECT_ON = re.compile(r"\bin\s+effect\s+(?:on|as\s+of)\s*(?:the\s+)?$", re.IGNORECASE)
_CURRENT_AS_OF = re.compile(r"\b(?:current|outstanding|valid|applicable|prevailing|existing)\s+(?:on|as\s+of)\s*(?:the\s+)?$",
                            re.IGNORECASE)
# "This Agreement, dated March 5, 2025", "as of March 5, 2025": the agreement's own date unless a
# cited law or document was recognised first
# "IN WITNESS WHEREOF, the undersigned hereby execute this Joint Filing Agreement this 14th day of ...": the day the
# parties execute it (any tense; the document's name in up to four capitalised words, not "this Agreement in Boston on")
WEAK_EFFECTIVE_CUE = re.compile(r"\b(?:dated|as\s+of)\s*:?\s*(?:the\s+|this\s+)?$|"
                                r"\bexecut(?:e|es|ed)\s+this\s+(?:\w+(?:\s+\w+)?|(?-i:[A-Z][\w&'’-]*)(?:\s+(?:(?-i:of|and|for)\s+)?(?-i:[A-Z][\w&'’-]*)){1,3})\s+"
                                r"(?:on\s+)?(?:this\s+)?(?:the\s+)?$", re.IGNORECASE)
# 'This Agreement (the "Agreement") dated ...': the document naming itself, not one it cites
SELF_DATED = re.compile(r"\((?:the\s+|this\s+)?[“\"][A-Z][\w -]{1,30}[”\"]\)\s*,?\s*(?:is\s+)?(?:dated|made|entered\s+into)"
                        r"(?:\s+(?:as\s+of|on|this|effective))?\s*(?:the\s+)?$", re.IGNORECASE)
# a time of day before the last day: "expire at midnight on", "terminate at 11:59 p.m. Central Time on",
# "until midnight (Eastern Time) on"
_AT_TIME = r"(?:\s+at\s+(?:\d{1,2}(?::\d{2})?\s*(?:[ap]\.\s?m\.|[ap]m\b)?)?[^.;\d]{0,25}?\s+on)"
TIME_OF_DAY_ON = r"(?:at\s+)?(?:(?:11:59|12:00|23:59|24:00)\s*(?:[ap]\.?\s?m\.?|midnight)?|midnight)(?:\s*\([^()]{1,25}\)|,?\s+[A-Z]\w+\s+(?:Standard\s+|Daylight\s+)?Time)?,?\s+on"
_AT_TIME_ON = r"(?:" + _AT_TIME + r"|\s+" + TIME_OF_DAY_ON + r")"
# OCR reads the i of "expires" / "Expiration" as an l or a one ("Explration Date: 12/3l/2O28")
EXPIRY_CUE = re.compile(r"(?:\bexp[il1]r(?:es|e|ing|ation)\b(?:\s+date)?(?:\s+(?:on|is|shall\s+be|will\s+be))?" + _AT_TIME_ON + r"?|\bExpiry(?:\s+Date)?|"
                        r"\btermination\s+date(?:\s+(?:is|of))?|\bterminates?\s+(?:automatically\s+)?on|\bterminates?" + _AT_TIME_ON + r"|\bend\s+date|\bends?\s+on|\bshall\s+end\s+on|\bconclude[sd]?\s+on)"
                        r"[\s:,(]*(?:the\s+)?(?:on\s+)?$", re.IGNORECASE)
# "remain in effect until/through <date>": the agreement's own term (checked within the sentence)
# "shall terminate on September 30, 2015, if Article 2 is not in effect": an end that may never come
CONDITIONAL_AFTER = re.compile(r"^\s*,?\s*(?:if|in\s+the\s+event|provided\s+that|should|where)\b", re.IGNORECASE)
# "Should the State withdraw its funding, this Agreement shall terminate on ...": the condition comes first. A
# condition about the agreement's own renewal or extension ("if not renewed, it expires on ...") is its normal end.
CONDITIONAL_BEFORE = re.compile(r"(?:^\s*|[,(]\s*)(?:if|should|in\s+the\s+event|provided\s+that|where|in\s+case)\b"
                                r"(?![^,;]*\b(?:renew\w*|extend\w*|extension)\b)[^;]*$", re.IGNORECASE)
# "Either Party may terminate this Agreement, effective as of December 31, 2023, ...", "such termination shall be
# effective on ...": the day a termination takes effect is an end (or an option to end), never the agreement's start.
# "Unless sooner terminated, this Agreement is effective as of ..." is a start: the termination word is no verb there.
TERMINATION_EFFECTIVE = re.compile(
    r"(?:(?<!sooner\s)(?<!earlier\s)(?<!unless\s)(?<!until\s)\b(?:terminat(?:e|es|ed|ing)|cancel\w*|withdraw\w*)"
    r"(?:\s+(?:this|the|its|such)\s+(?:[\w-]+\s+){0,3}?(?:Agreement|Memorandum|MOU|MOA|MOC|Contract|Arrangement)\b)?"
    r"[\s,]*(?:\([^()]{0,30}\)[\s,]*)?|\b(?:termination|cancellation|withdrawal)\s+(?:shall|will|is\s+to|to)\s+"
    r"(?:be(?:come)?\s+|take\s+)?)"
    r"(?:effective|effect)\s*(?:on|as\s+of|from)?\s*(?:the\s+)?$", re.IGNORECASE)
# "either Party may terminate this Agreement on December 31 of any year": an option, not an end
PERMISSIVE_END = re.compile(r"\bmay\s+(?:\w+\s+){0,2}?(?:terminate|end|cancel|withdraw)\b[^.;]{0,40}$", re.IGNORECASE)

# "This Agreement, as of March 5, 2025": "as of" dates the agreement only when said of it; "members as of
# December 1, 1991" is how things stood on a day
AS_OF_THE_AGREEMENT = re.compile(r"\b(?:Agreement|Memorandum|MOU|MOA|MOC|Contract|Arrangement|Amendment|letter|Undertaking)"
                                 r"(?:\s+of\s+(?:Understanding|Agreement|Cooperation))?[\s,]*(?:(?:is|was|shall\s+be|will\s+be|"
                                 r"dated|made|effective|entered\s+into)\s+)*"
                                 r"as\s+of\s*:?\s*(?:the\s+|this\s+)?$|"
                                 # "Accepted and Agreed as of 10 October, 2011", "executed as of": the parties' assent
                                 r"\b(?:dated|agreed?|agrees|accepted|acknowledged|signed|executed|made|entered\s+into|approved)\s+"
                                 r"(?:to\s+)?as\s+of\s*:?\s*(?:the\s+|this\s+)?$", re.IGNORECASE)
# "This Agreement is entered into by A, Inc. and B Co. as of ...": the sentence makes the agreement
MAKING_SENTENCE = re.compile(r"\b(?:this|the)\s+(?:[\w-]+\s+){0,3}?(?:Agreement|Memorandum|MOU|MOA|Contract|Arrangement|letter|Undertaking)\b[^;]*?"
                             r"\b(?:made|entered\s+into|executed|dated|agreed?)\b", re.IGNORECASE)
# '... January 30, 2006 (the "Effective Date")': the date defined as the effective date
DEFINED_EFFECTIVE = re.compile(r"^\s*,?\s*\(\s*(?:hereinafter\s+(?:referred\s+to\s+as\s+|called\s+)?)?(?:the\s+|this\s+)?[“\"'‘]*\s*"
                               r"Effective\s+Date", re.IGNORECASE)
# '"Expiration Date" means March 31, 2020': the definition of the agreement's own last day (a qualified name such as
# "Sale Termination Date" is some other period's)
DEFINED_EXPIRY = re.compile(r"[“\"'‘]\s*(?:Expiration|Expiry|End)\s+Date\s*[”\"'’]\s+(?:shall\s+)?(?:means?|is)\s*(?:the\s+)?$",
                            re.IGNORECASE)
# '... June 8, 2018 (the "Execution Date")': the date named as the day of signing
SIGNING_DATE_NAMED = re.compile(r"\s*,?\s*\(\s*(?:the\s+)?[“\"'‘]\s*(?:Execution|Signing|Signature)\s+Date\s*[”\"'’]", re.IGNORECASE)
# the text defines its own "Effective Date" (in quotes: a defined term)
EFFECTIVE_DATE_DEFINED = re.compile(r"[“\"'‘]\s*Effective\s+Date\s*[,.]?\s*[”\"'’]")
# the names of the agreement's own period or its end ('(the "Term")', '(the "Expiration Date")')
_OWN_PERIOD_NAME = re.compile(r"(?:the\s+)?(?:(?:(?:Initial|Original)\s+)?Term\b|(?:Expiration|Expiry|End|Termination)\s+Date\b|"
                              r"(?:Contract|Agreement)\s+(?:Period|Term)\b)", re.IGNORECASE)
_DEFINED_NAME_AFTER = re.compile(r"\s*,?\s*\(\s*(?:the\s+)?[“\"'‘]\s*(?!Effective\b)[A-Z]", re.IGNORECASE)
# "the first Calendar Quarter of the Term shall commence on the Effective Date and end on June 30, 2019": the end of a
# part of the term (a quarter, a contract year, a phase), not of the agreement
SUB_PERIOD_END = re.compile(r"\b(?:[Cc]alendar\s+(?:[Qq]uarter|[Yy]ear|[Mm]onth)|[Cc]ontract\s+[Yy]ear|[Aa]greement\s+[Yy]ear|"
                            r"[Ff]iscal\s+[Yy]ear|[Ll]ease\s+[Yy]ear|[Qq]uarter|[Pp]hase)\b(?:\s+of\s+the\s+[Tt]erm)?\s+"
                            r"(?:shall|will|begins?|commenc\w*|ends?)\b[^.;]{0,100}$")
UNANCHORED_AS_OF = "as of (said of no agreement)"
# OCR reads the l of "until" as a one ("unti1 September 30, 2030")
# ("untll 11:59 p.m. on December 3l, 2O28": the l and the i confused, a time of day before the day)
UNTIL_CUE = re.compile(r"\b(?:unt[il1][l1]|through|thru|to\s+and\s+including)\s+(?:" + TIME_OF_DAY_ON + r"\s+)?(?:the\s+)?$",
                       re.IGNORECASE)
# "shall terminate on the earlier of (a) the date on which either Party terminates it under Section 9, or (b) December
# 31, 2029": the other end is only an early termination, so the stated day is the agreement's own last day (an
# alternative that is an event of its own, "the completion of the Project", leaves the end uncertain: not read)
EARLIER_OF_TERMINATION = re.compile(r"\b(?:terminate|expire|end)s?\s+(?:on\s+)?(?:the\s+)?(?:earlier|sooner)\s+of\s*:?\s*"
                                    r"\(?(?:a|i|1)\)\s*(?P<first>[^;]{5,200}?)[\s,]*(?:or|and)\s+\(?(?:b|ii|2)\)\s*(?:the\s+)?$",
                                    re.IGNORECASE)
_EARLY_TERMINATION = re.compile(r"\bterminat\w*\b[^;]{0,80}\b(?:under|pursuant\s+to|in\s+accordance\s+with|as\s+provided|"
                                r"notice|by\s+(?:either|any|one|both|the)\s+(?:part(?:y|ies)|participants?))|"
                                r"\b(?:either|any|one|both)\s+(?:part(?:y|ies)|participants?)\s+terminat", re.IGNORECASE)
# "... until its sunset date of March 31, 2027, when this Agreement ends": the sentence after the date says the
# agreement ends on it
WHEN_IT_ENDS = re.compile(r"\s*,?\s*(?:when|at\s+which\s+time|on\s+which\s+(?:date|day))\s+(?:this|the)\s+"
                          r"(?:[\w-]+\s+){0,2}?(?:Agreement|Memorandum|MOU|MOA|MOC|ISA|IAA|Arrangement|Contract)\s+"
                          r"(?:(?:shall|will)\s+)?(?:ends?|expires?|terminates?)\b", re.IGNORECASE)
# "... commencing January 1, 1996 for three (3) years, concluding December 31, 1998": the term's last day (only in a
# sentence about the term: "the fiscal year ending June 30" ends no agreement)
TERM_END_CUE = re.compile(r"\b(?:concluding|ending|terminating|and\s+end(?:s|ing)?)\s+(?:on\s+)?(?:the\s+)?$", re.IGNORECASE)
# "IBM shall pay MSL ... on the first day of each calendar month through March 31, 1999": a schedule of payments or
# deliveries runs through that day, not the agreement
_RECURRING = re.compile(r"\b(?:each|every|per)\s+(?:calendar\s+)?(?:day|week|month|quarter|year)\b|\b(?:monthly|quarterly|"
                        r"pay|pays|paid|payable|payments?|invoices?)\b", re.IGNORECASE)
_TERM_WORDS = re.compile(r"\b(?:effect|force|term|valid|remain|continue|expire|agreement|memorandum|MOA|MOU|MOC|"
                         r"contract\s+period)\b", re.IGNORECASE)
# "My Commission Expires: May 1, 2009" under a notary's seal: the notary's commission, not the agreement
NOTARY_COMMISSION = re.compile(r"\bCommission\s+(?:Expires?|Expiration)\b[^\n]{0,25}$", re.IGNORECASE)
# cues of dates set aside although an effective or expiry cue is near them (a range they open is set aside too)
SET_ASIDE = ("notary:", "schedule:")
# "SCHEDULE ONE  Effective 16 October 2005 to 31 March 2006": a schedule's or exhibit's own period, not the agreement's
# ("RATE SCHEDULE NO. 1 / Effective: January 1, 2024   Expires: December 31, 2024": a numbered schedule's own row)
SCHEDULE_HEADING = re.compile(r"\b(?:SCHEDULE|EXHIBIT|APPENDIX|ANNEX|ATTACHMENT)\s+(?:(?:NO\.|No\.|#)\s*\d{1,3}|[A-Z]{1,5}|\d{1,2}(?:\.\d+)?)\b"
                              r"[ \t]*(?:\n[ \t]*)?[^.;\n]{0,12}$")
# the next label on a schedule's own row of dates ("Effective: X     Expires: Y"): the end of the schedule's period
_ROW_START_LABEL = re.compile(r"\b(?:Start|Begins?|Commences?|From)(?:\s+Date)?\s*:[ \t]*$", re.IGNORECASE)
_ROW_END_LABEL = re.compile(r"^[ \t]+(?:Expires?|Expiration(?:\s+Date)?|Ends?|End\s+Date|Through|To)\s*:?[ \t]*$", re.IGNORECASE)
# "The expiration date of the Agreement is hereby extended from September 30, 2024 to September 30, 2026": a
# modification moves the agreement's end to the new day (a permissive "may be extended to" moves nothing); an
# amendment words it with the verb first as often: "Section 6 is amended to extend the expiration date from X to Y"
EXTENDED_END = re.compile(r"\b(?:expiration|expiry|termination|end(?:ing)?)\s+date\b[^.;]{0,80}?\b(?:is|are|shall\s+be|will\s+be)\s+"
                          r"(?:hereby\s+)?extended\b[^.;]{0,60}?\b(?:to|through|until)\s+(?:the\s+)?$|"
                          r"\b(?<!may\s)(?<!to\s)extend(?:s|ed|ing)?\s+(?:the\s+)?(?:expiration|expiry|termination|end(?:ing)?)\s+date\b"
                          r"[^.;]{0,80}?\bfrom\s+[^.;]{4,30}?\s+(?:to|through|until)\s+(?:the\s+)?$|"
                          r"\bto\s+extend\s+(?:the\s+)?(?:expiration|expiry|termination|end(?:ing)?)\s+date\b[^.;]{0,80}?\bfrom\s+[^.;]{4,30}?\s+"
                          r"(?:to|through|until)\s+(?:the\s+)?$", re.IGNORECASE)
# the day such a modification moves the end from: the old end, neither a start nor the agreement's end now (nor the
# start of a range "from X to Y")
EXTENDED_FROM_CUE = "the end being extended: "
# the new end a modification extends to: it replaces the old end the same text still states ("... expires on June 30,
# 2025. This Modification extends the expiration date of the Agreement from June 30, 2025 to June 30, 2026")
EXTENDED_TO_CUE = "the end extended to: "
EXTENDED_FROM = re.compile(r"\bextend(?:s|ed|ing)?\s+(?:the\s+)?(?:expiration|expiry|termination|end(?:ing)?)\s+date\b[^.;]{0,80}?\bfrom\s+(?:the\s+)?$|"
                           r"\b(?:expiration|expiry|termination|end(?:ing)?)\s+date\b[^.;]{0,80}?\b(?:is|are|shall\s+be|will\s+be)\s+"
                           r"(?:hereby\s+)?extended\s+from\s+(?:the\s+)?$", re.IGNORECASE)
_RENEWAL_CUE = re.compile(r"\b(?:renew\w*|extend\w*|extension)\b[^.;\n]{0,50}$", re.IGNORECASE)


def _signing_date_named(text: str, after: str) -> str:
    """'entered into as of June 8, 2018 (the "Execution Date")' in a text that defines its "Effective Date" apart (on
    closing, on a clearance): the day it was signed, not the day it takes effect. The name, or ""."""
    named = SIGNING_DATE_NAMED.match(after)
    return " ".join(named.group(0).split()) if named and EFFECTIVE_DATE_DEFINED.search(text) else ""


@dataclass(frozen=True)
class RoledDate:
    page: int
    mention: DateMention
    role: str
    confidence: float
    cue: str            # the words that decided the role (shown as evidence)


# a full stop that ends a sentence, not an abbreviation's ("Case No. DR-119", "U.S. Code", "Art. 5"). The stop
# comes first and the abbreviations are looked behind it (each with its stop): `re` then jumps from stop to stop
# instead of trying the 23 exceptions at every character (the same matches, ~30x faster; it runs before every date)
_SENTENCE_END = re.compile(r"\.(?<!\bNo\.)(?<!\bNos\.)(?<!\bArt\.)(?<!\bSec\.)(?<!\bInc\.)(?<!\bCo\.)(?<!\bSt\.)(?<!\bMr\.)"
                           r"(?<!\bDr\.)(?<!\bv\.)(?<!\bvs\.)(?<!\bRef\.)(?<!\bU\.S\.)(?<!\b[A-Z]\.)(?<!\bLtd\.)(?<!\bCorp\.)"
                           r"(?<!\bJr\.)(?<!\bSr\.)(?<!\bMrs\.)(?<!\bMs\.)(?<!\bDept\.)(?<!\bAssn\.)(?<!\bNo\.\.)(?<![ap]\.m\.)(?=\s)|\n\n|;")


# a page break inside a sentence, as text extraction leaves it: blank lines around the page number or a stray
# fragment ("... the Agreement and Plan\n\n1\n\nth\n\n\nof Reorganization, dated as of ...")
_PAGE_BREAK = re.compile(r"[ \t]*\n[ \t]*\n(?:[ \t]*\n)*(?:[ \t]*\S{1,3}[ \t]*\n(?:[ \t]*\n)+)*[ \t]*(?=[a-z])")


def _sentence_before(text: str, start: int, limit: int = 160) -> str:
    """The sentence that runs up to the date (at most limit characters), read across a page break inside it."""
    window = _PAGE_BREAK.sub(" ", text[max(0, start - limit):start])
    cut = max((m.end() for m in _SENTENCE_END.finditer(window)), default=0)
    return window[cut:]


def _line_before(text: str, start: int) -> str:
    return text[text.rfind("\n", 0, start) + 1:start]


def role_of(text: str, mention: DateMention, is_signature: bool, previous: "RoledDate | None" = None) -> tuple[str, float, str]:
    """(role, confidence, cue) of one date from its page text."""
    line = _line_before(text, mention.start)
    sentence = _sentence_before(text, mention.start)
    near = text[max(0, mention.start - 60):mention.start]
    after = text[mention.end:mention.end + 40]
    # stamps and drafts are told by their own line, before anything the sentence says
    m = _STAMP.search(line)
    if m:
        return STAMP, 0.9, m.group(0).strip()
    if not line.strip():       # the date opens its line
        above = text[:mention.start - len(line)].rstrip().rsplit("\n", 1)[-1]
        m = _STAMP_ABOVE.match(above) or _STAMP_AFTER.match(text, mention.end)
        if m:
            return STAMP, 0.8, " ".join(m.group(0).split())
    if _GTC_PERIOD.search(line) and _ORDER_PERIOD.search(text):
        return CITED, 0.8, "the GT&C agreement's period on an order form"     # the order has its own period
    m = _AMENDED_THROUGH.search(" ".join(near.split()))
    if m:
        return CITED, 0.9, m.group(0).strip()      # a law's text as amended to a day: the law's date, not this one's
    m = _FAX_HEADER.match(text, mention.end)
    if m:
        return STAMP, 0.8, "fax header: " + " ".join(m.group(0).split())
    whole_line = text[mention.start - len(line):(text.find("\n", mention.end) + 1 or len(text) + 1) - 1]
    m = FILE_PROPERTIES.search(whole_line)
    if m:
        return DRAFT, 0.8, "file properties: " + m.group(0)
    m = _DRAFT.search(line)
    if m and not EFFECTIVE_CUE.search(near):
        return DRAFT, 0.8, m.group(0).strip()
    m = _FORM_EXPIRATION.search(line)
    if m and _OMB_NEAR.search(text[max(0, mention.start - 250):mention.start]):
        return FORM_EXPIRATION, 0.9, m.group(0).strip()
    m = NOTARY_COMMISSION.search(near)
    if m:
        return OTHER, 0.8, "notary: " + " ".join(m.group(0).split())
    certified = certification_cue(text, mention.start)
    if certified:           # an approval as to form, a notary's acknowledgement: set on the agreement, not by a party
        return STAMP, 0.8, certified
    labelled = None if is_signature else column_label(text, mention.start)
    if labelled:            # a cover table's value under its label: "Initial Agreement Expiration Date" over "June 30, 2026"
        return (EFFECTIVE if labelled[0] == "start" else EXPIRY), 0.8, "column: " + labelled[1]
    m = None if is_signature else SCHEDULE_HEADING.search(near)
    if m and (EFFECTIVE_CUE.search(near) or EXPIRY_CUE.search(near) or _ROW_START_LABEL.search(near)):
        return OTHER, 0.6, "schedule: " + " ".join(m.group(0).split())[:40]
    m = EXTENDED_FROM.search(sentence)
    if m:
        return OTHER, 0.6, EXTENDED_FROM_CUE + " ".join(m.group(0).split())[-50:]
    # a range's second date: "period of performance: 10/1/2024 - 9/30/2025"
    if previous is not None and previous.role == PERFORMANCE_START and \
            _RANGE_SEPARATOR.match(text[previous.mention.end:mention.start]):
        return PERFORMANCE_END, 0.8, f"{previous.cue} … {text[previous.mention.end:mention.start].strip()}"
    m = _PERFORMANCE.search(sentence)
    own_period = m and _OWN_PERFORMANCE.search(m.group(0))
    if own_period:
        cue = "term: " + " ".join(own_period.group(0).split())
        if previous is not None and previous.cue == cue and _RANGE_SEPARATOR.match(text[previous.mention.end:mention.start]):
            return EXPIRY, 0.8, f"{cue} … {text[previous.mention.end:mention.start].strip()}"
        return EFFECTIVE, 0.8, cue
    if m:
        return PERFORMANCE_START, 0.7, m.group(0).strip()
    if previous is not None and previous.role == EFFECTIVE and previous.cue.startswith("term") and \
            _RANGE_SEPARATOR.match(text[previous.mention.end:mention.start]):
        return EXPIRY, 0.8, f"{previous.cue} … {text[previous.mention.end:mention.start].strip()}"
    following = TERM_RANGE_END.match(text, mention.end)
    if following and _TERM_HEADING.search(text[max(0, mention.start - 120):mention.start]) and \
            not _OTHER_TERM_LABEL.search(text, max(0, mention.start - 60), mention.start):
        return EFFECTIVE, 0.8, "term: " + " ".join(_TERM_HEADING.search(text[max(0, mention.start - 120):mention.start]).group(0).split())[:50]
    m = DONE_AT.search(near)
    if m:                  # a treaty's or a letter agreement's place and date of signing
        return SIGNATURE, 0.8, " ".join(m.group(0).split())[:60]
    m = SELF_DATED.search(near)
    if m:
        # 'the letter agreement ("Letter Agreement"), dated ...': a document the text cites, defined for later use
        named = CITED_DEFINED.search(" ".join(text[max(0, mention.start - 160):mention.start - len(near) + m.start()].split()))
        if named and not SELF_NAME.match(named.group(0)):
            return CITED, 0.8, " ".join(named.group(0).split())[-60:]
        if "effective" not in m.group(0).lower() and (signing := _signing_date_named(text, after)):
            return SIGNATURE, 0.7, signing
        return EFFECTIVE, 0.9, m.group(0).strip()
    m = DEFINED_EFFECTIVE.match(after)
    if m and not is_signature:
        return EFFECTIVE, 0.95, " ".join(m.group(0).split())
    if is_signature:        # a "Date:" line in a signature block, unless that line cites another document
        m = _SUPERSEDED.search(line) or _CITED_DOCUMENT.search(line)
        if m:
            return (SUPERSEDED if _SUPERSEDED.search(line) else CITED), 0.7, " ".join(m.group(0).split())[:60]
        return SIGNATURE, 0.8, "signature block"
    m = EFFECTIVE_CUE.search(near)
    effective_cue = m.group(0).strip() if m and not IN_EFFECT_ON.search(near) else ""
    ending = TERMINATION_EFFECTIVE.search(near)
    if ending:
        effective_cue = ""      # the day a termination takes effect: read as an end below
    if _LAW_AFTER.match(after):
        return CITED, 0.9, after.strip()[:20]
    m = _SUPERSEDED.search(sentence)
    if m and not ((effective_cue or EXPIRY_CUE.search(near)) and re.search(r"\bthis\b", sentence, re.IGNORECASE)):
        return SUPERSEDED, 0.7, m.group(0).strip()[:60]
    m = cited_reference(sentence)
    if m:
        return CITED, 0.8, " ".join(m.group(0).split())[-60:]
    m = DEFINED_DOCUMENT.search(_sentence_before(text, mention.start, 400))
    if m:
        return CITED, 0.8, "defined: " + " ".join(m.group(0).split())[:60]
    m = CITED_BETWEEN.search(_sentence_before(text, mention.start, 600))
    if m and not SELF_NAME.match(" ".join(m.group("name").split())):
        return CITED, 0.8, "between: " + " ".join(m.group("name").split())[:60]
    if effective_cue and "effective" not in effective_cue.lower() and (named := _signing_date_named(text, after)):
        return SIGNATURE, 0.7, named
    if effective_cue:      # "effective ..." itself is surer than "dated as of" / "made on"
        return EFFECTIVE, 0.95 if "effective" in effective_cue.lower() else 0.9, effective_cue
    m = DEFINED_EXPIRY.search(near)
    if m:
        return EXPIRY, 0.9, "defined: " + " ".join(m.group(0).split())
    m = EARLIER_OF_TERMINATION.search(_sentence_before(text, mention.start, 400))
    if m and _EARLY_TERMINATION.search(m["first"]):
        return EXPIRY, 0.8, "the earlier of a termination or: " + " ".join(m.group(0).split())[-40:]
    m = WHEN_IT_ENDS.match(text, mention.end)
    if m:
        return EXPIRY, 0.8, "then it ends: " + " ".join(m.group(0).split())
    m = SUB_PERIOD_END.search(sentence)
    if m and EXPIRY_CUE.search(near):
        return OTHER, 0.5, "sub-period: " + " ".join(m.group(0).split())[:40]
    m = EXPIRY_CUE.search(near) or ending or ((UNTIL_CUE.search(near) or TERM_END_CUE.search(near))
                                              if _TERM_WORDS.search(sentence) and not _LAW.search(sentence)
                                              and not _RECURRING.search(sentence) else None)
    # the condition may open a long sentence: "X may terminate ..., in the event that (i) ... and (ii) during the
    # period commencing on the date hereof and concluding on <date>, ..." (a period the condition measures)
    whole = _sentence_before(text, mention.start, 400)
    if m and (CONDITIONAL_AFTER.match(after) or CONDITIONAL_BEFORE.search(whole) or PERMISSIVE_END.search(sentence)):
        return OTHER, 0.5, "conditional: " + " ".join((m.group(0) + " … " + after).split())[:60]
    # "... a fixed term Joint Venture beginning November 27, 2018 and ending November 30, 2019": the end of a span whose
    # start was read as the agreement's own goes with it
    span_of_own_start = previous is not None and previous.role == EFFECTIVE and \
        0 <= mention.start - previous.mention.end < 80 and not _SENTENCE_END.search(text, previous.mention.end, mention.start)
    if m and not ending and not span_of_own_start and (other := end_of_another(whole)):
        return OTHER, 0.5, "end of another: " + other
    named = _DEFINED_NAME_AFTER.match(after)
    if m and named and not _OWN_PERIOD_NAME.match(after, named.end() - 1):
        # 'From the date of this Agreement until May 31, 2015 (the "Standstill Period")': the end of a named period
        return OTHER, 0.5, "end of a named period: " + " ".join(after.split())[:30]
    if m:
        return EXPIRY, (0.9 if EXPIRY_CUE.search(near) else 0.8 if ending else 0.7), \
            (m.group(0).strip() if EXPIRY_CUE.search(near) else " ".join(sentence.split())[-60:])
    m = EXTENDED_END.search(sentence)
    if m:
        return EXPIRY, 0.8, EXTENDED_TO_CUE + " ".join(m.group(0).split())[-45:]
    m = _RENEWAL_CUE.search(sentence)
    if m:
        return RENEWAL, 0.6, m.group(0).strip()[:60]
    m = _LAW.search(sentence) or _cited_document(sentence)
    if m:
        return CITED, 0.7, " ".join(m.group(0).split())[:60]
    m = DATED_CUE.search(text[max(0, mention.start - 20):mention.start]) or WEAK_EFFECTIVE_CUE.search(near)
    if m and re.match(r"as\s+of", m.group(0).strip(), re.IGNORECASE) and not (
            AS_OF_THE_AGREEMENT.search(near) or MAKING_SENTENCE.search(sentence)):
        # "members as of December 1, 1991" may be how things stood on a day: trusted only in a text's opening;
        # 'depositors with balances of $50 or more as of March 31, 1998 ("Eligible Holders")' names a class by it
        if _DEFINED_NAME_AFTER.match(after):
            return OTHER, 0.5, "as of, naming: " + " ".join(after.split())[:30]
        # "the Price List in effect as of January 1, 2005", "the policies current as of ...": what stood on a day
        held = IN_EFFECT_ON.search(near) or _CURRENT_AS_OF.search(near)
        if held and not agreement_is_subject(sentence):
            return OTHER, 0.5, "in effect on: " + " ".join(held.group(0).split())
        return EFFECTIVE, 0.5, UNANCHORED_AS_OF
    if m:
        return EFFECTIVE, 0.6, m.group(0).strip()
    # "THIS AGREEMENT made in duplicate this 20 day of November, 1995", "... is made by and between A and B this 7th day
    # of September, 1999": the sentence that makes the agreement dates it "this <n> day of"
    if re.search(r"\bthis\s+$", near) and re.match(r"\d{1,2}\s*(?:st|nd|rd|th)?\s+day\s+of\b", mention.text, re.IGNORECASE) \
            and MAKING_SENTENCE.search(_sentence_before(text, mention.start, 400)):
        return EFFECTIVE, 0.6, "made this day"
    return OTHER, 0.5, ""


def assign_roles(pages, dates, signatures) -> list[RoledDate]:
    """Every date (terms.PageDate) with its role, in document order."""
    texts = {p.number: p.text for p in pages}
    signed = {(s.page, s.mention.start) for s in signatures}
    out: list[RoledDate] = []
    for pd in dates:
        previous = out[-1] if out and out[-1].page == pd.page else None
        role, confidence, cue = role_of(texts[pd.page], pd.mention, (pd.page, pd.mention.start) in signed, previous)
        if previous is not None and previous.cue.startswith(SET_ASIDE) and \
                (_RANGE_SEPARATOR.match(texts[pd.page][previous.mention.end:pd.mention.start])
                 or _ROW_END_LABEL.match(texts[pd.page][previous.mention.end:pd.mention.start])):
            role, confidence, cue = OTHER, previous.confidence, previous.cue      # the end of a schedule's own period
        elif previous is not None and previous.role in (EFFECTIVE, OTHER) and role in (OTHER, EXPIRY) and \
                not previous.cue.startswith(EXTENDED_FROM_CUE) and \
                _RANGE_SEPARATOR.match(texts[pd.page][previous.mention.end:pd.mention.start]) and \
                (previous.role == EFFECTIVE or _is_range_line(texts[pd.page], previous.mention.start, pd.mention.end)
                 # "This agreement covers the period from October 1, 2026 through ...": the end read as this agreement's,
                 # the start after "from" is its first day
                 or (role == EXPIRY and re.search(r"\bfrom\s+(?:the\s+)?$", texts[pd.page][max(0, previous.mention.start - 12):
                                                                                      previous.mention.start]))) and \
                not end_of_another(_sentence_before(texts[pd.page], previous.mention.start, 400)) and \
                not _OTHER_TERM_LABEL.search(texts[pd.page], max(0, previous.mention.start - 60), previous.mention.start):
            # "Effective July 1, 2015 through June 30, 2019", "OCTOBER 1, 2009 TO September 30, 2014" under the title
            out[-1] = RoledDate(previous.page, previous.mention, EFFECTIVE, max(previous.confidence, 0.8),
                                previous.cue or "term: date range")
            role, confidence, cue = EXPIRY, 0.8, "end of the date range"
        out.append(RoledDate(pd.page, pd.mention, role, confidence, cue))
    return out


def _is_range_line(text: str, start: int, end: int) -> bool:
    """The two dates make up their line (little else on it): a heading's term, not a sentence."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start:line_end if line_end >= 0 else len(text)]
    return len(line.strip()) - (end - start) < 40

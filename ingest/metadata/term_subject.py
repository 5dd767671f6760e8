"""Whose term or end a sentence states: the agreement's own, or that of something it speaks of (an option, a
lease, a licence grant, a warranty, a phase). Date roles ask it before a date becomes the expiry; the term
reader asks it before a period becomes the agreement's term."""
from __future__ import annotations

import re

# the clause's subject is the agreement or its term: "This Agreement shall remain effective ...", "The term of this
# Agreement shall ...", "The Initial Term shall ...", a TERM heading; not "the licence granted under this Agreement
# shall continue ..." nor "the offer shall remain valid ..."
_NOT_A_PREPOSITION = r"(?!(?:under|of|in|to|by|with|for|from|pursuant|this|that|these|any|each|such)\b)"
# "obligations under this agreement", "attached to this agreement": after a preposition the agreement is no subject
_NOT_AFTER_A_PREPOSITION = (r"(?<!\bof\s)(?<!\bunder\s)(?<!\bto\s)(?<!\bin\s)(?<!\bby\s)(?<!\bwith\s)(?<!\bfor\s)(?<!\bfrom\s)"
                            r"(?<!\bupon\s)(?<!\bafter\s)(?<!\bduring\s)(?<!\bDuring\s)(?<!\bthroughout\s)(?<!\bfollowing\s)"
                            r"(?<!\bbefore\s)")
AGREEMENT_SUBJECT = re.compile(
    r"(?:" + _NOT_AFTER_A_PREPOSITION +
    # the words between the article and the noun name the agreement ("This Master Services Agreement"); a preposition
    # there makes the subject something else ("The warranty under this Agreement", "The prices in this Agreement")
    r"\b(?:[Tt]his|THIS|[Tt]he\s+present|[Tt]he)\s+(?:" + _NOT_A_PREPOSITION + r"[\w-]+\s+){0,3}?(?:Agreement|AGREEMENT|MOU|MOA|MOC|"
    r"Memorandum|MEMORANDUM|Contract|CONTRACT|Arrangement|Amendment|Addendum|Compact|Accord)\b|"
    # a licence is the agreement only when the text calls itself so ("This License"); "the License" is often the grant
    # of rights, which lasts its own time
    r"\b(?:[Tt]his|THIS)\s+(?:[\w-]+\s+){0,2}?(?:License|Licence|LICENSE|LICENCE)\b|" +
    # "this agreement" in lower case, as many government MOUs write it ("the agreement" may be another one)
    _NOT_AFTER_A_PREPOSITION + r"\b(?:[Tt]his|THIS)\s+(?:" + _NOT_A_PREPOSITION + r"[\w-]+\s+){0,3}?(?:agreement|memorandum|contract|"
    r"arrangement|amendment|addendum)\b|" +
    _NOT_AFTER_A_PREPOSITION + r"\b(?:[Tt]his|THIS)\s+[A-Z]{2,5}\b|"          # "This ISA", "This IAA", "This DSA"
    r"^\s*It\b|"                                    # "... by both parties. It shall remain in effect ..."
    # a sentence that opens on "The agreement" and says when it takes effect (a letter agreement's "The agreement is
    # effective on the date of your countersignature and remains in effect for two years"): the document's own agreement;
    # elsewhere "the agreement" may be another
    r"^\s*(?:[Tt]he|THE)\s+(?:agreement|memorandum|arrangement)\s+(?:is|shall\s+be|will\s+be|becomes)\s+effective\b|"
    r"^\s*(?:This|THIS)\s+[A-Z]|"                    # a sentence opening on the document's defined name: "This Letter is ..."
    # "the term of this Agreement", "the term of the Services" (not "the term of the Lease": see _TERM_OF_ANOTHER)
    r"\b(?:[Tt]erms?|TERMS?|[Dd]uration|DURATION)\s+(?:of\s+(?:the\s+)?validity\s+)?of\s+(?:this|the|THIS|THE)\s+\w+|"
    # "The period of this agreement is from ... through September 30, 2025" (not "the period of the warranty")
    r"\b(?:[Pp]eriod|PERIOD)\s+of\s+(?:this|THIS)\s+\w+|"
    r"\b(?:[Ii]nitial\s+)?Term\b|\bTERM\b|\bDURATION\b|\bDuration\b|\b[Tt]erm\s+hereof\b)"    # "The term hereof shall be"
    r"(?:[^.;]|(?<=\d)\.(?=\d)){0,240}$")
# "the Option Term", "the License Term", "the Lease Term": a capitalised name before "Term" makes it another thing's
# period (the agreement's own is "the Term", "the Initial Term", "the Agreement Term")
_OTHER_NAMED_TERM = re.compile(r"\b(?!(?:The|THE|This|THIS|Such|Said|Each|Any|Initial|Original|Agreement|Contract|Renewal|"
                               r"Extended|Current|Then|Full)\b)[A-Z][a-z]+\s+Term\b")


# instruments and rights that run for a term of their own, apart from the agreement's
_INSTRUMENT_WITH_A_TERM = (r"[Ll]ease|[Ss]ublease|[Oo]ption|[Ww]arranty|[Ee]mployment|[Ll]oan|[Pp]olicy|[Gg]uarant(?:y|ee)|"
                           r"[Ii]nsurance|[Ee]scrow")
# "the Initial Term of the Lease", "the term of any Purchase Order", "the term of the last Patent": the term of an
# instrument or right that lives apart from the agreement ("the initial term of the Services" is the agreement's own)
_TERM_OF_ANOTHER = re.compile(r"\b(?:(?:[Ii]nitial|[Oo]riginal)\s+)?[Tt]erms?\s+of\s+(?:the|any|each|such|its|his|her|their|a|an)\s+"
                              r"(?:[\w-]+\s+){0,2}?(?:" + _INSTRUMENT_WITH_A_TERM + r"|[Ww]arranties|[Ll]icen[cs]e|[Ss]ublicen[cs]e|"
                              r"[Nn]ote|(?:[Pp]urchase\s+)?[Oo]rders?|[Ss]tatement\s+of\s+[Ww]ork|SOW|[Ss]ubcontract|"
                              r"[Ll]etter\s+of\s+[Cc]redit|[Bb]ond|[Pp]atents?)\b")


# "the lease term of the demonstration equipment", "the warranty term": a term a kind of instrument or right names as
# its own ("the license term" is left alone: a licence agreement calls its own term so)
_QUALIFIED_TERM = re.compile(r"\b(?:" + _INSTRUMENT_WITH_A_TERM + r")\s+[Tt]erm\b")


_TIME_OF_DAY_STOPS = re.compile(r"\b([ap])\.(\s?)m\.")


def without_time_of_day_stops(text: str) -> str:
    """The text with the stops of "a.m." and "p.m." blanked (same length, so offsets hold): "terminate at 11:59 p.m. on
    <date>" is one sentence, and a reader that cuts sentences at full stops must not end it there."""
    return _TIME_OF_DAY_STOPS.sub(r"\1 \2m ", text)


def agreement_is_subject(sentence: str) -> bool:
    """The sentence (up to a date or a term clause) speaks of the agreement or its own term."""
    sentence = _QUALIFIED_TERM.sub("another period", without_time_of_day_stops(sentence))
    return bool(AGREEMENT_SUBJECT.search(_TERM_OF_ANOTHER.sub("another period", _OTHER_NAMED_TERM.sub("another period", sentence))))


# the sentence has a verb of its own before the date ("The Option shall expire on", "the lease expires on", "Phase 1
# shall run from ... through"): it says what ends then. A label ("Expires:", "End Date:") or a heading's range has none.
_SENTENCE_VERB = re.compile(r"\b(?:shall|will|may|must|is|are|was|were|would|should|can)\b|"
                            r"\b\w[\w-]*[ \t]+(?:expires?|ends?|terminates?|runs?|continues?|remains?|lapses?)\b(?!\s*:)"
                            # a form's "GT&C End Date:" box is a label, not "the GT&C ends"
                            r"(?!\s+[Dd]ates?\b)", re.IGNORECASE)
# a sentence that opens on the agreement in lower case ("The agreement will terminate on ..."): the document's own
_OPENS_ON_AGREEMENT = re.compile(r"^\W*(?:\d[\d.]*\W+)?(?:the|this)\s+(?:\w+\s+){0,2}?(?:agreement|memorandum|contract|arrangement|"
                                 r"understanding)\b", re.IGNORECASE)


# '"Contract Period" shall mean the period commencing ... and concluding': the definition of the agreement's own period
_OWN_PERIOD_DEFINED = re.compile(r"[“\"']?\b(?:(?:Initial|Original)\s+)?(?:Term|(?:Contract|Agreement)\s+(?:Period|Term)|Term\s+of\s+"
                                 r"(?:this\s+|the\s+)?(?:Agreement|Contract))\s*[”\"']?\s+(?:shall\s+)?means?\b", re.IGNORECASE)


def about_own_term(sentence: str) -> bool:
    """The sentence speaks of the agreement or defines its own period ('"Contract Period" shall mean the period ...')."""
    return agreement_is_subject(sentence) or bool(_OWN_PERIOD_DEFINED.search(sentence))


# '"Exclusivity Period" means the period commencing on the date of this Agreement and ending on ...': the definition of a
# period the text names apart from its own term, whatever day it starts on (the agreement's end only if its term clause
# says it ends with that period: named_period_end)
_OTHER_PERIOD_DEFINED = re.compile(r"[“\"]\s*(?!(?:Initial|Original|Contract|Agreement|Renewal)\b)(?:[A-Z][\w-]*\s+){1,3}"
                                   r"(?:Period|Term)\s*[”\"]\s+(?:shall\s+)?means?\b")


def end_of_another(sentence: str) -> str:
    """What ends on the date, when the sentence running up to it speaks of something other than the agreement or its
    term (an option, a lease, an offer, an insurance policy, a warranty, a licence grant, a phase, a named period defined
    apart): its opening words, or "" when the sentence is about the agreement or is a bare label."""
    other_period = _OTHER_PERIOD_DEFINED.search(sentence)
    if other_period and not _OWN_PERIOD_DEFINED.search(sentence):
        return " ".join(other_period.group(0).split())[:40]
    if agreement_is_subject(sentence) or _OPENS_ON_AGREEMENT.match(sentence) or _OWN_PERIOD_DEFINED.search(sentence) \
            or not _SENTENCE_VERB.search(sentence):
        return ""
    return " ".join(sentence.split())[:40]


# "U.S. Patent No. 10,214,877, issued February 26, 2019, expires October 3, 2036": the verb's sentence names no agreement
# nor term, so its subject is another thing (a patent, a lease, a certificate), whose end it dates
_EXPIRY_VERB = re.compile(r"^exp[il1]r(?:es|e|ing)\b(?!\s+date)", re.IGNORECASE)
_AGREEMENT_OR_TERM = re.compile(r"\b(?:Agreement|MOU|MOA|MOC|Memorandum|Contract|Arrangement|Amendment|Addendum|Term|Period)\b",
                                re.IGNORECASE)
# "This License expires on ...", "This Purchase Order shall expire ...": the document speaking of itself by its kind
_THIS_KIND_EXPIRES = re.compile(r"\b[Tt]his\s+(?:[A-Z][\w-]*\s+){1,4}(?:(?:shall|will)\s+)?$")


def expires_of_another(cue: str, just_before: str, sentence: str) -> bool:
    """A date roled as an expiry by the verb "expires" (cue) ends another thing: its sentence (up to the date) names
    neither an agreement, a term, nor the document by its kind. just_before: the few characters before the date."""
    if not _EXPIRY_VERB.match(cue) or re.search(r":\s*$", just_before):
        return False        # "Expires: February 28, 2013": a label, no verb with a subject
    verb = sentence.lower().rfind("expir")
    return not (_AGREEMENT_OR_TERM.search(sentence) or (verb >= 0 and _THIS_KIND_EXPIRES.search(sentence[:verb])))

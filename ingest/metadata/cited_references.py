"""Other documents and acts an agreement's sentences name with a date: "by note No. 123 dated ...", "the Joint
Powers Agreement executed on ...", "that certain Credit Agreement, dated as of ...", '"Master Transaction Agreement"
means the Master Transaction Agreement ... dated'. Such a date is that document's, never this agreement's own
(date_roles gives it the role "cited")."""
from __future__ import annotations

import re

# A date tied by its sentence to another document or act: "by note No. 123 dated ...", "in response to your letter
# of ...", "the Joint Powers Agreement executed on ...", "Resolution No. 88-14 adopted on ...", "the Board's meeting
# held on ...". Such a date is that document's, never this agreement's own, whatever other cue is near it.
# (a document named in capitals, "the original PURCHASE & LICENSE CONTRACT, made effective on", is cited all the same)
_REFERENCED = (r"(?:[Aa]greement|AGREEMENT|[Mm]emorandum|MEMORANDUM|MOU|MOA|MOC|[Cc]ontract|CONTRACT|[Aa]rrangement|[Tt]reaty|[Cc]onvention|[Pp]rotocol|"
               r"[Aa]ccord|[Cc]ompact|[Aa]mendment|[Mm]odification|[Aa]ddendum|[Ll]etter|[Nn]otes?(?:\s+[Vv]erbale)?|"
               r"[Rr]equest|[Aa]pplication|[Pp]roposal|[Pp]etition|[Rr]esolution|[Oo]rdinance|[Oo]rder|[Dd]ecision|"
               r"[Dd]etermination|[Aa]uthori[sz]ation|[Dd]elegation|[Rr]eport|[Pp]lan|[Pp]olicy|[Gg]uidance|[Aa]ward|"
               r"[Ll]icen[cs]e|[Pp]ermit|[Cc]ommunication|[Cc]orrespondence|[Nn]otice|[Ii]nvitation|[Mm]inutes|"
               r"[Mm]eeting|[Ss]ession|[Hh]earing|[Ss]tatute|Act|Law|Bill|[Dd]eed|[Cc]harter|[Ss]tatement\s+of\s+[Ww]ork|"
               # an attachment's own date ("Attachment 1 (Interconnection Diagram, dated 02/27/2026)") is not the agreement's
               # (an "Exhibit 10.22" or "Annex" label heads the filed or annexed agreement itself: its date is the agreement's)
               r"[Aa]ttachment|[Aa]ppendix|[Dd]iagram|"
               # a price list's or rate schedule's own effective day ('"Price List" means the price list effective
               # January 1, 2020') is when its prices apply, not when the agreement does
               r"[Pp]rice\s+[Ll]ist|PRICE\s+LIST|[Rr]ate\s+[Ss]chedule|RATE\s+SCHEDULE|[Ff]ee\s+[Ss]chedule|FEE\s+SCHEDULE|"
               r"[Pp]ric(?:e|ing)\s+[Ss]chedule|PRIC(?:E|ING)\s+SCHEDULE|[Rr]ate\s+[Cc]ard)")
_DETERMINER = (r"(?:[Aa]|[Aa]n|[Tt]he|[Tt]hat|[Ii]ts|[Tt]heir|[Hh]is|[Hh]er|[Yy]our|[Oo]ur|[Ss]aid|[Ss]uch|[Cc]ertain|"
               r"[Pp]rior|[Pp]revious|[Oo]riginal|[Ee]xisting|[Ee]arlier|[Ff]ormer)")
_NOT_THIS = r"(?![Tt]his\b|THIS\b|[Tt]hese\b|[Pp]resent\b)"
# the words between the document and its date: no main verb ("... Ordinance 12, is entered into on"), never "this"
# (a sentence wraps over lines in plain text: a single line break is part of the gap, a blank line is not)
_REFERENCE_GAP = (r"(?:(?!\b(?:is|are|was|were|shall|will|may|has|have|hereby|this|This|THIS)\b)(?:[ \t-]++|[^.;\n \t-]|\n(?![ \t]*\n)|\.(?=\s?\d)|(?<=\bNo)\.|"
                  r"(?<=\b[A-Z])\.|(?<=\bInc)\.|(?<=\bCorp)\.|(?<=\bCo)\.|(?<=\bLtd)\.|(?<=\bLLC)\.|(?<=\bL\.P)\.)){0,70}?")
_TIE = (r"\b(?:dated|of|signed|executed|concluded|adopted|approved|enacted|issued|done|entered\s+into|(?:made\s+)?effective|made|held|received|"
        r"submitted|sent|filed|passed|ratified|transmitted|delivered)\s+(?:(?:on|as\s+of|at\s+[A-Z][\w ,]{1,30}?\s+on|"
        r"in\s+[A-Z][\w ,]{1,30}?\s+on)\s+)?(?:the\s+)?$")
CITED_REFERENCE = re.compile(
    rf"(?:\b{_DETERMINER}\s+(?:{_NOT_THIS}[\w&'’-]+\s+){{0,7}}?(?P<noun>{_REFERENCED})\b|"
    rf"\b(?P<numbered>{_REFERENCED})\s+(?:No\.?\s*|Number\s+|#\s*)?[\w-]*\d[\w-]*)"
    + _REFERENCE_GAP + _TIE)
# "the Parties concluded an Agreement on transit on 14 May 1996": the act before the document
CITED_ACT = re.compile(rf"\b(?:concluded|signed|executed|entered\s+into|adopted|approved|enacted|issued|sent|submitted)\s+"
                       rf"(?:a|an|the|their|its)\s+(?:{_NOT_THIS}[\w'’-]+\s+){{0,7}}?(?P<noun>{_REFERENCED})\b"
                       + _REFERENCE_GAP + r"\b(?:on|dated|of)\s+(?:the\s+)?$")
# "This is an Agreement, entered into on ...": the document saying what it is
_IS_THIS = re.compile(r"\b(?:[Tt]his|THIS|[Ii]t)\s+(?:is|constitutes|shall\s+be|will\s+be)\s+$")
# "the Agreement", "the Contract" alone: how a contract names itself once defined ('(the "Agreement")')
SELF_NAME = re.compile(r"^[Tt]he\s+(?:Agreement|Contract|Memorandum|MOU|MOA|MOC|Arrangement|AGREEMENT|CONTRACT|MEMORANDUM)$")
# ... unless the name goes on: "the Agreement and Plan of Merger", "the Agreement of Sale", "the Contract for Deed"
_LONGER_NAME = re.compile(r"[ \t]+(?:and|of|for|on)[ \t]+[A-Z][a-z]")


# the noun phrase a defined name in parentheses follows: "the letter agreement", "that certain Credit Agreement"
# (a long name runs over commas: "the Collaborative Research, Development and Commercialization Agreement")
CITED_DEFINED = re.compile(rf"\b{_DETERMINER}\s+(?:{_NOT_THIS}[\w&'’-]+,?\s+){{0,8}}?{_REFERENCED}\s*,?\s*$")


# '"Master Transaction Agreement" means the Master Transaction Agreement entered into by and between A and B, dated as of
# July 27, 2009': a definition of another document, with its date (not '"Agreement" means this Agreement')
DEFINED_DOCUMENT = re.compile(rf"[“\"]\s*(?:[\w&'’-]+\s+){{0,5}}?{_REFERENCED}\s*[”\"]\s+(?:shall\s+)?(?:means?|has\s+the\s+"
                              rf"meaning)\s+(?!this\b|This\b|THIS\b)[^;]{{0,250}}$")


# "that certain letter agreement by and between A, a Delaware company ("A"), and B, ... (formerly C, "B"), dated
# February 6, 2008": another document named with its parties, however long their descriptions run
CITED_BETWEEN = re.compile(rf"\b(?P<name>(?:[Tt]hat\s+certain|{_DETERMINER})\s+(?:{_NOT_THIS}[\w&'’-]+\s+){{0,4}}?{_REFERENCED})\s*,?\s+"
                           r"(?:(?:made\s+and\s+)?entered\s+into\s+)?(?:by\s+and\s+)?(?:between|among)\b"
                           r"(?:(?!\b(?:this|This|THIS|hereby|agrees?)\b)[^;])"
                           r"{0,450}?\b(?:dated|made|entered\s+into)\s+(?:as\s+of\s+|on\s+)?(?:the\s+)?$")


def cited_reference(sentence: str) -> re.Match | None:
    """The sentence ends by tying the date that follows to another document or act (its date, not this agreement's)."""
    position = 0
    while (m := CITED_REFERENCE.search(sentence, position)) is not None:
        self_name = SELF_NAME.match(" ".join(sentence[m.start():m.end("noun")].split())) if m.group("noun") else None
        if self_name and _LONGER_NAME.match(sentence, m.end("noun")):
            self_name = None    # "the Agreement and Plan of Reorganization, dated as of ...": another document's name
        if not (m.group("noun") and (self_name or _IS_THIS.search(sentence, 0, m.start()))):
            return m
        position = m.end("noun")    # "the Agreement made as of ...": the contract's own defined name; look further on
    return CITED_ACT.search(sentence)

"""How an agreement says when it takes effect, as patterns the effective-date reader (terms.effective_date) looks for:
upon signature (the latest signature date), the day after the last signature, on the date of a reply note, or on an
event or approval whose day the text does not give."""
from __future__ import annotations

import re

# "will come into effect upon signature" (a memorandum with a foreign ministry) says the same, and '"Effective Date" means
# the date on which this Agreement is signed by the last of the Parties' defines the same
ON_SIGNATURE = re.compile(r"(?:(?:effective|enter(?:s|ed)?\s+into\s+force|take\s+effect|takes\s+effect|comes?\s+into\s+(?:effect|force)|"
                          r"go(?:es)?\s+into\s+effect)\s+(?:only\s+)?(?:upon|on|as\s+of|from|when)|"
                          # "The effective date of this MOU is the date of the last signature"
                          r"effective\s+date\s+of\s+(?:this|the)\s+[\w ]{1,40}?\s+(?:is|shall\s+be|will\s+be)|"
                          # "entered into as of the date last written below": the signature blocks' dates
                          r"(?:made|entered\s+into)\s+as\s+of(?=\s+(?:the\s+)?date\s+(?:last\s+)?(?:set\s+forth|written|indicated|shown)\s+(?:below|beneath))|"
                          r"Effective\s+Date[”\"'’]?\s+(?:shall\s+)?means?)\s+(?:the\s+)?(?:(?:fully\s+)?(?:signed|executed)\b|date\s+of\s+(?:the\s+|its\s+|their\s+|your\s+)?(?:(?:last|final|later|latest|latter)\s+)?(?:counter-?)?signature|"
                          # "the date the last Party signs it", "the date on which the last signatory signs"
                          r"(?:the\s+)?date\s+(?:on\s+which\s+|when\s+)?the\s+last\s+(?:party|signatory|of\s+the\s+parties)\s+signs|"
                          # "effective as of the date set forth below" (the signature blocks' dates)
                          r"(?:the\s+)?date\s+(?:last\s+)?(?:set\s+forth|written|indicated|shown)\s+(?:below|beneath)|"
                          r"(?:its|their)\s+(?:(?:last|final)\s+)?(?:signature|execution)|"
                          # "upon the later of the dates of signature", "on the latest signature date"
                          r"(?:later|latest|latter|last)\s+(?:of\s+the\s+)?(?:two\s+)?(?:(?:dates?\s+of\s+(?:signature|execution))|signature\s+dates?)|"
                          # "upon the completion of the execution by both Parties", "upon completion of signing"
                          r"completion\s+of\s+(?:the\s+)?(?:execution|signing|signature)|"
                          r"(?:final\s+|last\s+)?signature|execution|the\s+(?:date\s+)?(?:it\s+is\s+)?(?:last\s+)?signed|"
                          r"the\s+date\s+(?:on\s+which|when)\s+(?:it\s+is\s+|this\s+\w+\s+is\s+)?(?:fully\s+)?(?:executed|signed)|"
                          # "the date on which this Agreement has been signed by both Parties", "... both Parties have signed",
                          # an intergovernmental agreement's "effective on the date it has been signed by all parties"
                          r"the\s+date\s+(?:on\s+which\s+|when\s+)?(?:it|this\s+\w+|(?:both|all|the)\s+(?:of\s+the\s+)?Parties)\s+"
                          r"(?:has|have)\s+(?:been\s+)?(?:fully\s+)?(?:executed|signed)|"
                          # "the date of execution of this Agreement by the last Party to sign"
                          r"(?:the\s+)?date\s+of\s+(?:the\s+)?execution\s+of\s+this\s+\w+\s+by\s+the\s+last\b)"
                          # "effective upon execution by the Parties and approval by the State Attorney General": it waits for
                          # the approval, a day the text does not give
                          r"(?![^.;]{0,80}?\b(?:and|after|following|subject\s+to)\s+(?:upon\s+)?(?:the\s+)?(?:final\s+|written\s+)?"
                          r"(?:approval|ratification|adoption)\b)",
                          re.IGNORECASE)
# "effective beginning on 12:01 a.m. on the day after the date of last signature": the day after the last signature
DAY_AFTER_SIGNATURE = re.compile(r"\b(?:effective|take\s+effect|takes\s+effect|commenc\w+|begin\w*)\b(?:[^.;]|\.(?=\S)|(?<=\b\w)\.){0,80}?\b(?:the\s+)?"
                                 r"(?:day|date)\s+(?:after|following)\s+(?:the\s+)?(?:date\s+of\s+(?:the\s+)?)?"
                                 r"(?:last|final|later|latest)\s+(?:of\s+the\s+)?(?:signature|execution)", re.IGNORECASE)
# "effective as of the Closing Date", "effective immediately prior to the Effective Time", "effective as of the date the
# Registration Statement is declared effective": a transaction's event, whose day the agreement does not give
_ON_AN_EVENT = (r"(?:as\s+of|at|on)\s+(?:the\s+)?(?:time\s+of\s+(?:the\s+)?|date\s+of\s+(?:the\s+)?)?(?-i:Closing|closing|Effective\s+Time|"
                r"consummation|completion\s+of\s+the\s+[A-Z])|immediately\s+(?:prior\s+to|before)\b|"
                r"(?:as\s+of|on)\s+(?:the\s+)?date\s+(?:on\s+which\s+|that\s+|when\s+)?(?:the\s+)?[\w ]{1,40}?\s+"
                r"(?:is|has\s+been|becomes?)\s+(?:declared\s+)?effective")
CONDITIONAL_EFFECT = re.compile(r"\b(?:enter(?:s|ed)?\s+into\s+force|become(?:s)?\s+effective|take(?:s)?\s+effect|(?:shall|will|is)\s+be\s+effective|"
                                r"(?<=\bis\s)effective)\s+"
                                r"(?:upon|when|after|following|as\s+provided|with\s+procedures|"
                                r"on\s+(?:the\s+)?(?:first|later|thirtieth|(?:date|day)\s+(?:on\s+which|when|that|following|of\s+"
                                r"(?!(?:the\s+)?(?:(?:last|final|later|latest)\s+)?signature)))|thirty|sixty|ninety|\d+\s+days)|"
                                # the same on an event, also after a comma ("I agree to the following, effective ...")
                                r"\b(?:become(?:s)?\s+effective|take(?:s)?\s+effect|(?:shall|will|is)\s+be\s+effective|"
                                r"(?:(?<=\bis\s)|(?<=,\s))effective)\s+(?:" + _ON_AN_EVENT + ")", re.IGNORECASE)
# an exchange of notes "shall enter into force on the date of your note in reply" / "effective as of this date":
# the agreement dates from the later note
ON_REPLY = re.compile(r"(?:enter(?:s)?\s+into\s+force|(?:be|become|becomes|is)\s+effective|take(?:s)?\s+effect|effective)\s+"
                      r"(?:on|as\s+(?:of|from)|from)\s+(?:the\s+)?(?:date\s+of\s+(?:(?:your|the|this|the\s+present)\s+)?"
                      r"(?:[\w'’]+\s+){0,2}?(?:note|letter|reply)(?:\s+in\s+reply)?|this\s+date)\b", re.IGNORECASE)
# a letter of intent that says it binds no one ("This letter expresses intent only. It creates no legal obligation",
# "This letter states our intent only")
# takes effect on no day: its date line dates the letter, not an agreement
INTENT_ONLY = re.compile(r"\b(?:express(?:es)?|states?|records?|reflects?|sets?\s+out)\s+(?:an?\s+|our\s+|the\s+|its\s+|their\s+)?"
                         r"intent(?:ion)?s?\s+only\b|"
                         r"\b(?:creates?|establish(?:es)?|imposes?)\s+no\s+(?:legal(?:ly\s+binding)?\s+|binding\s+)"
                         r"(?:obligations?|commitments?)\b[^.;]{0,60}?\bnot\s+(?:a\s+)?(?:contract|binding)|"
                         r"\bnon-?binding\s+(?:letter\s+of\s+intent|expression\s+of\s+(?:interest|intent))\b", re.IGNORECASE)

"""Query strings -> a whoosh query tree (or a list of plain words) plus date ranges.

How plain words are matched (the rule, named on the results page):
- up to KEYWORD_WORDS counted words ("mou texas"): every word must match;
- more (a natural question, a pasted sentence): at least KEYWORD_WORDS of them and at least
  MOST_SHARE of them (a minimum-should-match in the spirit of Elasticsearch's "3<75%", with
  the share measured, see below); ranked by BM25 with a coordination factor plus pair
  (proximity) boosts for adjacent query words found adjacent in the text.
Counted words are the distinct non-stop words, without a question's frame words (what, how,
does ...), which are matched for ranking only.

Syntax: "phrases", AND / OR / NOT, parentheses, fields
(party:, type:, title:, scope:, foia:, flag:, year:, filename:, properties:, id:), prefix*,
fuzzy~ / fuzzy~2, and dates: effective:2020..2022, expires:<2027-01-01, signed:2019,
ingested:>=2024-06, and natural phrases such as "expiring in 90 days".
Date clauses are pulled out first and always AND-ed with the rest.
Any text is a valid query: search.lenient turns stray syntax into plain words. Only a
malformed date in an explicit date clause (effective:2020-13) raises BadQuery.
"""
from __future__ import annotations

import calendar
import re
import threading
from dataclasses import dataclass, field
from datetime import date

from whoosh import fields as wfields
from whoosh import query as wq
from whoosh.qparser import AndGroup, FuzzyTermPlugin, OrGroup, QueryParser
from whoosh.qparser.plugins import FieldAliasPlugin, RangePlugin, SingleQuotePlugin

from corpus.errors import BadQuery
from corpus.expiring import expiring_window
from search.analysis import WORD, fold, is_stop, query_analyzer, spellings, stem
from search.lenient import clean
from search.natural_dates import DateRange, take_natural_dates
from search.schema import KEYWORD_FIELDS, QUERY_FIELDS

ALL = "all"   # the parser's default field: every text field, weighted
DATE_FIELDS = {"effective": "effective", "expires": "expiry", "expiry": "expiry", "expiring": "expiry",
               "signed": "signed", "ingested": "ingested", "added": "ingested"}
_DATE = r"\d{4}(?:-\d{1,2}(?:-\d{1,2})?)?"
DATE_CLAUSE = re.compile(rf"\b({'|'.join(DATE_FIELDS)})\s*:\s*(<=|>=|<|>)?\s*({_DATE})(?:\s*\.\.\s*({_DATE}))?"
                         rf"(?![\w-])", re.I)
PLAIN_TERMS = re.compile(r"(?:[a-z]+:)?[a-z0-9]+(?:\s+(?:[a-z]+:)?[a-z0-9]+)*")
MAX_QUERY_CHARS = 2000    # a longer paste is cut at a word boundary, not refused
KEYWORD_WORDS = 3
# Measured through bench/relevance.py (Cranfield, nDCG@10 beside BM25 0.347): requiring 75% of a
# question's words gave 0.259, half 0.336, a third (at least three) 0.372: a question's words are
# often not the document's words, so requiring many of them drops the answers.
MOST_SHARE = 1 / 3
# The frame of a question: neither required nor scored (it only places the pair boosts).
QUESTION_WORDS = frozenset({"what", "which", "who", "whom", "whose", "where", "when", "why", "how", "does",
                            "do", "did", "done", "has", "have", "had", "is", "are", "was", "were", "can", "could",
                            "would", "should", "must", "might", "there", "exist", "exists", "anyone", "anything",
                            "any", "some", "about", "find", "show", "list", "give", "me", "i", "my", "please",
                            "much", "many", "known", "available"})
RULES = {"browse": "every document", "all": "documents with all your words",
         "most": "documents with most of your words", "any": "documents with some of your words",
         "syntax": "documents matching your query"}



@dataclass
class ParsedQuery:
    text: str
    tree: object | None                     # whoosh query (explicit syntax), else None
    dates: list[DateRange] = field(default_factory=list)
    rule: str = "browse"                    # a key of RULES
    words: list[str] = field(default_factory=list)   # plain words in order (rule all/most/any)
    required: int = 0                       # how many counted words a document must contain
    counted: int = 0                        # distinct counted words

    def relaxed(self) -> "ParsedQuery":
        """The same words, any one of them enough (when no document has all or most)."""
        return ParsedQuery(self.text, None, self.dates, "any", self.words, 1, self.counted)


def counted_words(words: list[str]) -> list[str]:
    """Distinct stems the plain-words rule counts: no stop words, no question frame words."""
    out = []
    for w in words:
        folded = fold(w)
        if folded in QUESTION_WORDS or is_stop(folded):
            continue
        s = stem(folded)
        if not is_stop(s) and s not in out:
            out.append(s)
    return out


def required_words(counted: int, operator: str = "and") -> int:
    if operator == "or":
        return min(1, counted)
    if counted <= KEYWORD_WORDS:
        return counted
    return max(KEYWORD_WORDS, int(counted * MOST_SHARE))


def _parse_date(text: str, *, end: bool) -> date:
    parts = [int(p) for p in text.split("-")]
    try:
        if len(parts) == 1:
            return date(parts[0], 12, 31) if end else date(parts[0], 1, 1)
        if len(parts) == 2:
            last = calendar.monthrange(parts[0], parts[1])[1]
            return date(parts[0], parts[1], last if end else 1)
        return date(*parts)
    except ValueError as exc:
        raise BadQuery(f"not a date: {text!r} ({exc})",
                       hint="Write dates as YYYY, YYYY-MM or YYYY-MM-DD, e.g. effective:2020..2022.") from None


def _date_range(name: str, op: str | None, first: str, second: str | None) -> DateRange:
    fieldname = DATE_FIELDS[name.lower()]
    if second:
        if op:
            raise BadQuery(f"use either a comparison or a range in {name}:, not both")
        low, high = _parse_date(first, end=False), _parse_date(second, end=True)
        if low > high:
            raise BadQuery(f"the range {first}..{second} is empty", hint="Put the earlier date first.")
        return DateRange(fieldname, low.toordinal(), high.toordinal())
    if op == "<":
        return DateRange(fieldname, None, _parse_date(first, end=False).toordinal() - 1)
    if op == "<=":
        return DateRange(fieldname, None, _parse_date(first, end=True).toordinal())
    if op == ">":
        return DateRange(fieldname, _parse_date(first, end=True).toordinal() + 1, None)
    if op == ">=":
        return DateRange(fieldname, _parse_date(first, end=False).toordinal(), None)
    return DateRange(fieldname, _parse_date(first, end=False).toordinal(), _parse_date(first, end=True).toordinal())


def expiring_within(days: int, today: date) -> DateRange:
    first, last = expiring_window(days, today)
    return DateRange("expiry", first.toordinal(), last.toordinal())


def _parse_schema() -> wfields.Schema:
    schema = wfields.Schema()
    text = wfields.TEXT(analyzer=query_analyzer())
    for name in {ALL, *QUERY_FIELDS.values()}:
        if name in KEYWORD_FIELDS:
            schema.add(name, wfields.KEYWORD(lowercase=True))
        else:
            schema.add(name, text)
    return schema


_PARSE_SCHEMA = _parse_schema()


_PARSERS = threading.local()


def _parser(operator: str) -> QueryParser:
    """One parser per operator and thread: building one (plugins, aliases) costs more than a
    short parse, and a thread never shares its parser, so no parse sees another's state."""
    cache = _PARSERS.__dict__
    parser = cache.get(operator)
    if parser is None:
        parser = cache[operator] = _new_parser(operator)
    return parser


def _new_parser(operator: str) -> QueryParser:
    group = OrGroup if operator == "or" else AndGroup
    parser = QueryParser(ALL, _PARSE_SCHEMA, group=group)
    # 'single quotes' are apostrophes in pasted text, not a term syntax; [a TO b] ranges are
    # not offered (dates have their own clauses)
    parser.remove_plugin_class(SingleQuotePlugin)
    parser.remove_plugin_class(RangePlugin)
    parser.add_plugin(FuzzyTermPlugin())
    aliases: dict[str, list[str]] = {}
    for alias, target in QUERY_FIELDS.items():
        if alias != target:
            aliases.setdefault(target, []).append(alias)
    parser.add_plugin(FieldAliasPlugin(aliases))
    return parser


def parse(text: str, *, today: date, operator: str = "and") -> ParsedQuery:
    text = (text or "").strip()
    if len(text) > MAX_QUERY_CHARS:
        cut = text.rfind(" ", 0, MAX_QUERY_CHARS)
        text = text[:cut if cut > 0 else MAX_QUERY_CHARS]
    dates: list[DateRange] = []

    def take_clause(m: re.Match) -> str:
        try:
            found = _date_range(m.group(1), m.group(2), m.group(3), m.group(4))
            found.label = found.phrase = m.group(0).strip()
            dates.append(found)
        except BadQuery:   # not a real date (2020-13, an empty range): its words are searched
            return " " + re.sub(r"\W+", " ", m.group(0)) + " "
        return " "

    # Dates in words first: a malformed clause's words (effective:2023..2020 -> "effective 2023
    # 2020") are then searched, not read again as "effective 2023".
    rest, natural = take_natural_dates(text, today)
    rest = DATE_CLAUSE.sub(take_clause, rest)
    dates += natural
    if rest.strip() in ("", "*", "*:*"):
        return ParsedQuery(text, None, dates, "browse")
    cleaned = clean(spellings(rest), QUERY_FIELDS)
    if not cleaned.syntax:
        words = WORD.findall(cleaned.text)
        if not words:
            return ParsedQuery(text, None, dates, "browse")
        counted = len(counted_words(words))
        required = required_words(counted, operator)
        rule = "any" if operator == "or" and counted > 1 else ("all" if required == counted else "most")
        return ParsedQuery(text, None, dates, rule, words, required, counted)
    rest = cleaned.text
    if operator == "and" and PLAIN_TERMS.fullmatch(rest):
        # Lower-case words, each optionally fielded: the tree whoosh's parser would build (each
        # distinct term once, AND-ed), without its 0.1-0.4 ms of tagging and grouping.
        terms = [tuple(t.split(":")) if ":" in t else (ALL, t) for t in rest.split()]
        if all(f == ALL or f in QUERY_FIELDS for f, _ in terms):
            terms = list(dict.fromkeys((QUERY_FIELDS.get(f, f), w) for f, w in terms))
            tree = wq.Term(*terms[0]) if len(terms) == 1 else wq.And([wq.Term(f, w) for f, w in terms])
            return ParsedQuery(text, tree, dates, "syntax")
    try:
        tree = _parser(operator).parse(rest)
    except Exception:   # whatever the parser still rejects is searched as plain words
        words = WORD.findall(rest)
        counted = len(counted_words(words))
        return ParsedQuery(text, None, dates, "all" if counted <= KEYWORD_WORDS else "most", words,
                           required_words(counted, operator), counted)
    return ParsedQuery(text, tree, dates, "syntax")

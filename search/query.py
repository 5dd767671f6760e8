"""Query strings -> a whoosh query tree plus date ranges.

Syntax: words (AND by default), "phrases", AND / OR / NOT, parentheses, fields
(party:, type:, title:, scope:, foia:, flag:, year:, filename:, properties:, id:), prefix*,
fuzzy~ / fuzzy~2, and dates: effective:2020..2022, expires:<2027-01-01,
ingested:>=2024-06, and natural phrases such as "expiring in 90 days".
Date clauses are pulled out first and always AND-ed with the rest.
Anything malformed raises BadQuery with a message that says what to fix.
"""
from __future__ import annotations

import calendar
import re
import threading
from dataclasses import dataclass, field
from datetime import date, timedelta

from whoosh import fields as wfields
from whoosh import query as wq
from whoosh.qparser import AndGroup, FuzzyTermPlugin, OrGroup, QueryParser
from whoosh.qparser.plugins import FieldAliasPlugin

from corpus.errors import BadQuery
from search.analysis import query_analyzer
from search.schema import KEYWORD_FIELDS, QUERY_FIELDS

ALL = "all"   # the parser's default field: every text field, weighted
DATE_FIELDS = {"effective": "effective", "expires": "expiry", "expiry": "expiry", "expiring": "expiry",
               "ingested": "ingested", "added": "ingested"}
_DATE = r"\d{4}(?:-\d{1,2}(?:-\d{1,2})?)?"
DATE_CLAUSE = re.compile(rf"\b({'|'.join(DATE_FIELDS)})\s*:\s*(<=|>=|<|>)?\s*({_DATE})(?:\s*\.\.\s*({_DATE}))?"
                         rf"(?![\w-])", re.I)
NATURAL = re.compile(r"\b(?:expiring|expires|expire|expiry)\s+(?:in|within|in\s+the\s+next)\s+(\d+)\s+"
                     r"(days?|weeks?|months?|years?)\b", re.I)
FIELD_NAME = re.compile(r"(?<![\w\"])([A-Za-z_]+):")
UNIT_DAYS = {"day": 1, "week": 7, "month": 30, "year": 365}
PLAIN_TERMS = re.compile(r"(?:[a-z]+:)?[a-z0-9]+(?:\s+(?:[a-z]+:)?[a-z0-9]+)*")


@dataclass
class DateRange:
    field: str          # effective | expiry | ingested
    low: int | None     # proleptic ordinal, inclusive
    high: int | None


@dataclass
class ParsedQuery:
    text: str
    tree: object | None                     # whoosh query, None when only dates/filters were given
    dates: list[DateRange] = field(default_factory=list)


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
    return DateRange("expiry", today.toordinal(), (today + timedelta(days=days)).toordinal())


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
    parser.add_plugin(FuzzyTermPlugin())
    aliases: dict[str, list[str]] = {}
    for alias, target in QUERY_FIELDS.items():
        if alias != target:
            aliases.setdefault(target, []).append(alias)
    parser.add_plugin(FieldAliasPlugin(aliases))
    return parser


def _check_syntax(text: str) -> None:
    if text.count('"') % 2:
        raise BadQuery('unbalanced quote: a "phrase" needs a closing "')
    depth = 0
    in_quote = False
    for ch in text:
        if ch == '"':
            in_quote = not in_quote
        elif not in_quote and ch == "(":
            depth += 1
        elif not in_quote and ch == ")":
            depth -= 1
            if depth < 0:
                raise BadQuery("a ')' has no matching '('")
    if depth:
        raise BadQuery("a '(' is never closed")
    outside_quotes = re.sub(r'"[^"]*"', " ", text)
    for match in FIELD_NAME.finditer(outside_quotes):
        name = match.group(1).lower()
        if name not in QUERY_FIELDS and name not in DATE_FIELDS:
            known = ", ".join(sorted({*QUERY_FIELDS, *DATE_FIELDS}))
            raise BadQuery(f"unknown field {match.group(1)!r}", hint=f"Known fields: {known}.")
    if re.search(r"(^|\s)[*?]", outside_quotes):
        raise BadQuery("a word cannot start with * or ?", hint="Put at least one letter before the *, e.g. agree*.")


def parse(text: str, *, today: date, operator: str = "and") -> ParsedQuery:
    text = (text or "").strip()
    if len(text) > 2000:
        raise BadQuery("the query is longer than 2000 characters")
    dates: list[DateRange] = []

    def take_clause(m: re.Match) -> str:
        dates.append(_date_range(m.group(1), m.group(2), m.group(3), m.group(4)))
        return " "

    def take_natural(m: re.Match) -> str:
        unit = m.group(2).lower().rstrip("s")
        dates.append(expiring_within(int(m.group(1)) * UNIT_DAYS[unit], today))
        return " "

    rest = DATE_CLAUSE.sub(take_clause, text)
    rest = NATURAL.sub(take_natural, rest)
    # A date field with something that is not a date after it.
    bad = re.search(rf"\b({'|'.join(DATE_FIELDS)})\s*:\s*(\S*)", rest, re.I)
    if bad:
        raise BadQuery(f"cannot read the date in {bad.group(0)!r}",
                       hint="Examples: effective:2020..2022, expires:<2027-01-01, ingested:>=2024-06.")
    _check_syntax(rest)
    rest = rest.strip()
    if not rest or not re.search(r"\w", rest):
        return ParsedQuery(text, None, dates)
    if operator == "and" and PLAIN_TERMS.fullmatch(rest):
        # Lower-case words, each optionally fielded: the tree whoosh's parser would build (each
        # distinct term once, AND-ed), without its 0.1-0.4 ms of tagging and grouping.
        terms = [tuple(t.split(":")) if ":" in t else (ALL, t) for t in rest.split()]
        if all(f == ALL or f in QUERY_FIELDS for f, _ in terms):
            terms = list(dict.fromkeys((QUERY_FIELDS.get(f, f), w) for f, w in terms))
            tree = wq.Term(*terms[0]) if len(terms) == 1 else wq.And([wq.Term(f, w) for f, w in terms])
            return ParsedQuery(text, tree, dates)
    try:
        tree = _parser(operator).parse(rest)
    except Exception as exc:   # whoosh is lenient; anything it still rejects is the user's syntax
        raise BadQuery(f"cannot parse the query: {exc}") from None
    return ParsedQuery(text, tree, dates)

"""Any text is a valid query: what people type or paste -> text the query parser accepts.

Deliberate syntax keeps its meaning ("phrases", AND / OR / NOT between words, parentheses
around them, known field:value, prefix*, inner wild?card, fuzzy~, boost^2). Everything
else that the parser would read as syntax becomes plain words: a stray ? * : ~ ^ [ ] { } \\,
a leading or trailing operator, an unbalanced quote or parenthesis, an unknown field name.

`clean(text)` returns the cleaned text and whether any deliberate syntax is left in it; a
query without syntax is ranked by the plain-words rule of search.query.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

OPERATORS = frozenset({"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "REQUIRE"})
_PREFIX_OPERATORS = frozenset({"NOT"})
_TYPOGRAPHIC_QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"'})
_FIELD = re.compile(r"([A-Za-z_]+):(.*)", re.S)
_OUTSIDE_TOKEN = re.compile(r"[()]|[^\s()]+")
_NOT_SYNTAX = re.compile(r"[\[\]{}\\<>=:/'`]")     # characters the parser reads as syntax, never meant here
_LEADING_WILD = re.compile(r"(?<!\w)[*?]+")          # * or ? with no letter before it
_TRAILING_QUESTION = re.compile(r"\?+(?!\w)")        # the question mark that ends a question
_FUZZY = re.compile(r"(?<=\w)~[12]?$")
_BOOST = re.compile(r"(?<=\w)\^\d{1,3}(?:\.\d+)?$")


@dataclass
class Cleaned:
    text: str
    syntax: bool        # deliberate syntax is left (quotes, operators, fields, wildcards, fuzzy)


def _word(chunk: str) -> tuple[str, bool]:
    """One whitespace-free piece outside quotes, cleaned; and whether it keeps a wildcard,
    fuzzy or boost marker."""
    marker = ""
    fuzzy = _FUZZY.search(chunk) or _BOOST.search(chunk)
    if fuzzy:
        marker, chunk = fuzzy.group(0), chunk[:fuzzy.start()]
    chunk = chunk.replace("~", " ").replace("^", " ")
    chunk = _NOT_SYNTAX.sub(" ", chunk)
    chunk = _TRAILING_QUESTION.sub(" ", chunk)
    chunk = _LEADING_WILD.sub(" ", chunk)
    if marker and not re.search(r"\w$", chunk):
        marker = ""
    wild = any(c in chunk for c in "*?")
    if wild and not re.search(r"\w", chunk):
        chunk, wild = " ", False
    return chunk + marker, wild or bool(marker)


def _balance(tokens: list[str]) -> list[str]:
    """Drop parentheses that do not pair up, and pairs with nothing between them."""
    keep = [True] * len(tokens)
    stack = []
    for i, t in enumerate(tokens):
        if t == "(":
            stack.append(i)
        elif t == ")":
            if stack:
                j = stack.pop()
                if all(not keep[k] or tokens[k] in OPERATORS for k in range(j + 1, i)):
                    keep[i] = keep[j] = False
            else:
                keep[i] = False
    for j in stack:
        keep[j] = False
    return [t for t, k in zip(tokens, keep) if k]


def _operators_in_place(tokens: list[str]) -> list[str]:
    """An operator needs an operand on each side (NOT: after it); others become nothing.
    Repeated until stable: removing one can strand its neighbour."""
    def operand(t):
        return t is not None and t not in OPERATORS and t not in ("(", ")")
    changed = True
    while changed:
        changed = False
        out: list[str] = []
        for i, t in enumerate(tokens):
            if t in OPERATORS:
                before = out[-1] if out else None
                after = tokens[i + 1] if i + 1 < len(tokens) else None
                left_ok = t in _PREFIX_OPERATORS or (before is not None and (operand(before) or before == ")"))
                right_ok = after is not None and (operand(after) or after == "(" or
                                                  (after in _PREFIX_OPERATORS and t not in _PREFIX_OPERATORS))
                if not (left_ok and right_ok):
                    changed = True
                    continue
            out.append(t)
        tokens = out
    return tokens


def clean(text: str, known_fields) -> Cleaned:
    text = text.translate(_TYPOGRAPHIC_QUOTES)
    if text.count('"') % 2:
        cut = text.rfind('"')
        text = text[:cut] + " " + text[cut + 1:]
    tokens: list[str] = []
    syntax = False
    for i, part in enumerate(text.split('"')):
        if i % 2:   # inside quotes: a phrase of its words
            words = " ".join(re.findall(r"[^\W_]+(?:[.&§][^\W_]+)*", part))
            if words:
                tokens.append(f'"{words}"')
                syntax = True
            continue
        for chunk in _OUTSIDE_TOKEN.findall(part):
            if chunk in ("(", ")") or chunk in OPERATORS:
                tokens.append(chunk)
                continue
            field = _FIELD.fullmatch(chunk)
            if field and field.group(1).lower() in known_fields:
                value, wild = _word(field.group(2))
                value = value.strip()
                if value and " " not in value:
                    tokens.append(f"{field.group(1).lower()}:{value}")
                    syntax = True
                    continue
                if not value:   # the value follows: a "phrase" or a (group)
                    tokens.append(f"{field.group(1).lower()}:")
                    continue
                chunk = field.group(2)
            cleaned, wild = _word(chunk)
            syntax |= wild
            tokens.extend(cleaned.split())
    tokens = _attach_fields(tokens)
    tokens = _operators_in_place(_balance(tokens))
    syntax |= any(t in OPERATORS or t.startswith('"') for t in tokens)
    return Cleaned(_join(tokens), syntax)


def _attach_fields(tokens: list[str]) -> list[str]:
    """A bare `field:` is kept only right before a "phrase" or a (group) it applies to."""
    out: list[str] = []
    for i, t in enumerate(tokens):
        if t.endswith(":") and not t.startswith('"'):
            after = tokens[i + 1] if i + 1 < len(tokens) else ""
            if not (after.startswith('"') or after == "("):
                continue
        out.append(t)
    return out


def _join(tokens: list[str]) -> str:
    out = []
    for t in tokens:
        if out and (out[-1].endswith(":") and not out[-1].startswith('"')):
            out[-1] += t
        else:
            out.append(t)
    return " ".join(out)

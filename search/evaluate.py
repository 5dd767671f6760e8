"""Evaluate a parsed whoosh query tree on a View as dense (match, score) vectors.

A node that places no constraint (a lone stop word such as "the") evaluates to None
and is ignored by AND and OR. Words are stemmed here, with the same chain as the
index; phrases become ANDs of word pairs; acronyms are expanded from the synonym
table; prefix/fuzzy/wildcard terms are expanded against the index's own vocabulary.
"""
from __future__ import annotations

import fnmatch
import re

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein
from whoosh import query as wq

from corpus.errors import BadQuery
from search.analysis import PAIR_PREFIX, SYNONYM_PHRASES, SYNONYMS, fold, is_stop, pair_terms, stem, stems
from search.engine import View
from search.places import INSIDE
from search.query import ALL, QUESTION_WORDS
from search.schema import DEFAULT_FIELDS, KEYWORD_FIELDS
from search.synonyms import CONCEPT_WEIGHT, ConceptTable

MAX_EXPANSION = 256
PROXIMITY_WEIGHT = 1.0
COMMON_SHARE = 0.5   # a word in more than this share of the documents is not required
LENGTH_OF = {"text": "text", "title": "title"}


def near_terms(view: View, term: str, maxdist: int, prefix: int = 1) -> list[str]:
    """Vocabulary words within maxdist edits that share the first `prefix` letters."""
    if not term:
        return []
    group = view.vocabulary().get(term[0], [])
    head = term[:prefix]
    found = process.extract(term, group, scorer=Levenshtein.distance, score_cutoff=maxdist, limit=None)
    return [word for word, _, _ in found if word.startswith(head)]


class Evaluator:
    def __init__(self, view: View, concepts: ConceptTable | None = None):
        self.view = view
        self.concepts = concepts
        self.highlight: set[str] = set()      # stems to mark in snippets
        self.words: list[tuple[str, str]] = []  # (surface word, stem) of plain words, for did-you-mean
        self.sequence: list[str] = []           # stems of unfielded words in query order, stop words included

    # --- combinators -------------------------------------------------------------
    def _and(self, parts):
        parts = [p for p in parts if p is not None]
        if not parts:
            return None
        match, score = parts[0][0].copy(), parts[0][1].copy()
        for m, s in parts[1:]:
            match &= m
            score += s
        score[~match] = 0
        return match, score

    def _or(self, parts):
        parts = [p for p in parts if p is not None]
        if not parts:
            return None
        match, score = parts[0][0].copy(), parts[0][1].copy()
        for m, s in parts[1:]:
            match |= m
            score += s
        return match, score

    def _none(self):
        return np.zeros(self.view.n, dtype=bool), np.zeros(self.view.n, dtype=np.float32)

    # --- leaves ------------------------------------------------------------------
    def _fields(self, fieldname: str) -> dict[str, float]:
        return DEFAULT_FIELDS if fieldname == ALL else {fieldname: 1.0}

    def _term(self, fieldname: str, term: str):
        """One index term (a stem or a pair) in one or all text fields."""
        match, score = self._none()
        containing = INSIDE.get(term)
        for i, (name, weight) in enumerate(self._fields(fieldname).items()):
            if containing and name not in KEYWORD_FIELDS:   # "mexico" outside "new mexico"
                self.view.add_term_outside(match, score, name, term, containing, length=LENGTH_OF.get(name),
                                           weight=weight, fresh=i == 0)
            else:
                self.view.add_term(match, score, name, term, length=LENGTH_OF.get(name), weight=weight,
                                   fresh=i == 0)
        return match, score

    def _word(self, fieldname: str, word: str):
        if fieldname in KEYWORD_FIELDS:
            match, score = self.view.term_vector(fieldname, word.lower(), length=None)
            return match, score * 0.0
        folded = fold(word)
        s = stem(folded)
        if fieldname == ALL:
            self.sequence.append(s)
        if is_stop(folded) or is_stop(s):
            return None
        self.highlight.add(s)
        self.words.append((folded, s))
        result = self._term(fieldname, s)
        if fieldname == ALL and folded in SYNONYMS:
            result = self._or([result] + [self._phrase_stems(fieldname, stems(p)) for p in SYNONYMS[folded]])
        if fieldname in (ALL, "text", "title") and self.concepts is not None:
            related = [self._phrase_stems(fieldname, list(m)) for m in self.concepts.alternatives(s)]
            related = [(m, sc * np.float32(CONCEPT_WEIGHT)) for m, sc in (r for r in related if r is not None)]
            if related:
                result = self._or([result, *related])
        return result

    def _phrase_stems(self, fieldname: str, seq: list[str]):
        content = [s for s in seq if not is_stop(s)]
        self.highlight.update(content)
        if len(seq) == 1:
            return None if not content else self._term(fieldname, seq[0])
        match = np.zeros(self.view.n, dtype=bool)
        score = np.zeros(self.view.n, dtype=np.float32)
        for name, weight in self._fields(fieldname).items():
            found = self.view.all_of(name, pair_terms(seq), length=LENGTH_OF.get(name))
            if found is not None:
                match |= found[0]
                score += found[1] * weight
        return match, score

    def _phrase(self, fieldname: str, words: list[str]):
        if fieldname in KEYWORD_FIELDS:
            return self._word(fieldname, " ".join(words))
        seq = [stem(fold(w)) for w in words if w]
        if not seq:
            return None
        result = self._phrase_stems(fieldname, seq)
        acronym = SYNONYM_PHRASES.get(tuple(seq))
        if fieldname == ALL and acronym:
            result = self._or([result, self._term(fieldname, acronym)])
        return result

    def _expanded(self, fieldname: str, terms: list[str]):
        if len(terms) > MAX_EXPANSION:
            # A very short pattern (a*) still works: it reads the words most documents have.
            name = "text" if fieldname == ALL else fieldname
            terms = sorted(terms, key=lambda t: -self.view.doc_frequency(name, t))[:MAX_EXPANSION]
        if not terms:
            return self._none()
        if fieldname in KEYWORD_FIELDS:
            return self._or([self._word(fieldname, t) for t in terms])
        self.highlight.update(terms)
        return self._or([self._term(fieldname, t) for t in terms])

    def _lexicon(self, fieldname: str):
        name = "text" if fieldname == ALL else fieldname
        if name == "text":
            return [t for group in self.view.vocabulary().values() for t in group]
        return [t for t in self.view.lexicon(name) if not t.startswith(PAIR_PREFIX)]

    def _prefix(self, fieldname: str, prefix: str):
        prefix = fold(prefix)
        if fieldname in KEYWORD_FIELDS or fieldname != ALL and fieldname != "text":
            terms = [t for t in self._lexicon(fieldname) if t.startswith(prefix)]
        else:
            terms = [t for t in self.view.vocabulary().get(prefix[:1], []) if t.startswith(prefix)]
        # The stem of the prefix itself (agree* should reach "agre", the stem of "agreed").
        if fieldname not in KEYWORD_FIELDS:
            stemmed = stem(prefix)
            if stemmed != prefix:
                terms += [t for t in self.view.vocabulary().get(stemmed[:1], []) if t.startswith(stemmed)]
        return self._expanded(fieldname, sorted(set(terms)))

    def _wildcard(self, fieldname: str, pattern: str):
        pattern = fold(pattern)
        if pattern[:1] in "*?":   # search.lenient never lets one through; nothing to expand from
            return None
        regex = re.compile(fnmatch.translate(pattern))
        pool = self._lexicon(fieldname) if fieldname in KEYWORD_FIELDS else self.view.vocabulary().get(pattern[0], [])
        return self._expanded(fieldname, [t for t in pool if regex.match(t)])

    def _fuzzy(self, fieldname: str, word: str, maxdist: int, prefix: int):
        folded = fold(word)
        target = stem(folded)
        if fieldname in KEYWORD_FIELDS:
            terms = [t for t in self._lexicon(fieldname) if Levenshtein.distance(folded, t, score_cutoff=maxdist) <= maxdist]
        else:
            terms = sorted(set(near_terms(self.view, target, maxdist, max(prefix, 1))
                               + near_terms(self.view, folded, maxdist, max(prefix, 1))))
        return self._expanded(fieldname, terms)

    def proximity(self, weight: float | None = None):
        """Extra score for documents containing adjacent query words as a pair (ranking only:
        it never changes which documents match)."""
        pairs = [p for p, (a, b) in zip(pair_terms(self.sequence), zip(self.sequence, self.sequence[1:]))
                 if not (is_stop(a) and is_stop(b))]
        bonus = np.zeros(self.view.n, dtype=np.float32)
        matched = np.zeros(self.view.n, dtype=bool)   # required by add_term, unused: ranking only
        for pair in dict.fromkeys(pairs):
            self.view.add_term(matched, bonus, "text", pair, length="text")
        return bonus * (PROXIMITY_WEIGHT if weight is None else weight)

    def plain_words(self, words: list[str], required: int):
        """The plain-words rule (search.query): a document matches when it contains at least
        `required` of the counted words (each with its synonyms). Scores add up per word,
        times a coordination factor; a question's frame words only place the pair boosts."""
        clauses = {}
        for word in words:
            folded = fold(word)
            if folded in QUESTION_WORDS:
                self.sequence.append(stem(folded))
                continue
            result = self._word(ALL, word)
            if result is not None:
                clauses.setdefault(stem(folded), result)
        if not clauses:
            return None
        hits = np.zeros(self.view.n, dtype=np.uint16)
        score = np.zeros(self.view.n, dtype=np.float32)
        # A word most documents contain ("agreement" in a repository of agreements) says little
        # about which one is meant: it is scored but not required (cf. Lucene's common terms).
        # With the most-words rule, a word no document contains (a typo, a word of the question's
        # frame) is not counted either: it would only make the required share unreachable.
        # Counted over the documents this view holds live: for a caller, the visible ones (a
        # word's share among hidden documents must not change which visible ones match).
        live = max(1, self.view.doc_count)
        frequency = [np.count_nonzero(m & self.view.live) for m, _ in clauses.values()]
        most = required < len(clauses)
        counted = [0 < f <= COMMON_SHARE * live or (f == 0 and not most) for f in frequency]
        if not any(counted):
            counted = [f > 0 or not most for f in frequency]
        for (m, sc), counts in zip(clauses.values(), counted):
            if counts:
                hits += m
            score += sc
        match = hits >= max(1, min(required, counted.count(True)))
        if len(clauses) > 1:
            # Lucene's coordination factor, softened: of two documents with the same term
            # scores, the one with more of the words ranks first.
            score *= np.sqrt(hits / np.float32(len(clauses)))
        score[~match] = 0
        return match, score

    # --- the tree ----------------------------------------------------------------
    def run(self, q):
        result = self._run(q)
        boost = getattr(q, "boost", 1.0)
        if result is not None and boost != 1.0:
            result = (result[0], result[1] * boost)
        return result

    def _run(self, q):
        if isinstance(q, wq.FuzzyTerm):
            return self._fuzzy(q.fieldname, q.text, q.maxdist, q.prefixlength)
        if isinstance(q, wq.Term):
            return self._word(q.fieldname, q.text)
        if isinstance(q, wq.Phrase):
            return self._phrase(q.fieldname, list(q.words))
        if isinstance(q, wq.Prefix):
            return self._prefix(q.fieldname, q.text)
        if isinstance(q, wq.Wildcard):
            return self._wildcard(q.fieldname, q.text)
        if isinstance(q, wq.And):
            return self._and([self.run(s) for s in q.subqueries])
        if isinstance(q, wq.Or):
            return self._or([self.run(s) for s in q.subqueries])
        if isinstance(q, wq.Not):
            inner = self.run(q.query)
            if inner is None:
                return None
            return ~inner[0] & self.view.live, np.zeros(self.view.n, dtype=np.float32)
        if isinstance(q, wq.AndNot):
            positive, negative = self.run(q.a), self.run(q.b)
            if negative is None or positive is None:
                return positive
            return self._and([positive, (~negative[0], np.zeros(self.view.n, dtype=np.float32))])
        if isinstance(q, wq.AndMaybe):
            required, optional = self.run(q.a), self.run(q.b)
            if required is None or optional is None:
                return required
            return required[0], np.where(required[0], required[1] + optional[1], 0).astype(np.float32)
        if isinstance(q, wq.Require):
            return self._and([self.run(q.a), self.run(q.b)])
        if isinstance(q, wq.Every):
            return self.view.live.copy(), np.zeros(self.view.n, dtype=np.float32)
        if q is wq.NullQuery or isinstance(q, type(wq.NullQuery)):
            return None
        if isinstance(q, wq.TermRange):
            lo, hi = (q.start or ""), (q.end or "\uffff")
            terms = [t for t in self._lexicon(q.fieldname) if lo <= t <= hi]
            return self._expanded(q.fieldname, terms)
        raise BadQuery(f"this kind of query is not supported: {q}",
                       hint='Use words, "phrases", AND/OR/NOT, field:value, prefix* or fuzzy~.')

"""The fast text-only path: demo documents as page texts, without rendering anything.

For benchmarks and model training (e.g. 50,000 documents x ~2,000 words for the search
benchmark). Pages are cut by an estimate of the born-digital layout (characters per line, lines
per page), so page counts are close to, not identical with, the rendered PDFs. Text equals what
the PDF's text layer says, except for line breaks inside paragraphs.
"""
from __future__ import annotations

from typing import Iterator

from corpus.demo.generator import Plan, plan_document
from corpus.demo.parties import plain
from corpus.demo.render import stamps
from corpus.demo.truth import Truth

CHARS_PER_LINE = 92
LINES_PER_PAGE = 46


def page_texts(plan: Plan) -> list[str]:
    pages: list[list[str]] = [[]]
    used = 0.0
    for kind, text in plan.blocks:
        text = plain(text)
        if kind in ("para", "pad"):
            lines = len(text) // CHARS_PER_LINE + 1.4
        elif kind == "sig":
            lines = text.count("\n") + 1.8
        elif kind == "heading":
            lines = 1.5
        elif kind == "gap":
            lines = 0.6
        else:
            lines = len(text) // 75 + 1
        if used + lines > LINES_PER_PAGE and pages[-1]:
            pages.append([])
            used = 0.0
        used += lines
        if text:
            pages[-1].append(text)
    total = len(pages)
    out = []
    for number, lines in enumerate(pages, start=1):
        header, footer = stamps(plan, number, total)
        out.append("\n".join(header + lines + footer))
    return out


def iter_demo_texts(count: int, seed: int = 4006, words_per_doc: int | None = None,
                    start: int = 0) -> Iterator[tuple[Truth, list[str]]]:
    """Yield (truth, page_texts) for documents start..start+count-1 of the demo corpus `seed`.

    words_per_doc pads each document with extra varied clauses to about that many words;
    None keeps the lengths of the PDF corpus. Truths match `write_demo_corpus` for the same
    seed except `pages` (estimated here) and the rendering-only fields (page_rotations).
    """
    for index in range(start, start + count):
        plan = plan_document(seed, index, words_per_doc)
        texts = page_texts(plan)
        plan.truth.pages = len(texts)
        yield plan.truth, texts

"""Extra clauses that lengthen documents (1-6 pages for PDFs, ~2,000 words for benchmarks).

A bank of sentences is built once per process by combining sentence parts, so padding costs one
`rng.choices` call per document instead of per-word Python work. Topic-specific sentences mention
the document's subject so longer documents stay about their subject (search benchmarks rely on
that). The bank contains no FOIA codes, no PII patterns, no citations and none of the restricted
topics, so padding never changes a document's truth.
"""
from __future__ import annotations

import random
from functools import lru_cache
from itertools import product

from corpus.demo.vocabulary import SUBJECTS

ACTORS = ("Each Party", "The receiving Party", "The providing Party", "The program office", "The program manager",
          "The designated liaison", "Each Party's privacy officer", "The system owner", "The contracting officer's representative",
          "The information security officer", "The responsible supervisor", "The records officer")
ACTIONS = ("shall maintain", "will document", "agrees to review", "shall retain", "will provide written notice of",
           "shall make available for inspection", "will periodically reconcile", "shall limit access to",
           "will update", "shall promptly correct", "is responsible for", "will coordinate", "shall audit",
           "will brief the steering committee on", "shall securely dispose of")
OBJECTS = ("audit logs of all queries", "a current list of authorized users", "records of each disclosure",
           "the procedures implementing this Agreement", "training completion records", "copies of the data dictionary",
           "incident response contact lists", "the results of annual compliance reviews", "changes to system interfaces",
           "inaccurate or outdated records", "statistics on the volume of transactions", "the memoranda of record",
           "the retention schedule applicable to exchanged records", "performance measures and milestones",
           "requests received from third parties")
CONDITIONS = ("in accordance with applicable law and policy", "within thirty days of a written request",
              "at least annually", "before any system change is deployed", "as soon as practicable",
              "consistent with the approved records schedule", "throughout the term of this Agreement",
              "without undue delay", "at each quarterly program review", "upon termination of this Agreement",
              "when requested by the other Party", "using secure means of transmission")

TOPIC_TEMPLATES = (
    "Requests concerning {topic} will be routed through the designated liaison for review.",
    "The Parties expect that cooperation on {topic} will improve the timeliness and accuracy of their work.",
    "Exchanges of {data} will be logged and reviewed quarterly by both program offices.",
    "The {system} will be configured so that only authorized users can retrieve {data}.",
    "Performance of the {system} will be measured by response time, availability and data quality.",
    "Training for personnel working on {topic} will cover handling rules for {data}.",
    "Either Party may request a meeting to discuss problems affecting {topic}.",
    "Changes to the format of {data} will be coordinated at least sixty days in advance.",
    "Reports summarizing activity on {topic} will be exchanged at each program review.",
    "Errors discovered in {data} will be corrected at the source and the correction shared promptly.",
)

HEADINGS = ("Additional Terms", "Records Management", "Training", "Audit and Oversight", "Dispute Resolution",
            "Reporting", "Notices", "Liability", "Publicity", "Operating Procedures", "Quality Assurance",
            "Coordination", "Program Review", "Records Retention")


@lru_cache(maxsize=1)
def sentence_bank() -> tuple[tuple[str, ...], dict[str, tuple[str, ...]]]:
    """(generic sentences, {topic: topic sentences}); built once, deterministic."""
    rng = random.Random(4006)
    combos = list(product(ACTORS, ACTIONS, OBJECTS, CONDITIONS))
    rng.shuffle(combos)
    generic = tuple(f"{a} {v} {o} {c}." for a, v, o, c in combos[:6000])
    by_topic = {topic: tuple(t.format(topic=topic, data=data, system=system) for t in TOPIC_TEMPLATES)
                for topic, data, system in SUBJECTS}
    return generic, by_topic


def padding_blocks(rng: random.Random, words: int, topic: str | None) -> list[tuple[str, str]]:
    """Heading/paragraph blocks totalling about `words` words."""
    if words <= 0:
        return []
    generic, by_topic = sentence_bank()
    n = max(1, words // 17)  # bank sentences average ~16 words; page furniture adds the rest
    sentences = rng.choices(generic, k=n)
    topical = by_topic.get(topic or "", ())
    if topical:
        for position in range(0, n, 5):  # one topical sentence in five keeps the document on its subject
            sentences[position] = topical[rng.randrange(len(topical))]
    blocks: list[tuple[str, str]] = []
    per_section = rng.randint(8, 20)
    for start in range(0, n, per_section):
        blocks.append(("heading", rng.choice(HEADINGS)))
        chunk = sentences[start:start + per_section]
        for p in range(0, len(chunk), 4):
            blocks.append(("para", " ".join(chunk[p:p + 4])))
    return blocks

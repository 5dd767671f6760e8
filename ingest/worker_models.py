"""Imported by the ingest pool's fork server, before it forks any worker: loads the spaCy pipeline
(ingest.metadata.nlp) there, once. Each worker then starts with it loaded (shared copy-on-write)
instead of loading its own (~0.4 CPU s a worker, and again after every crash); most documents
ask spaCy for parties or signatories, so every worker of a batch would load it anyway. Without
spaCy or its model this loads nothing (nlp.pipeline logs why)."""
from ingest.metadata import nlp

nlp.pipeline()

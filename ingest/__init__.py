"""Getting files into the repository: detect -> extract -> OCR if needed -> metadata -> store.

Public API (stable; the CLI and the web upload page use it):

    ingest.bulk.run_batch(store, config, inputs, *, jobs, actor="", owner="", on_stored=None,
                          progress=None, stop_event=None) -> BatchResult
        Files, folders (recursive) and zips; resumable (same inputs = same job); per-file
        failures are quarantined and listed in BatchResult.failed, never raised.
    ingest.pipeline.ingest_file(store, config, path, *, owner="", job_id=None,
                                on_stored=None) -> (Document, ItemOutcome)
        One file in this process; raises the IngestError subclasses of corpus.errors.

Modules: detect (format by content), pdf (pypdfium2 text layer, pdfplumber boxes),
quality (is a text layer usable?), ocr (Tesseract), formats (images, DOCX, TXT, e-mail),
archive (safe zip expansion), pipeline (the stages for one file), bulk (the orchestrator),
quarantine, report (JSON/CSV), watch (`accord watch`).
"""

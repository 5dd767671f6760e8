"""One file through the stages: detect -> extract -> OCR if needed -> metadata -> store.

The work is split so that a process pool can share it page by page:
  prepare_file(...)  detect + text layer + quality check   (worker; returns the Document and
                     (+ metadata when no page needs OCR)     the pages that need OCR)
  run_ocr(task)      one page's image, Tesseract it         (worker; one task per page)
  apply_ocr(...)     put the OCR result into the page       (main process)
  describe(doc)      metadata (pure, CPU-heavy: spaCy)      (worker, once all pages are read)
  store_document(...) original, rows, relations            (main process: the single writer)
The order they run in is ingest/stages.py's `file_stages`; `ingest_file` runs it in this process,
for a single file.
"""
from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from corpus.config import Config
from corpus.document import FILE_PROPERTY, PAGE_SOURCE_NONE, PAGE_SOURCE_OCR, Document, ExtractedField, Page
from corpus.documents import add_relation, save_document
from corpus.errors import (FileTooLarge, FileUnreadable, FileVanished, IngestError, NestedArchive,
                           TextTooLong, UnsupportedFormat)
from corpus.journal import ItemOutcome
from corpus.page_words import encode_words
from corpus.store import Store, sha256_of_file
from ingest import archive, detect, formats, ocr, pdf, quality, signature

log = logging.getLogger("accord.ingest")
MAX_MAIL_DEPTH = 2   # a message attached to a message attached to a message is not opened further


@dataclass(frozen=True)
class Limits:
    """The settings the worker stages need (picklable, unlike a Store)."""
    max_pages: int
    max_file_bytes: int
    min_page_chars: int
    ocr_dpi: int
    ocr_lang: str
    ocr_timeout: int
    unpack_max_bytes: int = 512 * 1024 ** 2
    max_ratio: int = 100
    max_members: int = 100_000
    max_image_pixels: int = 150_000_000
    max_text_chars: int = 50_000_000
    mail_max_parts: int = 500

    @classmethod
    def from_config(cls, config: Config) -> "Limits":
        return cls(config["ACCORD_MAX_PAGES"], config["ACCORD_MAX_FILE_BYTES"], config["ACCORD_MIN_PAGE_CHARS"],
                   config["ACCORD_OCR_DPI"], config["ACCORD_OCR_LANG"], config["ACCORD_OCR_TIMEOUT"],
                   config["ACCORD_UNPACK_MAX_BYTES"], config["ACCORD_ZIP_MAX_RATIO"], config["ACCORD_ZIP_MAX_MEMBERS"],
                   config["ACCORD_MAX_IMAGE_PIXELS"], config["ACCORD_MAX_TEXT_CHARS"], config["ACCORD_MAIL_MAX_PARTS"])


@dataclass(frozen=True)
class OcrTask:
    path: str            # a local file (PDF or image) holding the page
    kind: str            # "pdf" | "image"
    index: int           # 0-based page / frame
    dpi: int
    lang: str
    timeout: int
    doc_path: tuple = ()  # which document in the tree: () the file itself, (i,) its i-th child
    max_pixels: int = 150_000_000   # ACCORD_MAX_IMAGE_PIXELS: no page image beyond it is made


@dataclass
class Prepared:
    doc: Document
    ocr_tasks: list[OcrTask] = field(default_factory=list)
    labels: object = None   # label suggestions a worker computed (FileContext.label_step), for the writer


def _sha256(path: str) -> str:
    try:
        return sha256_of_file(path)
    except FileNotFoundError:
        raise FileVanished(f"{path} disappeared while it was being read") from None


def prepare_file(local_path: str, source_path: str, limits: Limits, *, name: str | None = None,
                 staging_dir: str | None = None, doc_path: tuple = (), depth: int = 0,
                 with_metadata: bool = False, label_step: Callable[[Document], object] | None = None) -> Prepared:
    """Detect, extract the text layer, and list the pages that need OCR. Pure apart from
    writing e-mail attachments into `staging_dir`; runs in a worker process. With
    `with_metadata`, a document needing no OCR also gets its metadata here (in the worker)."""
    name = name or Path(source_path.split("!")[-1]).name
    detected = detect.detect_format(local_path, name)
    size = os.path.getsize(local_path)
    if size > limits.max_file_bytes:
        raise FileTooLarge(f"{name} is {size} bytes, more than ACCORD_MAX_FILE_BYTES={limits.max_file_bytes}")
    sha256 = _sha256(local_path)
    # original_path holds where the bytes are NOW; store_document replaces it with the stored copy.
    doc = Document(source_path=source_path, filename=name, sha256=sha256, size=size, mime=detected.mime,
                   original_path=local_path)
    if detected.warning:
        doc.warnings.append(detected.warning)
    prepared = Prepared(doc)
    fmt = detected.format
    if fmt == detect.PDF:
        _prepare_pdf(prepared, local_path, name, limits, doc_path)
    elif fmt in detect.IMAGE_FORMATS:
        doc.pages = formats.image_pages(local_path, name, limits.max_pages, limits.max_image_pixels)
        prepared.ocr_tasks = [OcrTask(local_path, "image", p.number - 1, 0, limits.ocr_lang, limits.ocr_timeout,
                                      doc_path, limits.max_image_pixels) for p in doc.pages]
    elif fmt == detect.DOCX:
        archive.check_package(local_path, name, max_bytes=limits.unpack_max_bytes, max_ratio=limits.max_ratio,
                              max_members=limits.max_members,
                              max_xml_bytes=limits.unpack_max_bytes // archive.XML_TREE_FACTOR)
        doc.pages, doc.title = formats.docx_pages(local_path, name)
    elif fmt == detect.TXT:
        if size > 4 * limits.max_text_chars:   # even 4-byte UTF-8 characters: too long, unread
            raise TextTooLong(f"{name} is {size} bytes of text, more than ACCORD_MAX_TEXT_CHARS="
                              f"{limits.max_text_chars} characters")
        doc.pages = formats.txt_pages(local_path, name)
    elif fmt == detect.EML:
        _prepare_mail(prepared, local_path, source_path, name, limits, staging_dir, doc_path, depth)
    elif fmt == detect.ZIP:
        raise NestedArchive(f"{source_path} is an archive inside an archive")
    else:   # pragma: no cover - detect_format only returns the formats above
        raise UnsupportedFormat(f"{name}: {fmt} is not supported")
    chars = sum(len(page.text) for page in doc.pages)
    if chars > limits.max_text_chars:
        raise TextTooLong(f"{name} holds {chars} characters of text, more than ACCORD_MAX_TEXT_CHARS="
                          f"{limits.max_text_chars}")
    if with_metadata and not prepared.ocr_tasks:
        describe(doc)
        if label_step is not None:   # the label suggestions too (ingest.stages.FileContext.label_step)
            prepared.labels = label_step(doc)
    return prepared


def _prepare_pdf(prepared: Prepared, path: str, name: str, limits: Limits, doc_path: tuple) -> None:
    document, warnings = pdf.open_pdf(path)
    try:
        pages, candidates, scanned = pdf.text_layer(document, limits.max_pages, name)
        properties = pdf.document_properties(document)
    finally:
        document.close()
    prepared.doc.warnings.extend(warnings)
    prepared.doc.fields += [ExtractedField(FILE_PROPERTY, value, extractor="pdf:info", attributes={"key": key})
                            for key, value in properties.items()]
    for number, boxes in pdf.count_redaction_boxes(path, candidates).items():
        pages[number - 1].redaction_boxes = boxes
    for page in pages:
        problem = quality.text_layer_problem(page.text, limits.min_page_chars,
                                             scanned_image=page.number in scanned)
        if problem:
            page.quality_note = problem
            prepared.ocr_tasks.append(OcrTask(path, "pdf", page.number - 1, limits.ocr_dpi, limits.ocr_lang,
                                              limits.ocr_timeout, doc_path, limits.max_image_pixels))
    prepared.doc.pages = pages


def _prepare_mail(prepared: Prepared, path: str, source_path: str, name: str, limits: Limits,
                  staging_dir: str | None, doc_path: tuple, depth: int) -> None:
    doc = prepared.doc
    doc.pages, doc.title, attachments = formats.mail_parts(path, name, max_parts=limits.mail_max_parts,
                                                           max_part_bytes=limits.unpack_max_bytes)
    if not attachments:
        return
    if depth >= MAX_MAIL_DEPTH or staging_dir is None:
        doc.warnings.append(f"{len(attachments)} attachment(s) not opened (nested too deep)")
        return
    folder = Path(staging_dir) / f"mail-{doc.sha256[:16]}"
    folder.mkdir(parents=True, exist_ok=True)
    for index, attachment in enumerate(attachments):
        child_source = f"{source_path}!{attachment.filename}"
        if not attachment.data:
            doc.warnings.append(f"attachment {attachment.filename} is empty; skipped")
            continue
        local = folder / f"{index:03d}-{attachment.filename}"
        local.write_bytes(attachment.data)
        child_path = doc_path + (len(doc.children),)
        try:
            child = prepare_file(str(local), child_source, limits, name=attachment.filename,
                                 staging_dir=staging_dir, doc_path=child_path, depth=depth + 1)
        except IngestError as exc:
            doc.warnings.append(f"attachment {attachment.filename} not ingested: {exc}")
            continue
        doc.children.append(child.doc)
        prepared.ocr_tasks.extend(child.ocr_tasks)


def run_ocr(task: OcrTask) -> ocr.OcrResult:
    """Render one page and read it (runs in a worker process)."""
    try:
        if task.kind == "pdf":
            image, dpi = pdf.page_image(task.path, task.index, task.dpi, task.max_pixels)   # the scan itself, or rendered
        else:
            image, dpi = formats.image_frame(task.path, task.index, task.max_pixels)
    except FileNotFoundError:
        raise FileVanished(f"{task.path} disappeared before page {task.index + 1} was read") from None
    try:
        return ocr.ocr_page(image, dpi=dpi, lang=task.lang, timeout=task.timeout)
    finally:
        image.close()


def document_at(doc: Document, doc_path: tuple) -> Document:
    for index in doc_path:
        doc = doc.children[index]
    return doc


def apply_ocr(doc: Document, task: OcrTask, result: ocr.OcrResult) -> None:
    page: Page = document_at(doc, task.doc_path).pages[task.index]
    page.text = result.text
    page.source = PAGE_SOURCE_OCR if result.text.strip() else PAGE_SOURCE_NONE
    page.ocr_confidence = result.confidence
    page.rotation = result.rotation
    page.words = encode_words(result.boxes or [])


def walk(doc: Document):
    yield doc
    for child in doc.children:
        yield from walk(child)


def describe(doc: Document) -> Document:
    """The metadata stage for the document and its children (pure; may run in a worker)."""
    from ingest.metadata import extract_metadata
    for item in walk(doc):
        try:
            extract_metadata(item)
        except Exception as exc:   # keep the text; `accord reextract` can fill the fields later
            log.exception("metadata extraction failed for %s", item.source_path)
            item.warnings.append(f"metadata extraction failed: {exc!r}")
        # the near-duplicate signature, here in the worker rather than in the single writer
        signature.sign(item)
    return doc


def store_document(store: Store, doc: Document, *, job_id: int | None, owner: str = "",
                   on_stored: Callable[[int], None] | None = None,
                   described: bool = False) -> tuple[int, bool]:
    """Metadata, the original, the rows, relations; then tell the caller (index, classify).
    Children (e-mail attachments) are stored after their parent and linked to it."""
    from ingest.relations import link_document
    doc.owner = doc.owner or owner
    if not described:
        describe(doc)
        described = True
    try:
        _, stored_path = store.keep_original(doc.original_path, doc.sha256)
    except FileNotFoundError:
        raise FileVanished(f"{doc.source_path} disappeared before it could be stored") from None
    except PermissionError as exc:
        raise FileUnreadable(f"{doc.source_path} cannot be read: {exc.strerror}") from None
    doc.original_path = str(stored_path)
    doc_id, created = save_document(store, doc, job_id=job_id)
    if created:
        # The document is stored; relations and the index are derived data that can be
        # rebuilt, so a failure there becomes a warning instead of failing the file.
        steps = [("linking related documents", lambda: link_document(store, doc_id, doc))]
        if on_stored:
            steps.append(("indexing", lambda: on_stored(doc_id)))
        for step, call in steps:
            try:
                call()
            except Exception as exc:
                log.exception("%s failed for document %s", step, doc_id)
                doc.warnings.append(f"{step} failed: {exc!r}")
        for child in doc.children:
            child.parent_id = doc_id
            child_id, _ = store_document(store, child, job_id=job_id, owner=owner, on_stored=on_stored,
                                         described=described)
            add_relation(store, child_id, doc_id, "attachment_of")
    return doc_id, created


def ingest_file(store: Store, config: Config, path: str, *, owner: str = "", job_id: int | None = None,
                source_path: str | None = None, name: str | None = None,
                on_stored: Callable[[int], None] | None = None) -> tuple[Document, ItemOutcome]:
    """A single file, in this process: the stages of ingest/stages.py with every request answered
    here. Raises IngestError subclasses; the caller decides about quarantine. Returns the document
    and the journal-style outcome."""
    from ingest.inputs import WorkItem
    from ingest.stages import FileContext, FileRun, run_inline
    staging = config.cache_dir / "ingest" / "single"
    staging.mkdir(parents=True, exist_ok=True)
    source_path = source_path or str(Path(path).resolve())
    run = FileRun(WorkItem(source_path, path, name or Path(source_path.split("!")[-1]).name))
    outcome = run_inline(FileContext(store, config, job_id, staging, owner=owner, on_stored=on_stored), run)
    return run.prepared.doc, outcome

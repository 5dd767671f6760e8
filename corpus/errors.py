"""The one exception hierarchy of Accord.

Every error carries a process exit code (for the CLI wrapper) and an HTTP status
(for the Flask error handler), plus a hint that tells the user how to fix it.
Errors surface in exactly those two places; library code raises, never prints.
"""
from __future__ import annotations


class AccordError(Exception):
    """Base class. `code` is a stable machine-readable identifier."""

    exit_code = 1
    http_status = 500
    code = "error"
    hint = ""

    def __init__(self, message: str, *, hint: str | None = None, code: str | None = None):
        super().__init__(message)
        self.message = message
        if hint is not None:
            self.hint = hint
        if code is not None:
            self.code = code

    def __str__(self) -> str:
        return f"{self.message} — {self.hint}" if self.hint else self.message

    def to_dict(self) -> dict:
        return {"error": self.code, "message": self.message, "hint": self.hint}


class ConfigError(AccordError):
    exit_code = 78  # EX_CONFIG
    http_status = 500
    code = "config"
    hint = "Check the setting named in the message (`accord settings` lists them all)."


class UsageError(AccordError):
    exit_code = 64  # EX_USAGE
    http_status = 400
    code = "usage"


class BadQuery(UsageError):
    code = "bad_query"
    hint = 'Check quotes and parentheses; use field:value, "exact phrase", AND/OR/NOT.'


class NotFound(AccordError):
    exit_code = 66  # EX_NOINPUT
    http_status = 404
    code = "not_found"
    hint = "Check the id; `accord export --jsonl` lists the documents you may see."


class PermissionDenied(AccordError):
    exit_code = 77  # EX_NOPERM
    http_status = 403
    code = "forbidden"
    hint = "Ask an administrator for a role that allows this."


class AuthenticationRequired(AccordError):
    exit_code = 77
    http_status = 401
    code = "unauthenticated"
    hint = "Log in, or send `Authorization: Bearer TOKEN` (`accord token NAME` prints one)."


class Conflict(AccordError):
    exit_code = 75  # EX_TEMPFAIL
    http_status = 409
    code = "conflict"


class StoreError(AccordError):
    exit_code = 74  # EX_IOERR
    http_status = 503
    code = "store"
    hint = "Check that the database is reachable and migrated (`accord migrate`)."


class IndexError_(AccordError):
    """The search index is unusable; it can always be rebuilt from the store."""

    exit_code = 74
    http_status = 503
    code = "index"
    hint = "Rebuild the search index from the store with `accord reindex`."


class IndexLocked(IndexError_):
    """Another process kept the search index's write lock longer than the wait allows."""

    exit_code = 75  # EX_TEMPFAIL: the same command later succeeds
    code = "index_locked"
    hint = ("Another process is writing the search index (the index writer, `accord reindex`): wait for it, or "
            "stop it. A writer that died frees the lock by itself; if the process named is gone and the lock "
            "stays, check the shared folder's lock service (NFS) and that one index writer runs.")


class ModelError(AccordError):
    exit_code = 65  # EX_DATAERR
    http_status = 503
    code = "model"
    hint = "Retrain with `accord classifier fit` or roll back with `accord classifier rollback`."


class UntrustedModel(ModelError):
    code = "untrusted_model"
    hint = ("Only model files written by this installation are loaded; "
            "retrain it here with `accord classifier fit`.")


class TooLarge(AccordError):
    exit_code = 65
    http_status = 413
    code = "too_large"


# --- Per-file ingest failures -------------------------------------------------
# These are caught by the bulk orchestrator and recorded against the file, so a
# batch continues; they only reach the CLI wrapper when a single file is ingested.

class IngestError(AccordError):
    exit_code = 65  # EX_DATAERR
    http_status = 422
    code = "ingest"


class EmptyFile(IngestError):
    code = "empty_file"
    hint = "The file has zero bytes; re-export or re-scan it and ingest again."


class UnsupportedFormat(IngestError):
    code = "unsupported_format"
    hint = "Supported: PDF, TIFF, PNG, JPEG, DOCX, TXT, EML, ZIP. Convert the file to PDF and ingest again."


class CorruptFile(IngestError):
    code = "corrupt_file"
    hint = "The file is damaged or truncated; get a fresh copy from its source and ingest again."


class EncryptedFile(IngestError):
    code = "encrypted_file"
    hint = "Ask the sender for an unprotected copy (or remove the password with qpdf --decrypt) and ingest again."


class TooManyPages(IngestError):
    code = "too_many_pages"
    hint = "Split the file, or raise ACCORD_MAX_PAGES if documents this long are expected."


class MissingResolution(IngestError):
    code = "missing_dpi"
    hint = "The image records no resolution (DPI); re-scan at 300 dpi or convert it to PDF with the right page size."


class WorkerCrashed(IngestError):
    code = "worker_crashed"
    hint = ("A worker process died on this file alone (a crash in PDFium or Tesseract on its content). "
            "Re-save it (e.g. print it to a new PDF) and ingest the copy; report the original if you can.")


class UnsafeArchive(IngestError):
    code = "unsafe_archive"
    hint = "The archive contains absolute or '../' member names; unpack it by hand, inspect it, and ingest the folder."


class ArchiveTooLarge(IngestError):
    code = "archive_bomb"
    hint = ("The archive expands beyond ACCORD_ZIP_MAX_BYTES or ACCORD_ZIP_MAX_RATIO; "
            "unpack it by hand and ingest the folder if it is genuine.")


class NestedArchive(IngestError):
    code = "nested_archive"
    hint = "Archives inside archives are not opened; unpack the inner archive and ingest it separately."


class FileVanished(IngestError):
    code = "file_vanished"
    hint = "The file was moved or deleted while the batch ran; put it back and run the same command again."


class FileUnreadable(IngestError):
    code = "file_unreadable"
    hint = "Accord cannot read the file (permissions?); fix its permissions and run the same command again."


class OcrFailed(IngestError):
    code = "ocr_failed"
    hint = "Tesseract failed on this file; check `tesseract --version` and that the eng language data is installed."


class FileTooLarge(IngestError):
    code = "file_too_large"
    hint = "Split the file, or raise ACCORD_MAX_FILE_BYTES if files this large are expected."


class LinkRefused(IngestError):
    code = "link_refused"
    hint = ("Accord does not follow links that lead out of the folders it was given (they could expose "
            "any file on the server). Copy the file itself into the folder (cp, not ln) and ingest again.")


class LinkedFolder(IngestError):
    code = "linked_folder"
    hint = ("Links to folders are not followed (they could lead anywhere, or in a circle); "
            "ingest the folder the link points to by naming it: accord ingest TARGET.")


class DecompressionBomb(IngestError):
    code = "decompression_bomb"
    hint = ("A part of the file expands far beyond its packed size, or the file packs more parts than "
            "allowed (ACCORD_UNPACK_MAX_BYTES, ACCORD_ZIP_MAX_RATIO, ACCORD_MAIL_MAX_PARTS): a decompression "
            "bomb, or a genuine but huge file. Re-save it (e.g. print it to PDF) and ingest the copy, or raise "
            "the limit named in the message if it is genuine.")


class ImageTooLarge(IngestError):
    code = "image_too_large"
    hint = ("The image has more pixels than ACCORD_MAX_IMAGE_PIXELS (a pixel bomb, or a poster-sized "
            "scan); scale it to 300 dpi, or raise the setting if images this large are expected.")


class OutOfMemory(IngestError):
    code = "out_of_memory"
    hint = ("Reading this file needed more memory than ACCORD_WORKER_MAX_MEMORY allows; split or "
            "re-save the file (e.g. print it to a new PDF), or raise the setting if it is genuine.")


class TextTooLong(IngestError):
    code = "text_too_long"
    hint = ("The file holds more text than ACCORD_MAX_TEXT_CHARS; split it, or raise the setting "
            "if documents this long are expected.")


class Inconsistent(AccordError):
    exit_code = 65  # EX_DATAERR
    http_status = 500
    code = "inconsistent"
    hint = ("Run `accord check --repair`. What it cannot repair (an original missing from the store and "
            "from its source) must be restored from a backup of ACCORD_HOME/originals.")


# --- Records lifecycle --------------------------------------------------------

class AlreadyRunning(Conflict):
    code = "already_running"
    hint = "Wait for the run in progress to finish (the disposition page shows its progress), then run again."


class OnLegalHold(Conflict):
    code = "legal_hold"
    hint = ("A document under a legal hold cannot be destroyed, transferred, trashed or replaced; "
            "`accord hold list` names the hold, which its issuer releases with `accord hold release NAME`.")


class NotEligible(Conflict):
    code = "not_eligible"
    hint = ("Only records past their disposition-eligible date under an approved schedule can be disposed of "
            "(`accord disposition due` lists them); file a record to another category with "
            "`accord records file ID --category CODE` if it is misfiled (e.g. `transitory`).")

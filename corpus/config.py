"""Settings, declared once (name, default, help) and loaded in a fixed order:

    defaults -> instance file (<home>/accord.toml) -> environment -> explicit mapping

The resulting `Config` is passed explicitly to whatever needs it; library code
never reads os.environ or other globals.
"""
from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Mapping

from corpus.errors import ConfigError


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in {"1", "true", "yes", "on"}:
        return True
    if text in {"0", "false", "no", "off", ""}:
        return False
    raise ValueError(f"not a boolean: {value!r}")


def _int(value: Any) -> int:
    return int(str(value).replace("_", ""))


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str
    parse: Callable[[Any], Any] = str


SETTINGS: tuple[Setting, ...] = (
    Setting("ACCORD_HOME", "./accord-data", "Folder holding the SQLite store, originals, index, models and caches."),
    Setting("ACCORD_DATABASE_URL", "", "SQLAlchemy URL of the store; empty means SQLite in ACCORD_HOME. "
            "Example: postgresql+psycopg2://accord@/accord"),
    Setting("ACCORD_BLOB_URL", "", "Where originals, page images, uploads, disposition certificates, transfer bags, "
            "classifier model files and quarantined files are kept (corpus/blobs.py): "
            "empty means ACCORD_HOME itself; file:///PATH a folder (shared by NFS between machines); "
            "s3://BUCKET[/PREFIX][?endpoint=URL&region=NAME] an S3-compatible store (needs boto3; credentials "
            "from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, ~/.aws or an instance role)."),
    Setting("ACCORD_MAX_PAGES", 2000, "Files with more pages than this are refused.", _int),
    Setting("ACCORD_MAX_FILE_BYTES", 512 * 1024 * 1024, "Files larger than this are refused.", _int),
    Setting("ACCORD_ZIP_MAX_BYTES", 4 * 1024 ** 3, "A zip whose members expand beyond this many bytes is refused.", _int),
    Setting("ACCORD_ZIP_MAX_RATIO", 100, "A zip member compressed more than this ratio is treated as a zip bomb.", _int),
    Setting("ACCORD_ZIP_MAX_MEMBERS", 100_000, "A zip with more members than this is refused.", _int),
    Setting("ACCORD_UNPACK_MAX_BYTES", 256 * 1024 ** 2, "Most bytes one packed part may expand to: a zip member, "
            "the XML parts inside a DOCX, an e-mail part. Beyond it the file is refused as a decompression bomb.",
            _int),
    Setting("ACCORD_MAIL_MAX_PARTS", 500, "An e-mail with more MIME parts than this is refused (each attachment "
            "becomes a document of its own).", _int),
    Setting("ACCORD_MAX_IMAGE_PIXELS", 150_000_000, "Largest image (width x height) read at ingest and rendered as "
            "a page image; the one limit both use. 150 MP is an A1 poster at 400 dpi; a letter page at 600 dpi is "
            "34 MP.", _int),
    Setting("ACCORD_MAX_TEXT_CHARS", 50_000_000, "A file whose extracted text is longer than this is refused.",
            _int),
    Setting("ACCORD_WORKER_MAX_MEMORY", 1536 * 1024 ** 2, "Bytes of memory one ingest worker may use for one file "
            "(enforced with setrlimit in the worker processes; 0 turns it off). A file needing more fails alone "
            "(out_of_memory).", _int),
    Setting("ACCORD_OCR_DPI", 300, "Resolution at which pages are rendered for OCR.", _int),
    Setting("ACCORD_OCR_LANG", "eng", "Tesseract language(s), e.g. eng or eng+spa."),
    Setting("ACCORD_OCR_TIMEOUT", 180, "Seconds before Tesseract is abandoned on one page.", _int),
    Setting("ACCORD_MIN_PAGE_CHARS", 40, "A text layer with fewer characters than this on a page sends it to OCR.", _int),
    Setting("ACCORD_JOBS", 2, "Worker processes for ingest (text extraction and OCR).", _int),
    Setting("ACCORD_WORKER_STALL_SECONDS", 600, "An ingest worker busy this long on one task (a file's text layer, "
            "one page's OCR, a file's metadata) is stopped and replaced, and that file fails (worker_crashed). "
            "Keep it well above 3 x ACCORD_OCR_TIMEOUT: a page may be read up to three times.", _int),
    Setting("ACCORD_BROKER_URL", "", "Redis URL of the worker queue (e.g. redis://localhost:6379/0). Set, `accord "
            "ingest` hands files to `accord worker` processes (any machine sharing ACCORD_HOME and the store) instead "
            "of its in-process pool; empty, everything runs in-process."),
    Setting("ACCORD_WORKER_MAX_CRASHES", 3, "With the worker queue: a task (a file, or one page of it) whose worker "
            "died this many times is not handed out again; its file fails (worker_crashed).", _int),
    Setting("ACCORD_WORKER_LOST_SECONDS", 660, "With the worker queue: a task whose whole `accord worker` vanished "
            "(kill -9, its machine gone) is handed to another worker after this many seconds (a task whose worker "
            "process alone died is handed out again at once). A live worker marks its running task every third of "
            "this, so a task running longer is never handed out twice: lower it for faster recovery, as long as "
            "Redis stays reachable from the workers within a third of it.", _int),
    Setting("ACCORD_INDEX_LOCK_WAIT_SECONDS", 120, "With the worker queue: how long an index update waits for "
            "another process's write to the search index before it gives up with an error (the queue tries the "
            "update again later). A writer that died frees the index at once on its own machine, within "
            "10 seconds from another machine.", _int),
    Setting("ACCORD_WATCH_SETTLE_SECONDS", 5, "`accord watch` ingests a file once its size and mtime are unchanged this long.", _int),
    Setting("ACCORD_SECRET_KEY", "", "Flask session signing key and model-file HMAC key; generated into ACCORD_HOME when empty."),
    Setting("ACCORD_AUDIT_KEY_FILE", "", "File holding the audit chain's HMAC key (created once, mode 600); keep it "
            "outside the database and its backups. Empty means ACCORD_HOME/audit.key."),
    Setting("ACCORD_AUDIT_ANCHOR_FILE", "", "Append-only file the audit chain's anchors are written to (`accord audit "
            "verify` vouches for events up to the last one). Empty means ACCORD_HOME/audit-anchors.log."),
    Setting("ACCORD_AUDIT_ANCHOR_EVERY", 100, "An anchor is written at least every this many audit events "
            "(and when a command or server process ends).", _int),
    Setting("ACCORD_AUDIT_SYSLOG", False, "Also send every audit anchor to the local syslog (facility AUTH).", _bool),
    Setting("ACCORD_SESSION_MAX_HOURS", 8, "A web session ends this many hours after its login, however active.", _int),
    Setting("ACCORD_SESSION_IDLE_MINUTES", 30, "A web session ends after this many minutes without a request.", _int),
    Setting("ACCORD_LOGIN_BANNER",
            "WARNING: This is a U.S. Government information system. Use is monitored and recorded; "
            "unauthorized use is prohibited and subject to criminal and civil penalties. "
            "By logging in you consent to monitoring.",
            "Warning banner shown on the login page."),
    Setting("ACCORD_SEARCH_CONCURRENCY", 2, "Searches (page, CSV, API) one web server process runs at once; "
            "more wait their turn. Python runs one thread at a time, so more would not be faster, and a "
            "reviewer's POST or a light page is not left behind a backlog of searches.", _int),
    Setting("ACCORD_MAX_UPLOAD_BYTES", 1024 * 1024 * 1024, "Largest accepted upload through the web UI/API.", _int),
    Setting("ACCORD_TRUST_PROXY_USER_HEADER", "", "When set (e.g. X-Remote-User), trust this header from a reverse proxy as the logged-in user. Off when empty."),
    Setting("ACCORD_SESSION_COOKIE_SECURE", True, "Mark the session cookie Secure (turn off only for plain-HTTP local demos).", _bool),
    Setting("ACCORD_RETRAIN_AFTER_LABELS", 25, "Retrain the classifier automatically after this many new reviewer labels.", _int),
    Setting("ACCORD_TAXONOMY_FILE", "", "JSON label set replacing the directive's default taxonomy (corpus/taxonomy.json)."),
    Setting("ACCORD_SYNONYMS_FILE", "", "Word groups that search treats as meaning the same (one group a line, "
            "comma-separated), applied when searching; empty means ACCORD_HOME/synonyms.txt, which admins edit on "
            "the search settings page (built-in groups until it exists)."),
    Setting("ACCORD_FILE_PLAN", "", "JSON file plan (record categories with their retention schedules) replacing "
            "the default corpus/records/file_plan.json."),
    Setting("ACCORD_TRASH_DAYS", 30, "Records staff may trash a wrongly ingested document within this many days of "
            "its ingest; trashed documents are purged this many days after being trashed, unless held.", _int),
    Setting("ACCORD_LOG_LEVEL", "INFO", "Logging level."),
)

_BY_NAME = {s.name: s for s in SETTINGS}


class Config(Mapping[str, Any]):
    """Immutable, typed settings plus the paths derived from ACCORD_HOME."""

    def __init__(self, values: Mapping[str, Any]):
        self._values = dict(values)

    def __getitem__(self, name: str) -> Any:
        return self._values[name]

    def __iter__(self):
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def replace(self, **overrides: Any) -> "Config":
        return load_config(environ={}, overrides={**self._values, **overrides}, read_instance_file=False)

    # Derived paths: one place decides the layout of ACCORD_HOME.
    @property
    def home(self) -> Path:
        return Path(self["ACCORD_HOME"]).expanduser().resolve()

    @property
    def database_url(self) -> str:
        return self["ACCORD_DATABASE_URL"] or f"sqlite:///{self.home / 'accord.db'}"

    @property
    def originals_dir(self) -> Path:
        return self.home / "originals"

    @property
    def quarantine_dir(self) -> Path:
        return self.home / "quarantine"

    @property
    def index_dir(self) -> Path:
        return self.home / "index"

    @property
    def models_dir(self) -> Path:
        return self.home / "models"

    @property
    def cache_dir(self) -> Path:
        return self.home / "cache"

    @property
    def synonyms_file(self) -> Path:
        return Path(self["ACCORD_SYNONYMS_FILE"]).expanduser() if self["ACCORD_SYNONYMS_FILE"] else \
            self.home / "synonyms.txt"

    @property
    def dispositions_dir(self) -> Path:
        """Where the folder blob store (the default) keeps disposition certificates and transfer bags."""
        return self.home / "dispositions"

    @property
    def instance_file(self) -> Path:
        return self.home / "accord.toml"

    @property
    def secret_key_file(self) -> Path:
        """Where the installation secret is generated when ACCORD_SECRET_KEY is empty."""
        return self.home / "secret_key"

    @property
    def audit_key_file(self) -> Path:
        return Path(self["ACCORD_AUDIT_KEY_FILE"]).expanduser() if self["ACCORD_AUDIT_KEY_FILE"] \
            else self.home / "audit.key"

    @property
    def audit_anchor_file(self) -> Path:
        return Path(self["ACCORD_AUDIT_ANCHOR_FILE"]).expanduser() if self["ACCORD_AUDIT_ANCHOR_FILE"] \
            else self.home / "audit-anchors.log"


def _parse(setting: Setting, raw: Any, origin: str) -> Any:
    try:
        return setting.parse(raw)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"{setting.name}={raw!r} from {origin} is invalid: {exc}",
                          hint=f"{setting.name}: {setting.help}") from exc


def load_config(home: str | os.PathLike | None = None, *, environ: Mapping[str, str] | None = None,
                overrides: Mapping[str, Any] | None = None, read_instance_file: bool = True) -> Config:
    """Build a Config. `home` (from `accord --home`) beats every other source of ACCORD_HOME."""
    environ = os.environ if environ is None else environ
    overrides = dict(overrides or {})
    values: dict[str, Any] = {s.name: s.default for s in SETTINGS}

    home_value = home or overrides.get("ACCORD_HOME") or environ.get("ACCORD_HOME") or values["ACCORD_HOME"]
    instance = Path(home_value).expanduser() / "accord.toml"
    if read_instance_file and instance.is_file():
        try:
            data = tomllib.loads(instance.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"cannot read {instance}: {exc}", hint="Fix or remove the instance file.") from exc
        for key, raw in data.items():
            name = key.upper() if key.upper().startswith("ACCORD_") else f"ACCORD_{key.upper()}"
            if name not in _BY_NAME:
                raise ConfigError(f"unknown setting {key!r} in {instance}",
                                  hint="`accord settings` lists the known settings.")
            values[name] = _parse(_BY_NAME[name], raw, str(instance))
    for setting in SETTINGS:
        if setting.name in environ:
            values[setting.name] = _parse(setting, environ[setting.name], "the environment")
    for name, raw in overrides.items():
        if name not in _BY_NAME:
            raise ConfigError(f"unknown setting {name!r}", hint="`accord settings` lists the known settings.")
        values[name] = _parse(_BY_NAME[name], raw, "the caller")
    values["ACCORD_HOME"] = str(home_value)
    return Config(values)


def describe_settings(config: Config) -> list[dict[str, Any]]:
    """For `accord settings`: every setting with its help and effective value (secrets masked)."""
    rows = []
    for s in SETTINGS:
        value = config[s.name]
        if "SECRET" in s.name and value:
            value = "********"
        rows.append({"name": s.name, "value": value, "default": s.default, "help": s.help})
    return rows

"""Every file the web UI and the API hand out as a download goes through here: the original of a
document, and CSV exports. The file name is the caller's (or an uploader's) text, so it is
encoded per RFC 6266 / RFC 5987: an ASCII fallback in `filename=` and the exact name, UTF-8
percent-encoded, in `filename*=`; control characters (CR and LF above all, which would split the
header) are removed from both."""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import BinaryIO
from urllib.parse import quote

from flask import Response, send_file

from corpus.exports import csv_text
from corpus.store import Store

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
FALLBACK_NAME = "download"


def content_disposition(filename: str, *, disposition: str = "attachment") -> str:
    name = _CONTROL.sub("", filename or "").strip() or FALLBACK_NAME
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    ascii_name = re.sub(r'["\\]', "_", ascii_name).strip() or FALLBACK_NAME
    if ascii_name == name:
        return f'{disposition}; filename="{ascii_name}"'
    return f"{disposition}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name, safe='')}"


def send_original(store: Store, sha256: str, filename: str, mimetype: str | None) -> Response:
    """A document's original (from the blob store) as an attachment named `filename`."""
    return send_download(store.open_original(sha256), filename, mimetype)


def send_download(source: Path | BinaryIO, filename: str, mimetype: str | None) -> Response:
    """A stored file (a path or an open binary stream, closed when sent) as an attachment named `filename`."""
    response = send_file(source, mimetype=mimetype or "application/octet-stream", as_attachment=False)
    response.headers["Content-Disposition"] = content_disposition(filename)
    return response


def csv_download(header, rows, filename: str) -> Response:
    """A CSV export (cells neutralised by corpus.exports) as an attachment."""
    return Response(csv_text(header, rows), mimetype="text/csv",
                    headers={"Content-Disposition": content_disposition(filename)})

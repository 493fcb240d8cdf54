"""Reading a report: the bytes as received, the text the spans point to, or a clear refusal.

A report is UTF-8 text, or an HTML page whose text is taken by the standard library's HTML
parser (scripts, styles and markup dropped, block elements ending lines); the spans of a draft
then point into that text, which is what is stored as the source. The input is read up to a
limit, so a huge file costs no more memory than the limit; unusable input raises
:class:`~anyi_kg.errors.BadInputError` naming what is wrong and where.
"""

from __future__ import annotations

import hashlib
import re
import sys
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import BinaryIO

from ..errors import BadInputError

MAX_BYTES = 2 * 1024 * 1024
"""The default limit: some 140 reports of the seed's size in one file."""

_HTML = re.compile(rb"^\s*(?:<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<meta[\s>])", re.I)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_BLOCKS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "dd",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "td",
        "th",
        "tr",
        "ul",
        "title",
    ]
)
_SKIPPED = frozenset({"script", "style", "noscript", "template", "head"})


@dataclass(frozen=True)
class Report:
    """A report as the extractor reads it."""

    name: str
    text: str
    media_type: str = "text/plain"
    warnings: list[str] = field(default_factory=list)

    @property
    def digest(self) -> str:
        """SHA-256 of the text as stored (UTF-8), in hex."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


def read_report(path: str, max_bytes: int = MAX_BYTES) -> Report:
    """Read ``path`` (``-`` for standard input) as a report, refusing unusable input."""
    name = "<stdin>" if path == "-" else path
    if path == "-":
        data = _read_limited(sys.stdin.buffer, name, max_bytes)
    else:
        file = Path(path)
        if file.is_dir():
            raise BadInputError(f"{name} is a directory, not a report")
        try:
            with file.open("rb") as stream:
                data = _read_limited(stream, name, max_bytes)
        except FileNotFoundError:
            raise BadInputError(f"{name}: no such file") from None
        except OSError as error:
            raise BadInputError(f"cannot read {name}: {error.strerror or error}") from None
    return decode(data, name)


def _read_limited(stream: BinaryIO, name: str, max_bytes: int) -> bytes:
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise BadInputError(
            f"{name} is larger than {max_bytes:,} bytes, the limit for one report "
            "(--max-bytes): split it into its reports"
        )
    return data


def decode(data: bytes, name: str) -> Report:
    """The report in ``data``: UTF-8 text, or the text of an HTML page."""
    if not data.strip():
        raise BadInputError(f"{name} is empty: there is no report to read")
    if b"\x00" in data:
        offset = data.index(b"\x00")
        raise BadInputError(f"{name} is binary, not text: a NUL byte at byte offset {offset}")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        bad = data[error.start : error.start + 1].hex()
        raise BadInputError(
            f"{name} is not UTF-8: byte 0x{bad} at byte offset {error.start} "
            f"({error.reason}); convert it to UTF-8 first"
        ) from None
    control = _CONTROL.search(text)
    if control is not None:
        offset = len(text[: control.start()].encode("utf-8"))
        raise BadInputError(
            f"{name} is binary, not text: control character U+{ord(control.group()):04X} "
            f"at byte offset {offset}"
        )
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _HTML.match(data[:1024]):
        return Report(name, html_text(text), "text/html", [f"{name}: HTML, read as its text"])
    return Report(name, text)


class _TextOfPage(HTMLParser):
    """The text of an HTML page, a line per block element, markup and scripts left out."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self.skipping += 1
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(re.sub(r"[ \t\n]+", " ", data))


def html_text(page: str) -> str:
    """The text of ``page``: one paragraph per block, separated by blank lines."""
    parser = _TextOfPage()
    parser.feed(page)
    parser.close()
    lines = (line.strip() for line in "".join(parser.parts).split("\n"))
    return "\n\n".join(line for line in lines if line) + "\n"

"""Decoding fetched or uploaded HTML bytes to text.

Feeds and press sites often declare one charset and send another, or send
Vietnamese text in the legacy Windows code page; this picks the first reading that
makes sense and never fails on a few bad bytes.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from django.utils.translation import gettext

from .results import SanitizeError

try:  # bleach depends on webencodings; it maps labels the way browsers do
    import webencodings
except ImportError:  # pragma: no cover
    webencodings = None

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# <meta charset=x>, <meta http-equiv=content-type content="...; charset=x">, <?xml encoding=x?>
_META_RE = re.compile(
    rb"""<meta[^>]{0,512}?charset\s*=\s*["']?\s*([a-zA-Z0-9._:-]{1,40})"""
    rb"""|<\?xml[^>]{0,200}?encoding\s*=\s*["']([a-zA-Z0-9._:-]{1,40})""",
    re.IGNORECASE,
)
# Characters that never occur in text: C0 controls other than whitespace, and U+FFFD.
_JUNK_RE = re.compile("[\x00-\x08\x0b\x0e-\x1f\ufffd]")
# Share of junk characters above which the bytes are not text in the chosen encoding.
_MAX_JUNK = 0.02
_LEGACY = ("windows-1258", "cp1252")


def _codec(label: str | bytes | None) -> str | None:
    """The Python codec name for a charset label, or None if it is unknown."""
    if not label:
        return None
    if isinstance(label, bytes):
        label = label.decode("ascii", "replace")
    label = label.strip().strip("\"'").lower()
    if webencodings is not None:
        # Only the labels browsers know: no UTF-7 (a classic way to hide "<script>").
        encoding = webencodings.lookup(label)
        if encoding is None:
            return None
        # The WHATWG "replacement" and "x-user-defined" encodings have no codec.
        info = getattr(encoding, "codec_info", None)
        label = info.name if info is not None else ""
    if not label or label.replace("-", "").replace("_", "") == "utf7":
        return None
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _readable(text: str) -> bool:
    """Whether ``text`` has few enough junk characters to be a correct reading."""
    junk = len(_JUNK_RE.findall(text))
    return junk <= 3 or junk <= len(text) * _MAX_JUNK


def decode_html_bytes(data: bytes, declared: str | None = None) -> str:
    """Decode HTML (or feed) bytes to text.

    Order: byte-order mark, then the ``declared`` charset (HTTP header or feed), then a
    ``<meta charset>`` or XML declaration in the first 4 KB, then UTF-16 if every other
    byte is NUL, then UTF-8, then the legacy
    Vietnamese and Western Windows code pages. The first of these that decodes the bytes
    without error wins; if none does, the first candidate that decodes them with only a
    few replaced sequences is used (a page in UTF-8 with one broken character stays UTF-8).
    Raises :class:`SanitizeError` only if the bytes are not text in any of them.
    """
    if not isinstance(data, bytes | bytearray | memoryview):
        raise TypeError("decode_html_bytes() takes bytes")
    data = bytes(data)
    if not data:
        return ""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, "replace")

    candidates: list[str] = []
    for label in (declared, _sniff_meta(data), _sniff_utf16(data), "utf-8"):
        codec = _codec(label)
        if codec and codec not in candidates:
            candidates.append(codec)
    for codec in candidates:
        try:
            text = data.decode(codec)
        except (UnicodeDecodeError, LookupError):
            continue
        if _readable(text):
            return _compose(codec, text)
    # Nothing decodes cleanly: accept a declared or UTF-8 reading with a few bad bytes
    # before guessing a legacy code page (which decodes anything, usually wrongly).
    for codec in candidates:
        text = data.decode(codec, "replace")
        if _readable(text) and _mostly_valid(text):
            return text
    for codec in _LEGACY:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if _readable(text):
            return _compose(codec, text)
    raise SanitizeError(
        gettext(
            "The content is not readable text: it may be a binary file or use an "
            "unknown character encoding."
        )
    )


def _mostly_valid(text: str) -> bool:
    """Whether the non-ASCII characters read are mostly right, not replacements.

    "Café" in cp1252 read as UTF-8 has one bad byte and nothing else beyond ASCII; a
    long UTF-8 article with one broken character has hundreds of good ones.
    """
    bad = text.count("\ufffd")
    good = sum(1 for char in text if char > "\x7f") - bad
    return good >= 4 * bad


def _compose(codec: str, text: str) -> str:
    # windows-1258 writes Vietnamese tone marks as combining characters; compose them
    # so that search and comparisons see the same letters as in UTF-8 text.
    return unicodedata.normalize("NFC", text) if codecs.lookup(codec).name == "cp1258" else text


def _sniff_utf16(data: bytes) -> str | None:
    """UTF-16 without a byte-order mark: ASCII markup leaves every other byte NUL."""
    sample = data[:4096]
    if sample.count(0) < len(sample) // 4:
        return None
    return "utf-16le" if sample[1::2].count(0) > sample[0::2].count(0) else "utf-16be"


def _sniff_meta(data: bytes) -> bytes | None:
    match = _META_RE.search(data, 0, 4096)
    if match is None:
        return None
    return match.group(1) or match.group(2)

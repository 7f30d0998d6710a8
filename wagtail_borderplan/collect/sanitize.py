"""The sanitiser: hostile HTML from feeds and pasted pages to Wagtail rich text.

One pass, built on bleach:

1. bleach's html5lib parser (entities left as written), with a tokenizer subclass: tags
   outside the policy are unwrapped as bleach does (and noted); block containers, inline
   formatting and links become private-use markers in the text rather than elements
   (see :data:`MARK`), so the tree builder never runs its costly active-formatting
   machinery; lists, headings, images and the elements removed with their content stay
   elements; nesting deeper than :data:`MAX_DEPTH` is flattened.
2. A walk over the tree (no re-parsing) that skips the removed elements without visiting
   them, maps tags to the rich-text features, checks and resolves URLs, wraps loose text
   in paragraphs, never opens a block without visible text (so no empty paragraphs),
   nests inline formatting properly and puts images at block level.
3. bleach's own :class:`~bleach.sanitizer.BleachSanitizerFilter` over that token stream
   with the policy's allowed tags, attributes and protocols, then bleach's serializer:
   the walk only ever emits allowed tokens, and bleach checks that again.

The output is Wagtail's database format and contains nothing but ``p``, the allowed
headings, ``b``, ``i``, ``a href``, lists, ``br`` and, as allowed, ``blockquote``,
``hr``, ``sup``, ``sub``, ``s``, ``code`` and the image embeds ``embed_image`` returns.
"""

from __future__ import annotations

import re
import secrets
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from html import unescape as _unescape
from urllib.parse import urljoin, urlsplit

from bleach import html5lib_shim
from bleach.html5lib_shim import HTMLTokenizer as _HTMLTokenizer
from bleach.sanitizer import BleachSanitizerFilter, Cleaner
from django.utils.translation import gettext

from .sanitize_encoding import decode_html_bytes

__all__ = [
    "ImageRef",
    "Policy",
    "SanitizeError",
    "Sanitized",
    "decode_html_bytes",
    "html_to_text",
    "policy_for_features",
    "sanitize_html",
]

#: Elements nested deeper than this are unwrapped (their text kept): html5lib's tree
#: building is quadratic in the nesting depth, and no article nests this deep.
MAX_DEPTH = 200

# Element kinds in the walk.
DROP, BLOCK, HEADING, LIST, ITEM, QUOTE, BR, HR, IMG, NOTHING = range(10)
_IMAGE_ATTRIBUTES = frozenset({"src", "alt", "data-src", "data-original", "data-lazy-src"})


def _tags(names: str) -> frozenset[str]:
    return frozenset(names.split())


#: Removed with everything inside them.
DROPPED_TAGS = _tags(
    "script style iframe frame frameset object embed applet param form input button "
    "select option optgroup textarea datalist keygen output noscript noembed "
    "noframes template svg math head title meta link base xml xmp audio video source "
    "track canvas area map dialog portal"
)
#: Private-use characters: the tokenizer writes block boundaries, inline formatting and
#: links as markers in the text, ``MARK + payload + MARK_END``; payload "" for a block
#: boundary, "+b"/"-b" to open/close an inline tag, "+a3" to open the link whose href
#: is ``parser.links[3]`` ("+a": a link without one). Input never contains them.
MARK = "\ue001"
MARK_END = "\ue002"
BOUNDARY = MARK + MARK_END
_MARK_RE = re.compile(f"{MARK}([^{MARK_END}]*){MARK_END}")
#: Block containers: they end the current paragraph (their text is kept).
BLOCK_TAGS = _tags(
    "p div section article header footer nav aside main figure figcaption table "
    "thead tbody tfoot tr td th caption colgroup col dl dt dd pre address center "
    "details summary fieldset legend hgroup body html listing"
)
_RAW_TEXT = _tags("script style textarea title xmp iframe noembed noframes noscript")
_VOID = _tags("br hr img input meta link base col param source track area embed")
_SVG = "{http://www.w3.org/2000/svg}"
_MATHML = "{http://www.w3.org/1998/Math/MathML}"
_FOREIGN = frozenset({_SVG[1:-1], _MATHML[1:-1]})
# HTML start tags that end svg/math content (html5lib's breakoutElements): inside it they
# reach the tree builder as they are, so that text after an unclosed <svg> is kept.
_BREAKOUT = _tags(
    "b big blockquote body br center code dd div dl dt em embed h1 h2 h3 h4 h5 h6 head hr "
    "i img li listing menu meta nobr ol p pre ruby s small span strong strike sub sup "
    "table tt u ul var"
)

# Feature name -> (output tag, input tags) for inline formatting.
_INLINE_FEATURES = {
    "bold": ("b", ("b", "strong")),
    "italic": ("i", ("i", "em")),
    "superscript": ("sup", ("sup",)),
    "subscript": ("sub", ("sub",)),
    "strikethrough": ("s", ("s", "strike", "del")),
    "code": ("code", ("code", "kbd", "samp", "tt")),
}
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
LINK_PROTOCOLS = frozenset({"http", "https", "mailto"})
IMAGE_PROTOCOLS = frozenset({"http", "https"})
# Text that makes a URL suspicious wherever it occurs (after entity decoding).
_SUSPICIOUS_URL_RE = re.compile(r"(?:java|vb|live)script:|expression\(|data:", re.IGNORECASE)
# What browsers ignore in a URL scheme: whitespace, controls, backtick, non-ASCII.
_URL_IGNORED_RE = re.compile(r"[`\x00-\x20\x7f-\xa0\s]+|[^\x00-\x7f]")
_SCHEME_RE = re.compile(r"([a-z][a-z0-9+.\-]*):")
_TAB_NEWLINE_RE = re.compile(r"[\t\n\r]")
# An absolute http(s) or mailto URL of printable ASCII only (the common case).
_SIMPLE_ABSOLUTE_RE = re.compile(r"(https?|mailto):[\x21-\x7e]*\Z", re.IGNORECASE)
# A relative path urljoin would append as is: no scheme, no dot segments, no query-only.
_PLAIN_PATH = r"(?!//)(?![./?#])(?![^/?#]*:)(?!.*(?:^|/)\.\.?(?:[/?#]|\Z))"
_PLAIN_PATH_RE = re.compile(_PLAIN_PATH)
# The same, of printable ASCII without character references.
_SIMPLE_RELATIVE_RE = re.compile(_PLAIN_PATH + r"[\x21-\x25\x27-\x7e]+\Z")
# C0 controls other than tab, newline, carriage return; the walk never keeps them.
_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Whitespace a paragraph may consist of without being worth keeping.
_BLANK = " \t\n\r\f\v\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u200b\u200c\u200d\u2028\u2029\u202f\u205f\u2060\u3000\ufeff"
_BLANK_ENTITY_RE = re.compile(
    r"&(?:nbsp|ensp|emsp|emsp13|emsp14|numsp|puncsp|thinsp|hairsp|ThinSpace|"
    r"MediumSpace|NegativeThinSpace|ZeroWidthSpace|zwnj|zwj|Tab|NewLine|"
    r"#0*(?:9|10|12|13|32|160|8203|8204|8205|8239|8288|12288|65279)|"
    r"#[xX]0*(?:9|[aAcCdD]|20|[aA]0|200[bBcCdD]|202[fF]|2060|3000|[fF][eE][fF][fF]));"
)


class SanitizeError(ValueError):
    """The input cannot be turned into rich text; the message says why, translated."""


@dataclass(frozen=True)
class ImageRef:
    src: str  # absolute http(s) URL, resolved against base_url
    alt: str


@dataclass
class Sanitized:
    html: str  # Wagtail rich text, database format, ready for RichTextField
    images: list[ImageRef] = field(default_factory=list)  # every http(s) <img>, in order
    dropped: list[str] = field(default_factory=list)  # notes for the review screen


@dataclass(frozen=True, eq=False)
class Policy:
    """What one list of rich-text features lets through; built by policy_for_features."""

    features: tuple[str, ...]
    #: Output tags (bleach's allowed tags), attributes and link protocols.
    tags: frozenset[str]
    attributes: dict[str, list[str]]
    protocols: frozenset[str]
    #: Input tag -> (kind, argument) for the tags kept in the parsed tree.
    kinds: dict[str, tuple[int, str | None]]
    #: Input tag -> output tag of the inline formatting and links (markers in the tree).
    inline: dict[str, str]
    #: Input heading -> output block tag (a heading, or "p").
    headings: dict[str, str]
    images: bool
    cleaner: Cleaner

    def bare_cleaner(self) -> Cleaner:
        """A plain bleach Cleaner with the same tags, attributes and protocols."""
        return Cleaner(
            tags=self.tags,
            attributes=self.attributes,
            protocols=self.protocols,
            strip=True,
            strip_comments=True,
        )


def default_features() -> list[str]:
    """The features of the article body field, resolved the way Wagtail does.

    The field's own ``features``, else the ``features`` in the OPTIONS of its editor in
    ``WAGTAILADMIN_RICH_TEXT_EDITORS``, else the feature registry's defaults.
    """
    from django.apps import apps
    from django.conf import settings
    from wagtail.rich_text import features as registry

    from ..conf import get_setting

    try:
        body = apps.get_model(get_setting("ARTICLE_MODEL"))._meta.get_field("body")
    except (LookupError, ValueError):
        body = None
    features = getattr(body, "features", None)
    if features is None:
        editor = getattr(body, "editor", "default")
        editors = getattr(settings, "WAGTAILADMIN_RICH_TEXT_EDITORS", {}) or {}
        options = (editors.get(editor) or {}).get("OPTIONS") or {}
        features = options.get("features")
    if features is None:
        features = registry.get_default_features()
    return list(features)


def policy_for_features(features: Sequence[str] | None = None) -> Policy:
    """The policy for these rich-text features (default: the article body's); cached."""
    if features is None:
        features = default_features()
    return _policy(tuple(features))


def _nearest_heading(tag: str, allowed: list[str]) -> str:
    if tag in allowed:
        return tag
    if not allowed:
        return "p"
    level = int(tag[1])
    # Nearest level; on a tie the more important one (h3 between h2 and h4 -> h2).
    return min(allowed, key=lambda h: (abs(int(h[1]) - level), int(h[1])))


@lru_cache(maxsize=32)
def _policy(features: tuple[str, ...]) -> Policy:
    enabled = set(features)
    tags = {"p", "br"}
    kinds: dict[str, tuple[int, str | None]] = {}
    for tag in DROPPED_TAGS:
        kinds[tag] = (DROP, None)
    inline: dict[str, str] = {}
    for feature, (out, inputs) in _INLINE_FEATURES.items():
        if feature in enabled:
            tags.add(out)
            inline.update((tag, out) for tag in inputs)
    if "link" in enabled:
        tags.add("a")
        inline["a"] = "a"
    allowed_headings = [h for h in _HEADINGS if h in enabled]
    tags.update(allowed_headings)
    headings = {h: _nearest_heading(h, allowed_headings) for h in _HEADINGS}
    for h in _HEADINGS:
        kinds[h] = (HEADING, headings[h])
    lists = [t for t in ("ul", "ol") if t in enabled]
    for tag in ("ul", "ol"):
        # A list type the features lack becomes the other type, or paragraphs.
        target = tag if tag in enabled else (lists[0] if lists else None)
        kinds[tag] = (LIST, target) if target else (BLOCK, None)
    kinds["li"] = (ITEM, None) if lists else (BLOCK, None)
    tags.update(lists)
    if lists:
        tags.add("li")
    if "blockquote" in enabled:
        tags.add("blockquote")
        kinds["blockquote"] = (QUOTE, None)
    else:
        kinds["blockquote"] = (BLOCK, None)
    if "hr" in enabled:
        tags.add("hr")
        kinds["hr"] = (HR, None)
    else:
        kinds["hr"] = (BLOCK, None)
    kinds["br"] = (BR, None)
    kinds["img"] = (IMG, None)
    attributes = {"a": ["href"]} if "a" in tags else {}
    cleaner = _PolicyCleaner(
        tags=frozenset(tags),
        attributes=attributes,
        protocols=LINK_PROTOCOLS,
        strip=True,
        strip_comments=True,
        parse_tags=frozenset(kinds) | BLOCK_TAGS | frozenset(inline),
        inline=inline,
    )
    return Policy(
        features=features,
        tags=frozenset(tags),
        attributes=attributes,
        protocols=LINK_PROTOCOLS,
        kinds=kinds,
        inline=inline,
        headings=headings,
        images="image" in enabled,
        cleaner=cleaner,
    )


# --- parsing -------------------------------------------------------------------------


_TAG_TYPES = html5lib_shim.TAG_TOKEN_TYPES
_START = html5lib_shim.TAG_TOKEN_TYPE_START
_END = html5lib_shim.TAG_TOKEN_TYPE_END
_CHARACTERS = html5lib_shim.TAG_TOKEN_TYPE_CHARACTERS
_NESTABLE_EXEMPT = _VOID | _RAW_TEXT
_FOREIGN_ROOTS = frozenset({"svg", "math"})
_INLINE_TAGS = [out for out, _inputs in _INLINE_FEATURES.values()] + ["a"]
_OPEN_MARKS = {name: f"{MARK}+{name}{MARK_END}" for name in _INLINE_TAGS}
_CLOSE_MARKS = {name: f"{MARK}-{name}{MARK_END}" for name in _INLINE_TAGS}


class _Tokenizer(html5lib_shim.BleachHTMLTokenizer):
    """bleach's tokenizer, writing markers, noting what it unwraps, flattening nesting.

    Does what bleach's ``emitCurrentToken`` does for stripped tags (a text token instead)
    in the same call, then hands the tags kept as elements to html5lib's.
    """

    def emitCurrentToken(self) -> None:
        token = self.currentToken
        kind = token["type"]
        if kind not in _TAG_TYPES:
            self.emitted_last_token = token
            return _HTMLTokenizer.emitCurrentToken(self)
        parser = self.parser
        name = token["name"].lower()
        if parser.foreign and kind == _START and name in _BREAKOUT:
            elements = parser.tree.openElements
            if elements and elements[-1].namespace in _FOREIGN:
                self.emitted_last_token = token
                return _HTMLTokenizer.emitCurrentToken(self)
        data = None  # the text that replaces the tag, if it does not become an element
        inline = parser.inline.get(name)
        if inline is not None:
            # Inline formatting and links become markers: the walk nests them itself,
            # and the tree builder's active-formatting machinery (the slowest part of
            # parsing an article) is not needed.
            if kind == _END:
                data = _CLOSE_MARKS[inline]
            else:
                data = _OPEN_MARKS[inline]
                attrs = token["data"]
                if attrs:
                    if inline == "a":
                        for pair in attrs:
                            if pair[0] == "href":  # the first one counts, as in browsers
                                data = f"{MARK}+a{len(parser.links)}{MARK_END}"
                                parser.links.append(pair[1])
                                break
                        attrs = [pair for pair in attrs if pair[0] != "href"]
                    if attrs:
                        elements = parser.tree.openElements
                        parser.stripped.append((None, attrs, elements[-1] if elements else None))
                if token.get("selfClosing") and inline != "a":
                    data = ""  # <b/> opens bold for the rest of a page in HTML: ignore it
        elif name in BLOCK_TAGS:
            # A block container only separates paragraphs: a marker in the text does
            # that without building (and walking) an element.
            data = BOUNDARY
            if token["data"] and kind == _START:
                elements = parser.tree.openElements
                parser.stripped.append((None, token["data"], elements[-1] if elements else None))
        elif name not in parser.tags:
            data = ""
            if kind == _START:
                # Noted at the end (see _Notes.unwrapped), with the element it was in.
                elements = parser.tree.openElements
                parser.stripped.append((name, token["data"], elements[-1] if elements else None))
        else:
            if name in _FOREIGN_ROOTS:
                if kind == _START:
                    parser.foreign = True
                elif parser.foreign:
                    # Still in foreign content after this end tag only if another svg
                    # or math is open around it.
                    roots = [e for e in parser.tree.openElements if e.name in _FOREIGN_ROOTS]
                    parser.foreign = len(roots) > 1
            if name not in _NESTABLE_EXEMPT:
                flattened = parser.flattened
                if kind == _START:
                    if len(parser.tree.openElements) >= MAX_DEPTH:
                        flattened[name] = flattened.get(name, 0) + 1
                        parser.notes.too_deep = True
                        data = ""
                elif flattened and flattened.get(name):
                    flattened[name] -= 1
                    data = ""
        if data is None:
            self.emitted_last_token = token
            return _HTMLTokenizer.emitCurrentToken(self)
        # What bleach's tokenizer does with a stripped tag: a text token instead.
        new_token = {"type": _CHARACTERS, "data": data}
        self.currentToken = self.emitted_last_token = new_token
        self.tokenQueue.append(new_token)
        self.state = self.dataState


class _Parser(html5lib_shim.BleachHTMLParser):
    inline: dict[str, str]  # input tag -> output inline tag, written as markers
    links: list[str]  # the hrefs of the link markers, in order
    notes: _Notes | None
    flattened: dict[str, int]  # tags unwrapped for depth, whose end tags to unwrap too
    stripped: list[tuple[str | None, list, object]]  # see _Notes.unwrapped
    foreign: bool  # an <svg> or <math> was seen

    def prepare(self, notes: _Notes | None) -> None:
        """Reset the per-parse state (also after a parse, to free it)."""
        self.notes = notes
        self.flattened = {}
        self.stripped = []
        self.links = []
        self.foreign = False

    def _parse(self, stream, innerHTML=False, container="div", scripting=True, **kwargs):
        # bleach's _parse with our tokenizer (scripting=True: <noscript> is raw text,
        # as in a browser with JavaScript on).
        self.innerHTMLMode = innerHTML
        self.container = container
        self.scripting = scripting
        self.tokenizer = _Tokenizer(
            stream=stream, consume_entities=self.consume_entities, parser=self, **kwargs
        )
        self.reset()
        try:
            self.mainLoop()
        except html5lib_shim.ReparseException:  # pragma: no cover (fragments never reparse)
            self.reset()
            self.mainLoop()


class _PolicyCleaner(Cleaner):
    """bleach's Cleaner whose parser keeps the structural tags for the walk.

    Cleaner and parser are not thread-safe; each thread gets its own parser.
    """

    def __init__(self, *, parse_tags: frozenset[str], inline: dict[str, str], **kwargs) -> None:
        super().__init__(**kwargs)
        self.parse_tags = parse_tags
        self.inline = inline
        self._local = threading.local()
        # Wagtail writes void elements as <br/>.
        self.serializer.use_trailing_solidus = True
        self.serializer.space_before_trailing_solidus = False

    @property
    def structure_parser(self) -> _Parser:
        parser = getattr(self._local, "parser", None)
        if parser is None:
            parser = _Parser(
                tags=self.parse_tags,
                strip=True,
                consume_entities=False,
                namespaceHTMLElements=False,
            )
            parser.inline = self.inline
            self._local.parser = parser
        return parser

    def render(self, tokens: Iterator[dict]) -> str:
        filtered = BleachSanitizerFilter(
            source=tokens,
            allowed_tags=self.tags,
            attributes=self.attributes,
            strip_disallowed_tags=True,
            strip_html_comments=True,
            allowed_protocols=self.protocols,
        )
        return self.serializer.render(filtered)


# --- notes ---------------------------------------------------------------------------


class _Notes:
    """What was removed, collected during one pass, turned into sentences at the end."""

    def __init__(self) -> None:
        self.dropped_tags: dict[str, None] = {}
        self.unwrapped_tags: dict[str, None] = {}
        self.handlers: dict[str, None] = {}
        self.attributes: dict[str, None] = {}
        self.links: dict[str, None] = {}
        self.images: dict[str, None] = {}
        self.failed_images: dict[str, None] = {}
        self.comments = False
        self.too_deep = False

    def unwrapped(self, stripped: list[tuple[str | None, list, object]]) -> None:
        """Note the tags the tokenizer unwrapped: (name or None for a block, attributes,
        the element they were in)."""
        for name, data, parent in stripped:
            # Inside an element removed with its content there is nothing to note.
            if parent is not None and (parent.name in DROPPED_TAGS or parent.namespace in _FOREIGN):
                continue
            if name is not None and ":" not in name:  # o:p, w:sdt...: Word's, not worth it
                self.unwrapped_tags[name] = None
            for pair in data:
                self.attribute(pair[0])

    def attribute(self, name: str) -> None:
        name = name.lower()
        if name.startswith("on"):
            self.handlers[name] = None
        else:
            self.attributes[name] = None

    def sentences(self) -> list[str]:
        notes = [
            gettext("Removed the <%(tag)s> element and its content.") % {"tag": tag}
            for tag in self.dropped_tags
        ]
        if self.comments:
            notes.append(gettext("Removed HTML comments."))
        if self.handlers:
            notes.append(
                gettext("Removed event-handler attributes: %(names)s.")
                % {"names": _list(self.handlers)}
            )
        notes.extend(
            gettext("Unlinked text whose address is not an http, https or mailto address: %(url)s")
            % {"url": url}
            for url in self.links
        )
        notes.extend(
            gettext("Removed an image whose address is not an http or https address: %(url)s")
            % {"url": url}
            for url in self.images
        )
        notes.extend(
            gettext("The image %(url)s could not be added; it was left out.") % {"url": url}
            for url in self.failed_images
        )
        if self.too_deep:
            notes.append(
                gettext("Unwrapped elements nested deeper than %(depth)s levels.")
                % {"depth": MAX_DEPTH}
            )
        if self.unwrapped_tags:
            notes.append(
                gettext("Removed tags, keeping their text: %(tags)s.")
                % {"tags": _list(self.unwrapped_tags)}
            )
        if self.attributes:
            notes.append(
                gettext("Removed attributes: %(names)s.") % {"names": _list(self.attributes)}
            )
        return notes


def _list(names: dict[str, None], limit: int = 12) -> str:
    shown = [_shorten(n, 30) for n in list(names)[:limit]]
    if len(names) > limit:
        shown.append("…")
    return ", ".join(shown)


def _shorten(text: str, limit: int = 100) -> str:
    text = " ".join(_CONTROL_RE.sub("", text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- URLs ----------------------------------------------------------------------------


def _decodings(raw: str) -> tuple[str, ...]:
    """The readings of an attribute value: as written, as bleach and browsers decode
    it (references ending in ";"), and as a lenient decoder would (legacy ones too)."""
    if "&" not in raw:
        return (raw,)
    if "&" not in raw.replace("&amp;", ""):  # the usual query string: one decoding
        return (raw, raw.replace("&amp;", "&"))
    return (raw, html5lib_shim.convert_entities(raw), _unescape(raw))


def _scheme(value: str) -> str | None:
    match = _SCHEME_RE.match(_URL_IGNORED_RE.sub("", value).lower())
    return match.group(1) if match else None


@lru_cache(maxsize=64)
def _base_parts(base_url: str) -> tuple[str, str] | None:
    """``(origin, directory)`` of an http(s) base URL, for joining plain relative paths."""
    parts = urlsplit(base_url)
    if parts.scheme.lower() not in IMAGE_PROTOCOLS or not parts.netloc:
        return None
    origin = f"{parts.scheme}://{parts.netloc}"
    return origin, origin + parts.path[: parts.path.rfind("/") + 1] if parts.path else origin + "/"


def _join(base_url: str, value: str) -> str:
    """``urljoin`` with a fast path for the usual "/path" and "path" (checked as urljoin)."""
    parts = _base_parts(base_url)
    if parts is not None and _PLAIN_PATH_RE.match(value):
        if value[0] == "/":
            return parts[0] + value
        return parts[1] + value
    return urljoin(base_url, value)


@lru_cache(maxsize=4096)
def clean_url(raw: str, base_url: str, protocols: frozenset[str]) -> tuple[str | None, str]:
    """``(url, decoded)``: the URL to keep (absolute, entities as in the input), or None.

    ``decoded`` is the URL with its character references decoded (for downloading).
    Relative URLs are resolved against ``base_url``; without one they are refused. A
    URL is refused if any reading of it has another scheme, or has ``javascript:`` and
    the like anywhere (``https://x/?next=javascript:…`` is a trap for a later step).
    """
    raw = raw.strip(_BLANK)
    if "\t" in raw or "\n" in raw or "\r" in raw:
        raw = _TAB_NEWLINE_RE.sub("", raw)  # what browsers ignore in URLs
    if not raw:
        return None, raw  # href="": the page it was on, meaningless here
    if base_url and _SIMPLE_RELATIVE_RE.match(raw):
        parts = _base_parts(base_url)
        if parts is not None:  # "/path" or "path" of printable ASCII: join directly
            value = (parts[0] if raw[0] == "/" else parts[1]) + raw
            if _SUSPICIOUS_URL_RE.search(value):
                return None, value
            return value, value
    readings = _decodings(raw)
    simple = _SIMPLE_ABSOLUTE_RE.match(raw)
    if simple is not None:
        # Plain ASCII after an http(s)/mailto scheme: references cannot change the
        # scheme, only hide "javascript:" further on.
        if simple.group(1).lower() not in protocols:
            return None, readings[-1]
        for reading in readings:
            if _SUSPICIOUS_URL_RE.search(reading):
                return None, readings[-1]
        return raw, readings[min(1, len(readings) - 1)]
    for reading in readings:
        squeezed = _URL_IGNORED_RE.sub("", reading).lower()
        if _SUSPICIOUS_URL_RE.search(squeezed):
            return None, readings[-1]
        match = _SCHEME_RE.match(squeezed)
        if match is not None and match.group(1) not in protocols:
            return None, readings[-1]
    value = readings[min(1, len(readings) - 1)]
    if _scheme(value) is not None:
        return raw, value
    # Relative; fragment-only links point nowhere once out of their page.
    if not base_url or value.startswith("#") or _scheme(base_url) not in IMAGE_PROTOCOLS:
        return None, value
    value = _join(base_url, value)
    if _scheme(value) not in protocols or _SUSPICIOUS_URL_RE.search(value):
        return None, value
    return value.replace("&", "&amp;"), value


# --- the walk ------------------------------------------------------------------------


def _blank(text: str) -> bool:
    """Whether ``text`` (raw, entities not decoded) shows nothing."""
    text = text.strip(_BLANK)
    if text and "&" in text:
        text = _BLANK_ENTITY_RE.sub("", text).strip(_BLANK)
    return not text


class _Walk:
    """Turns the parsed tree into a well-formed stream of rich-text tokens."""

    def __init__(
        self,
        policy: Policy,
        notes: _Notes,
        base_url: str,
        embed_image: Callable[[ImageRef], str | None] | None,
        links: list[str],
    ) -> None:
        self.kinds = policy.kinds
        self.links = links
        self.policy = policy
        self.notes = notes
        self.base_url = base_url
        self.embed_image = embed_image if policy.images else None
        self.out: list[dict] = []
        self.images: list[ImageRef] = []
        self.embeds: list[str] = []
        self.nonce = secrets.token_hex(12)
        self.block: str | None = None  # the open output block
        self.inline: list[tuple[str, dict]] = []  # open inline elements, outermost first
        self.inline_counts: dict[str, int] = {}
        self.heading: list[str] = []
        self.quote = 0
        self.list: list = []  # [output tag, emitted] of the open list (nested ones flatten)

    # blocks

    def open_block(self) -> None:
        out = self.out
        if self.list:
            if not self.list[1]:
                out.append({"type": "StartTag", "name": self.list[0], "data": {}})
                self.list[1] = True
            tag = "li"
        elif self.heading:
            tag = self.heading[-1]
        elif self.quote:
            tag = "blockquote"
        else:
            tag = "p"
        out.append({"type": "StartTag", "name": tag, "data": {}})
        for name, attrs in self.inline:
            out.append({"type": "StartTag", "name": name, "data": attrs})
        self.block = tag

    def close_block(self) -> None:
        if self.block is None:
            return
        out = self.out
        for name, _attrs in reversed(self.inline):
            self.end(name)
        # No line breaks or spaces at the end of a block.
        while True:
            last = out[-1]
            if last["type"] == "EmptyTag":
                out.pop()
            elif last["type"] == "Characters":
                data = last["data"].rstrip()
                if data:
                    last["data"] = data
                    break
                out.pop()
            else:
                break
        out.append({"type": "EndTag", "name": self.block, "data": {}})
        self.block = None

    def end(self, name: str) -> None:
        last = self.out[-1]
        if last["type"] == "StartTag" and last["name"] == name:
            self.out.pop()  # an empty inline element
        else:
            self.out.append({"type": "EndTag", "name": name, "data": {}})

    def close_list(self) -> None:
        if self.list and self.list[1]:
            self.out.append({"type": "EndTag", "name": self.list[0], "data": {}})
            self.list[1] = False

    def text(self, data: str) -> None:
        if MARK not in data:
            self.inline_text(data)
            return
        pieces = _MARK_RE.split(data)  # text, payload, text, payload, …, text
        if pieces[0]:
            self.inline_text(pieces[0])
        for at in range(1, len(pieces), 2):
            payload = pieces[at]
            rest = pieces[at + 1]
            if not payload:
                self.close_block()
            elif payload[0] == "+":
                if payload[1] == "a":
                    self.open_link(payload[2:])
                else:
                    self.open_inline(payload[1:], {})
            else:
                self.close_inline(payload[1:])
            if rest:
                self.inline_text(rest)

    def open_link(self, index: str) -> None:
        if "a" in self.inline_counts:  # a link ends the one before (no nested links)
            self.inline_counts["a"] = 1
            self.close_inline("a")
        if not index:
            return
        url, decoded = clean_url(self.links[int(index)], self.base_url, LINK_PROTOCOLS)
        if url is None:
            if not decoded.startswith("#") and decoded.strip():
                self.notes.links[_shorten(decoded)] = None
            return
        self.open_inline("a", {(None, "href"): url})

    def open_inline(self, name: str, attrs: dict) -> None:
        count = self.inline_counts.get(name, 0)
        self.inline_counts[name] = count + 1
        if count:
            return  # nested in the same formatting: only counted
        self.inline.append((name, attrs))
        if self.block is not None:
            self.out.append({"type": "StartTag", "name": name, "data": attrs})

    def close_inline(self, name: str) -> None:
        count = self.inline_counts.get(name, 0)
        if count > 1:
            self.inline_counts[name] = count - 1
            return
        if not count:
            return  # a stray end tag
        del self.inline_counts[name]
        inline = self.inline
        at = len(inline) - 1
        while inline[at][0] != name:
            at -= 1
        above = inline[at + 1 :]
        if self.block is not None:
            # Misnested (<b>1<i>2</b>3</i>): close what is inside and reopen it after,
            # as browsers do.
            for other, _attrs in reversed(above):
                self.end(other)
            self.end(name)
            for other, attrs in above:
                self.out.append({"type": "StartTag", "name": other, "data": attrs})
        del inline[at:]
        inline.extend(above)

    def inline_text(self, data: str) -> None:
        if self.block is None:
            if _blank(data):
                return
            self.open_block()
            data = data.lstrip()
        else:
            last = self.out[-1]
            if last["type"] == "Characters":  # one token: less work for bleach
                last["data"] += data
                return
        self.out.append({"type": "Characters", "data": data})

    # elements: start() returns the kind end_element() needs, or None to skip the subtree

    def start(self, element) -> int | None:
        tag = element.tag
        entry = self.kinds.get(tag)
        if entry is None:
            # Not a tag of the policy: an element that ended svg/math content (text kept)
            # or a foreign one (inside a removed svg/math, never reached).
            if tag.startswith("{"):
                entry = (DROP, None)
            else:
                entry = (BLOCK if tag in BLOCK_TAGS else NOTHING, None)
        kind, arg = entry
        attrib = element.attrib
        if kind == DROP:
            if tag.startswith(_SVG):
                tag = "svg"
            elif tag.startswith(_MATHML):
                tag = "math"
            elif tag.startswith("{"):
                tag = tag.rsplit("}", 1)[-1]
            self.notes.dropped_tags[tag] = None
            self.drain(element)
            return None
        if attrib:
            for name in attrib:
                if kind != IMG or name not in _IMAGE_ATTRIBUTES:
                    self.notes.attribute(name if isinstance(name, str) else str(name))
        if kind == BLOCK:
            self.close_block()
            return BLOCK
        if kind == HEADING:
            self.close_block()
            if arg == "p":
                return BLOCK
            self.heading.append(arg)
            return HEADING
        if kind == LIST:
            self.close_block()
            if self.list:
                return BLOCK  # nested lists are flattened into the outer one
            self.list = [arg, False]
            return LIST
        if kind == ITEM:
            self.close_block()
            return BLOCK
        if kind == QUOTE:
            self.close_block()
            self.quote += 1
            return QUOTE
        if kind == BR:
            if self.block is not None:
                self.out.append({"type": "EmptyTag", "name": "br", "data": {}})
            return NOTHING
        if kind == HR:
            self.close_block()
            self.close_list()
            if self.out and self.out[-1].get("name") != "hr":
                self.out.append({"type": "EmptyTag", "name": "hr", "data": {}})
            return NOTHING
        if kind == IMG:
            self.image(attrib)
            return NOTHING
        return NOTHING  # pragma: no cover

    def drain(self, element) -> None:
        """Apply the inline end markers inside a removed element that close formatting
        or a link opened before it (``<b>x<form></b></form>y``: y is not bold)."""
        balance: dict[str, int] = {}
        for text in element.itertext():
            if MARK not in text:
                continue
            for payload in _MARK_RE.findall(text):
                if not payload:
                    continue
                name = "a" if payload[1] == "a" else payload[1:]
                if payload[0] == "+":
                    balance[name] = balance.get(name, 0) + 1
                elif balance.get(name):
                    balance[name] -= 1
                else:
                    self.close_inline(name)

    def end_element(self, kind: int) -> None:
        if kind == BLOCK:
            self.close_block()
        elif kind == HEADING:
            self.close_block()
            self.heading.pop()
        elif kind == LIST:
            self.close_block()
            self.close_list()
            self.list = []
        elif kind == QUOTE:
            self.close_block()
            self.quote -= 1

    def image(self, attrib: dict) -> None:
        # Lazy-loading pages keep the real address in data-src and a placeholder in src.
        raw = None
        for name in ("data-src", "data-original", "data-lazy-src", "src"):
            value = attrib.get(name)
            if value and value.strip() and not value.strip().lower().startswith("data:"):
                raw = value
                break
        if raw is None:
            raw = attrib.get("src")
            if raw and raw.strip():
                self.notes.images[_shorten(raw)] = None
            return
        url, decoded = clean_url(raw, self.base_url, IMAGE_PROTOCOLS)
        if url is None:
            self.notes.images[_shorten(decoded)] = None
            return
        alt = " ".join(html5lib_shim.convert_entities(attrib.get("alt", "")).split())
        ref = ImageRef(src=decoded, alt=_CONTROL_RE.sub("", alt))
        self.images.append(ref)
        if self.embed_image is None:
            return
        embed = self.embed_image(ref)
        if not embed:
            self.notes.failed_images[_shorten(decoded)] = None
            return
        # Images are blocks in Wagtail's rich text: end the paragraph (and list) here;
        # the text after the image opens a new one of the same kind.
        self.close_block()
        self.close_list()
        placeholder = f"bpembed{self.nonce}n{len(self.embeds)}x"
        self.embeds.append(embed)
        self.out.append({"type": "Characters", "data": placeholder})

    def walk(self, root) -> list[dict]:
        if root.text:
            self.text(root.text)
        iterators = [iter(root)]
        open_elements: list = []
        start = self.start
        text = self.text
        while iterators:
            for child in iterators[-1]:
                tag = child.tag
                if tag.__class__ is not str:  # a comment (or processing instruction)
                    self.notes.comments = True
                elif (action := start(child)) is not None:
                    if len(child):
                        if child.text:
                            text(child.text)
                        open_elements.append((child, action))
                        iterators.append(iter(child))
                        break
                    if child.text:
                        text(child.text)
                    self.end_element(action)
                if child.tail:
                    text(child.tail)
            else:
                iterators.pop()
                if open_elements:
                    child, action = open_elements.pop()
                    self.end_element(action)
                    if child.tail:
                        text(child.tail)
        self.close_block()
        self.close_list()
        return self.out


# --- the API -------------------------------------------------------------------------


def sanitize_html(
    html: str,
    *,
    base_url: str = "",
    features: Sequence[str] | None = None,
    embed_image: Callable[[ImageRef], str | None] | None = None,
) -> Sanitized:
    """Sanitise ``html`` to Wagtail rich text (database format) for ``features``.

    ``base_url`` resolves relative links and image addresses. ``embed_image`` is called,
    when the features include ``image``, for each image in document order; it returns
    the ``<embed embedtype="image" …/>`` to put in its place, or None to leave it out.
    Without it, images are only listed in :attr:`Sanitized.images`.
    """
    if isinstance(html, bytes | bytearray):
        html = decode_html_bytes(bytes(html))
    if not isinstance(html, str):
        raise TypeError("sanitize_html() takes text; decode bytes with decode_html_bytes()")
    policy = policy_for_features(features)
    notes = _Notes()
    if not html.strip():
        return Sanitized(html="", images=[], dropped=[])
    cleaner = policy.cleaner
    parser = cleaner.structure_parser
    parser.prepare(notes)
    stripped, links = parser.stripped, parser.links
    if _CONTROL_RE.search(html):
        html = _CONTROL_RE.sub("", html)
    if MARK in html or MARK_END in html:
        html = html.replace(MARK, "").replace(MARK_END, "")
    try:
        root = parser.parseFragment(html)
    finally:
        parser.prepare(None)
    notes.unwrapped(stripped)
    walk = _Walk(policy, notes, base_url, embed_image, links)
    tokens = walk.walk(root)
    del root
    result = cleaner.render(iter(tokens)) if tokens else ""
    if walk.embeds:
        pattern = re.compile(rf"bpembed{walk.nonce}n(\d+)x")
        result = pattern.sub(lambda m: walk.embeds[int(m.group(1))], result)
    return Sanitized(html=result, images=walk.images, dropped=notes.sentences())


# html_to_text keeps these as elements (each separates words); block containers become
# boundary markers and everything else is unwrapped, as in sanitize_html.
_TEXT_PARSE_TAGS = (
    DROPPED_TAGS | BLOCK_TAGS | {"br", "li", "ul", "ol", "blockquote", "hr", *_HEADINGS}
)
_text_local = threading.local()


def _text_parser() -> _Parser:
    parser = getattr(_text_local, "parser", None)
    if parser is None:
        parser = _Parser(
            tags=_TEXT_PARSE_TAGS, strip=True, consume_entities=False, namespaceHTMLElements=False
        )
        parser.inline = {}
        _text_local.parser = parser
    return parser


def html_to_text(html: str, max_length: int | None = None) -> str:
    """Plain text of ``html`` (e.g. a feed summary for the intro).

    Tags are dropped (scripts, styles and the like with their content), entities
    decoded, whitespace collapsed to single spaces, and the text cut at a word boundary
    with "…" so that it is at most ``max_length`` characters long.
    """
    if not html or not html.strip():
        return ""
    if "<" not in html and "&" not in html:
        text = " ".join(html.split())
    else:
        html = _CONTROL_RE.sub("", html)
        if MARK in html or MARK_END in html:
            html = html.replace(MARK, "").replace(MARK_END, "")
        parser = _text_parser()
        parser.prepare(_Notes())
        try:
            root = parser.parseFragment(html)
        finally:
            parser.prepare(None)
        parts: list[str] = [root.text or ""]
        iterators = [iter(root)]
        tails: list = []
        while iterators:
            for child in iterators[-1]:
                tag = child.tag
                if tag.__class__ is str and tag not in DROPPED_TAGS and not tag.startswith("{"):
                    parts.append(" ")  # every element kept here separates words
                    if child.text:
                        parts.append(child.text)
                    if len(child):
                        tails.append(child)
                        iterators.append(iter(child))
                        break
                    parts.append(" ")
                if child.tail:
                    parts.append(child.tail)
            else:
                iterators.pop()
                if tails:
                    parts.append(" ")
                    child = tails.pop()
                    if child.tail:
                        parts.append(child.tail)
        text = "".join(parts).replace(MARK, " ").replace(MARK_END, " ")
        text = " ".join(_unescape(text).split())
    if max_length is not None and len(text) > max_length:
        if max_length <= 1:
            return "…"[:max_length]
        cut = text[: max_length - 1]
        space = cut.rfind(" ")
        if space > max_length // 2 and not text[max_length - 1].isspace():
            cut = cut[:space]
        text = cut.rstrip(" ,;:.-–—") + "…"
    return text

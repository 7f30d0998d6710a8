"""Everything done with bleach and html5lib; the only module of ours that imports them.

- Parsing: bleach's html5lib parser (entities left as written) with a tokenizer subclass
  that unwraps the tags outside the policy as bleach does (noting them), writes block
  containers, inline formatting and links as markers in the text (see
  :mod:`.characters`) so that the tree builder never runs its costly active-formatting
  machinery, and flattens nesting deeper than :data:`~.policy.MAX_DEPTH`.
- Rendering: the walk's token stream written out with bleach's rules for character
  references (kept as written where bleach keeps them, every other ``&``, ``<``, ``>``
  escaped), keeping only the policy's tags and attributes.
- ``convert_entities``: how bleach (and browsers) decode references in attribute values.

Parsers are not thread-safe: each thread gets its own.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable

from bleach import html5lib_shim
from bleach.html5lib_shim import HTMLTokenizer as _HTMLTokenizer
from bleach.sanitizer import Cleaner

from .characters import BOUNDARY, MARK, MARK_END
from .notes import Notes
from .policy import (
    BLOCK_TAGS,
    BREAKOUT,
    FOREIGN,
    INLINE_FEATURES,
    MAX_DEPTH,
    RAW_TEXT,
    VOID,
    Policy,
)

#: bleach's decoding of character references (those ending in ";", as browsers do in
#: attribute values); the walk and the URL checks read attribute values with it.
convert_entities = html5lib_shim.convert_entities

_TAG_TYPES = html5lib_shim.TAG_TOKEN_TYPES
_START = html5lib_shim.TAG_TOKEN_TYPE_START
_END = html5lib_shim.TAG_TOKEN_TYPE_END
_CHARACTERS = html5lib_shim.TAG_TOKEN_TYPE_CHARACTERS
_NESTABLE_EXEMPT = VOID | RAW_TEXT
_FOREIGN_ROOTS = frozenset({"svg", "math"})
_INLINE_TAGS = [out for out, _inputs in INLINE_FEATURES.values()] + ["a"]
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
        if parser.foreign and kind == _START and name in BREAKOUT:
            elements = parser.tree.openElements
            if elements and elements[-1].namespace in FOREIGN:
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
                # Noted at the end (see Notes.unwrapped), with the element it was in.
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
    notes: Notes | None
    flattened: dict[str, int]  # tags unwrapped for depth, whose end tags to unwrap too
    stripped: list[tuple[str | None, list, object]]  # see Notes.unwrapped
    foreign: bool  # an <svg> or <math> was seen

    def prepare(self, notes: Notes | None) -> None:
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


_parsers = threading.local()


def structure_parser(policy: Policy) -> _Parser:
    """This thread's parser for ``policy``; call ``prepare(notes)`` before parsing."""
    by_features = getattr(_parsers, "by_features", None)
    if by_features is None:
        by_features = _parsers.by_features = {}
    parser = by_features.get(policy.features)
    if parser is None:
        parser = _Parser(
            tags=policy.parse_tags,
            strip=True,
            consume_entities=False,
            namespaceHTMLElements=False,
        )
        parser.inline = policy.inline
        by_features[policy.features] = parser
    return parser


# --- rendering -----------------------------------------------------------------------
# The walk emits well-formed tokens of the policy only, and the nh3 gate checks the
# result independently; what is left to do is what bleach's sanitizer filter and
# serializer did with them (a sixth of the time of a pass), written out directly.

_next_possible_entity = html5lib_shim.next_possible_entity
_match_entity = html5lib_shim.match_entity
_convert_entity = html5lib_shim.convert_entity


def _text(data: str) -> str:
    """Text as bleach writes it: the references it recognises kept as written."""
    if "&" not in data:
        if "<" in data or ">" in data:
            return data.replace("<", "&lt;").replace(">", "&gt;")
        return data
    parts = []
    for part in _next_possible_entity(data):
        if not part:
            continue
        if part[0] == "&":
            entity = _match_entity(part)
            if entity is not None:
                parts.append("&amp;" if entity == "amp" else f"&{entity};")
                part = part[len(entity) + 2 :]
                if not part:
                    continue
        parts.append(part.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))
    return "".join(parts)


def _attribute(value: str) -> str:
    """An attribute value as bleach writes it: only unambiguous references kept."""
    if "&" in value:
        parts = []
        for part in _next_possible_entity(value):
            if not part:
                continue
            if part[0] == "&":
                entity = _match_entity(part)
                if entity is not None and _convert_entity(entity) is not None:
                    parts.append(f"&{entity};")
                    part = part[len(entity) + 2 :]
                    if not part:
                        continue
            parts.append(part.replace("&", "&amp;"))
        value = "".join(parts)
    return value.replace("<", "&lt;").replace('"', "&quot;")


def render(policy: Policy, tokens: Iterable[dict]) -> str:
    """The walk's tokens as HTML; tags and attributes outside ``policy`` are left out
    (text kept), as bleach's filter would."""
    tags = policy.tags
    attributes = policy.attributes
    out: list[str] = []
    for token in tokens:
        kind = token["type"]
        if kind == "Characters":
            out.append(_text(token["data"]))
            continue
        name = token["name"]
        if name not in tags:
            continue
        if kind == "EndTag":
            out.append(f"</{name}>")
        elif kind == "EmptyTag":
            out.append(f"<{name}/>")  # Wagtail writes void elements as <br/>
        elif token["data"]:
            allowed = attributes.get(name, ())
            attrs = "".join(
                f' {key[1]}="{_attribute(value)}"'
                for key, value in token["data"].items()
                if key[1] in allowed
            )
            out.append(f"<{name}{attrs}>")
        else:
            out.append(f"<{name}>")
    return "".join(out)


def bare_cleaner(policy: Policy) -> Cleaner:
    """A plain bleach Cleaner with the policy's tags, attributes and protocols (the
    benchmark's baseline)."""
    return Cleaner(
        tags=policy.tags,
        attributes=policy.attributes,
        protocols=policy.protocols,
        strip=True,
        strip_comments=True,
    )


_text_local = threading.local()


def text_parser(tags: frozenset[str]) -> _Parser:
    """This thread's parser for plain text, keeping ``tags`` as elements (the first
    call's tags count)."""
    parser = getattr(_text_local, "parser", None)
    if parser is None:
        parser = _Parser(tags=tags, strip=True, consume_entities=False, namespaceHTMLElements=False)
        parser.inline = {}
        _text_local.parser = parser
    return parser

"""The walk: the parsed tree to a well-formed stream of rich-text tokens."""

from __future__ import annotations

import secrets
from collections.abc import Callable

from .bleach_pass import convert_entities
from .characters import BLANK, BLANK_ENTITY_RE, CONTROL_RE, MARK, MARK_RE
from .notes import Notes, shorten
from .policy import (
    BLOCK,
    BLOCK_TAGS,
    BR,
    DROP,
    HEADING,
    HR,
    IMAGE_ATTRIBUTES,
    IMAGE_PROTOCOLS,
    IMG,
    ITEM,
    LINK_PROTOCOLS,
    LIST,
    MATHML,
    NOTHING,
    QUOTE,
    SVG,
    Policy,
)
from .results import ImageRef
from .urls import clean_url


def _blank(text: str) -> bool:
    """Whether ``text`` (raw, entities not decoded) shows nothing."""
    text = text.strip(BLANK)
    if text and "&" in text:
        text = BLANK_ENTITY_RE.sub("", text).strip(BLANK)
    return not text


class Walk:
    """Turns the parsed tree into a well-formed stream of rich-text tokens."""

    def __init__(
        self,
        policy: Policy,
        notes: Notes,
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
        pieces = MARK_RE.split(data)  # text, payload, text, payload, …, text
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
                self.notes.links[shorten(decoded)] = None
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
            if last["type"] == "Characters":  # one token: less work rendering it
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
            if tag.startswith(SVG):
                tag = "svg"
            elif tag.startswith(MATHML):
                tag = "math"
            elif tag.startswith("{"):
                tag = tag.rsplit("}", 1)[-1]
            self.notes.dropped_tags[tag] = None
            self.drain(element)
            return None
        if attrib:
            for name in attrib:
                if kind != IMG or name not in IMAGE_ATTRIBUTES:
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
            for payload in MARK_RE.findall(text):
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
                self.notes.images[shorten(raw)] = None
            return
        url, decoded = clean_url(raw, self.base_url, IMAGE_PROTOCOLS)
        if url is None:
            self.notes.images[shorten(decoded)] = None
            return
        alt = " ".join(convert_entities(attrib.get("alt", "")).split())
        ref = ImageRef(src=decoded, alt=CONTROL_RE.sub("", alt))
        self.images.append(ref)
        if self.embed_image is None:
            return
        embed = self.embed_image(ref)
        if not embed:
            self.notes.failed_images[shorten(decoded)] = None
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

"""Plain text of HTML, e.g. a feed summary for an article's intro."""

from __future__ import annotations

from html import unescape as _unescape

from .bleach_pass import text_parser
from .characters import CONTROL_RE, MARK, MARK_END
from .notes import Notes
from .policy import BLOCK_TAGS, DROPPED_TAGS, HEADINGS

# html_to_text keeps these as elements (each separates words); block containers become
# boundary markers and everything else is unwrapped, as in sanitize_html.
_TEXT_PARSE_TAGS = (
    DROPPED_TAGS | BLOCK_TAGS | {"br", "li", "ul", "ol", "blockquote", "hr", *HEADINGS}
)


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
        html = CONTROL_RE.sub("", html)
        if MARK in html or MARK_END in html:
            html = html.replace(MARK, "").replace(MARK_END, "")
        parser = text_parser(_TEXT_PARSE_TAGS)
        parser.prepare(Notes())
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

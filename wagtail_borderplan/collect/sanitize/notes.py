"""What one pass removed, as translated sentences for the review screen."""

from __future__ import annotations

from django.utils.translation import gettext

from .characters import CONTROL_RE
from .policy import DROPPED_TAGS, FOREIGN, MAX_DEPTH


class Notes:
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
            if parent is not None and (parent.name in DROPPED_TAGS or parent.namespace in FOREIGN):
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
    shown = [shorten(n, 30) for n in list(names)[:limit]]
    if len(names) > limit:
        shown.append("…")
    return ", ".join(shown)


def shorten(text: str, limit: int = 100) -> str:
    text = " ".join(CONTROL_RE.sub("", text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"

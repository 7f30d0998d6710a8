"""What the sanitiser returns, and the error it raises."""

from __future__ import annotations

from dataclasses import dataclass, field


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

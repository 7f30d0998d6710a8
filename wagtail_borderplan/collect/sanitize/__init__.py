"""The sanitiser: hostile HTML from feeds and pasted pages to Wagtail rich text.

One pass (:mod:`.pipeline`), one concept per module:

- :mod:`.policy`: what the rich-text features let through, and what every other tag
  becomes; every later stage reads this one policy.
- :mod:`.bleach_pass`: bleach's html5lib parser with a tokenizer that unwraps what the
  policy lacks and writes blocks, formatting and links as markers; the walk's tokens
  written out with bleach's rules for character references. The only module importing
  bleach or html5lib.
- :mod:`.walk`: the parsed tree to a well-formed token stream: paragraphs, headings,
  lists, properly nested formatting, checked links, images at block level.
- :mod:`.urls`: link and image addresses checked and resolved.
- :mod:`.gate`: nh3 (Ammonia) with the policy's allow-list, the last step before the
  image embeds go in and anything is stored.
- :mod:`.notes`: what was removed, as sentences for the review screen.
- :mod:`.text`: plain text of HTML; :mod:`.encoding`: bytes to text.

The output is Wagtail's database format and contains nothing but ``p``, the allowed
headings, ``b``, ``i``, ``a href``, lists, ``br`` and, as allowed, ``blockquote``,
``hr``, ``sup``, ``sub``, ``s``, ``code`` and the image embeds ``embed_image`` returns.
"""

from __future__ import annotations

from .encoding import decode_html_bytes
from .pipeline import sanitize_html
from .policy import IMAGE_PROTOCOLS, LINK_PROTOCOLS, Policy, default_features, policy_for_features
from .results import ImageRef, Sanitized, SanitizeError
from .text import html_to_text
from .urls import clean_url

__all__ = [
    "IMAGE_PROTOCOLS",
    "LINK_PROTOCOLS",
    "ImageRef",
    "Policy",
    "SanitizeError",
    "Sanitized",
    "clean_url",
    "decode_html_bytes",
    "default_features",
    "html_to_text",
    "policy_for_features",
    "sanitize_html",
]

"""The pass: parse, walk, render, the nh3 gate, then the image embeds."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from . import gate
from .bleach_pass import render, structure_parser
from .characters import CONTROL_RE, MARK, MARK_END
from .encoding import decode_html_bytes
from .notes import Notes
from .policy import policy_for_features
from .results import ImageRef, Sanitized
from .walk import Walk


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
    notes = Notes()
    if not html.strip():
        return Sanitized(html="", images=[], dropped=[])
    parser = structure_parser(policy)
    parser.prepare(notes)
    stripped, links = parser.stripped, parser.links
    if CONTROL_RE.search(html):
        html = CONTROL_RE.sub("", html)
    if MARK in html or MARK_END in html:
        html = html.replace(MARK, "").replace(MARK_END, "")
    try:
        root = parser.parseFragment(html)
    finally:
        parser.prepare(None)
    notes.unwrapped(stripped)
    walk = Walk(policy, notes, base_url, embed_image, links)
    tokens = walk.walk(root)
    del root
    result = gate.gate_html(render(policy, tokens), policy) if tokens else ""
    if walk.embeds:
        # The embeds go in after the gate, through a random per-call placeholder (plain
        # text, which the gate keeps): Ammonia would drop <embed> (not a tag of the
        # policy), and allowing it would let it rewrite the string embed_image built
        # (<embed …/> to <embed …>, "&gt;" in alt to ">"), which Wagtail's rewriter, a
        # regular expression for <embed …/>, would no longer find. The string is ours,
        # built from escaped values; nothing in the input becomes an <embed> (removed
        # by the walk and again by the gate).
        pattern = re.compile(rf"bpembed{walk.nonce}n(\d+)x")
        result = pattern.sub(lambda m: walk.embeds[int(m.group(1))], result)
    return Sanitized(html=result, images=walk.images, dropped=notes.sentences())

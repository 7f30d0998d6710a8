"""The policy: what each tag becomes, derived from the rich-text features.

Every later stage reads the same :class:`Policy`: the tokenizer and the walk (which tags
are kept, unwrapped or removed), the rendering and the nh3 gate (the allowed tags,
attributes and protocols).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

#: building is quadratic in the nesting depth, and no article nests this deep.
MAX_DEPTH = 200

# Element kinds in the walk.
DROP, BLOCK, HEADING, LIST, ITEM, QUOTE, BR, HR, IMG, NOTHING = range(10)
IMAGE_ATTRIBUTES = frozenset({"src", "alt", "data-src", "data-original", "data-lazy-src"})


def _tags(names: str) -> frozenset[str]:
    return frozenset(names.split())


#: Removed with everything inside them.
DROPPED_TAGS = _tags(
    "script style iframe frame frameset object embed applet param form input button "
    "select option optgroup textarea datalist keygen output noscript noembed "
    "noframes template svg math head title meta link base xml xmp audio video source "
    "track canvas area map dialog portal"
)
#: Block containers: they end the current paragraph (their text is kept).
BLOCK_TAGS = _tags(
    "p div section article header footer nav aside main figure figcaption table "
    "thead tbody tfoot tr td th caption colgroup col dl dt dd pre address center "
    "details summary fieldset legend hgroup body html listing"
)
RAW_TEXT = _tags("script style textarea title xmp iframe noembed noframes noscript")
VOID = _tags("br hr img input meta link base col param source track area embed")
SVG = "{http://www.w3.org/2000/svg}"
MATHML = "{http://www.w3.org/1998/Math/MathML}"
FOREIGN = frozenset({SVG[1:-1], MATHML[1:-1]})
# HTML start tags that end svg/math content (html5lib's breakoutElements): inside it they
# reach the tree builder as they are, so that text after an unclosed <svg> is kept.
BREAKOUT = _tags(
    "b big blockquote body br center code dd div dl dt em embed h1 h2 h3 h4 h5 h6 head hr "
    "i img li listing menu meta nobr ol p pre ruby s small span strong strike sub sup "
    "table tt u ul var"
)

# Feature name -> (output tag, input tags) for inline formatting.
INLINE_FEATURES = {
    "bold": ("b", ("b", "strong")),
    "italic": ("i", ("i", "em")),
    "superscript": ("sup", ("sup",)),
    "subscript": ("sub", ("sub",)),
    "strikethrough": ("s", ("s", "strike", "del")),
    "code": ("code", ("code", "kbd", "samp", "tt")),
}
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
LINK_PROTOCOLS = frozenset({"http", "https", "mailto"})
IMAGE_PROTOCOLS = frozenset({"http", "https"})


@dataclass(frozen=True, eq=False)
class Policy:
    """What one list of rich-text features lets through; built by policy_for_features."""

    features: tuple[str, ...]
    #: Output tags (the allowed tags of the rendering and of the nh3 gate), attributes
    #: and link protocols.
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
    #: The tags the tokenizer hands to the tree builder or turns into markers.
    parse_tags: frozenset[str]


def default_features() -> list[str]:
    """The features of the article body field, resolved the way Wagtail does.

    The field's own ``features``, else the ``features`` in the OPTIONS of its editor in
    ``WAGTAILADMIN_RICH_TEXT_EDITORS``, else the feature registry's defaults.
    """
    from django.apps import apps
    from django.conf import settings
    from wagtail.rich_text import features as registry

    from ...conf import get_setting

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
    for feature, (out, inputs) in INLINE_FEATURES.items():
        if feature in enabled:
            tags.add(out)
            inline.update((tag, out) for tag in inputs)
    if "link" in enabled:
        tags.add("a")
        inline["a"] = "a"
    allowed_headings = [h for h in HEADINGS if h in enabled]
    tags.update(allowed_headings)
    headings = {h: _nearest_heading(h, allowed_headings) for h in HEADINGS}
    for h in HEADINGS:
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
    return Policy(
        features=features,
        tags=frozenset(tags),
        attributes=attributes,
        protocols=LINK_PROTOCOLS,
        kinds=kinds,
        inline=inline,
        headings=headings,
        images="image" in enabled,
        parse_tags=frozenset(kinds) | BLOCK_TAGS | frozenset(inline),
    )

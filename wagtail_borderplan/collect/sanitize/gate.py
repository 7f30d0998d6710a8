"""The final gate: nh3 (Ammonia) over the rendered HTML, before anything is stored.

bleach 6.4 is its last release and its repository is archived; Ammonia is maintained.
The gate's allow-list is the policy's own (tags, attributes, protocols), so it keeps
everything the walk emits and removes anything else, should an earlier stage ever let
it through: other tags (the content of the ones removed with their content goes too),
other attributes (Ammonia's default lang and title too), URLs with other schemes or
relative ones (the walk resolves every URL), comments.

Its output is html5ever's serialisation: character references decoded to characters
(except ``&amp;``, ``&lt;``, ``&gt;``, ``&quot;`` in attributes and ``&nbsp;``), and
``<br/>``/``<hr/>`` written back as Wagtail writes them.
"""

from __future__ import annotations

from functools import lru_cache

import nh3

from .policy import DROPPED_TAGS, Policy


@lru_cache(maxsize=32)
def _cleaner(policy: Policy) -> nh3.Cleaner:
    # One per policy, built on first use.
    return nh3.Cleaner(
        tags=set(policy.tags),
        # "*": none on every tag; Ammonia otherwise allows lang and title everywhere.
        attributes={"*": set()} | {tag: set(names) for tag, names in policy.attributes.items()},
        url_schemes=set(policy.protocols),
        url_relative="deny",
        # Rich text stores no rel; Wagtail's front end renders links as it sees fit.
        link_rel=None,
        strip_comments=True,
        clean_content_tags=set(DROPPED_TAGS - policy.tags),
    )


def gate_html(html: str, policy: Policy) -> str:
    """``html`` with nothing outside ``policy``'s tags, attributes and protocols."""
    if not html:
        return html
    html = _cleaner(policy).clean(html)
    # Ammonia writes void elements as <br>; Wagtail's database format has <br/>. Text
    # and attribute values never hold a raw "<" in its output, so this only meets tags.
    if "<br>" in html:
        html = html.replace("<br>", "<br/>")
    if "<hr>" in html:
        html = html.replace("<hr>", "<hr/>")
    return html

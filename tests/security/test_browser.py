"""The worst hostile inputs, collected through a real feed and published, rendered in
Debian's Chromium: no alert, no console marker, no request to the planted URL, even
after clicking, hovering and focusing everything in the article body."""

import pytest

from tests.factories import make_plan
from tests.hostile import feed_of, hostile_inputs
from wagtail_borderplan.collect.collector import collect_source
from wagtail_borderplan.models import BorderArticlePage, FeedSource

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The classes that aim at running script in the page; the size and nesting classes are
# about the server and have their own tests.
WORST = (
    "mutation",
    "js-url",
    "handlers",
    "clobbering",
    "css",
    "comments",
    "exfil",
    "active",
    "forgery",
    "malformed",
    "unicode",
    "paste",
)

# Runs in every page before its own scripts: any handler that fires leaves a trace.
TRAP = """
window.__bp = [];
window.alert = window.confirm = window.prompt = (m) => window.__bp.push('dialog:' + m);
// Clicks run their handlers but never navigate away (hrefs are checked as the browser
// resolves them, below).
window.addEventListener('click', (event) => event.preventDefault(), true);
"""

# Hover, focus and click every element of the body, as a curious reader would.
POKE = """
() => {
  for (const el of document.querySelectorAll('.bp-body *')) {
    for (const type of ['mouseover', 'mouseenter', 'focus', 'click', 'animationstart']) {
      el.dispatchEvent(new Event(type, {bubbles: true}));
    }
    if (el.click) { el.click(); }
  }
  const schemes = [...document.querySelectorAll('.bp-body [href], .bp-body [src]')]
    .map((el) => new URL(el.href || el.src, location.href).protocol);
  return {count: document.querySelectorAll('.bp-body *').length, schemes};
}
"""


def test_no_script_runs_on_the_public_pages(browser, live_server, portals, feeds):
    planted = feeds.url("/planted")
    feeds.add("/planted", "planted", content_type="text/plain")
    inputs = [(n, v) for n, v in hostile_inputs(planted) if n.split("/")[0] in WORST]
    assert len(inputs) >= 150
    feeds.add("/hostile", feed_of(inputs, feeds))
    source = FeedSource.objects.create(
        name="Nguồn thử",
        feed_url=feeds.url("/hostile"),
        index_page=portals["provincial"],
        plan=make_plan(),
    )
    result = collect_source(source)
    assert len(result.imported) == len(inputs), [i.error for i in result.failed]
    # Downloading images is the collector's job (the server fetched them, under limits);
    # from here on, the only thing that could request the planted URL is the browser.
    server_side = feeds.hits("/planted")
    urls = []
    for item in result.imported:
        article = BorderArticlePage.objects.get(pk=item.page_id)
        article.get_latest_revision().publish()
        urls.append((item.key, article.get_url_parts()[2]))

    context = browser.new_context(base_url=live_server.url, java_script_enabled=True)
    context.add_init_script(TRAP)
    seen = {"dialogs": [], "console": [], "planted": [], "errors": []}

    def route(route):
        # Only the live server answers; the planted URL is noted, everything else
        # (external links a click follows) is refused without leaving this machine.
        url = route.request.url
        if url.startswith(planted) or "/planted" in url:
            seen["planted"].append(url)
            route.abort()
        elif url.startswith(live_server.url):
            route.continue_()
        else:
            route.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("dialog", lambda dialog: (seen["dialogs"].append(dialog.message), dialog.dismiss()))
    page.on(
        "console", lambda message: "BPXSS" in message.text and seen["console"].append(message.text)
    )
    poked = 0
    for name, path in urls:
        page.goto(live_server.url + path)
        assert page.locator("article.bp-article").count() == 1, name
        report = page.evaluate(POKE)
        poked += report["count"]
        assert set(report["schemes"]) <= {"http:", "https:", "mailto:"}, (name, report)
        page.wait_for_timeout(20)
        trace = page.evaluate("window.__bp || []") if page.url.startswith(live_server.url) else []
        assert not trace, f"{name}: {trace}"
        assert not seen["dialogs"] and not seen["console"], (name, seen)
        assert not seen["planted"], (name, seen["planted"])
    # The control: the same checks on a body stored *without* the sanitiser must see
    # the script run, or the checks above prove nothing.
    from tests.factories import make_article

    control = make_article(
        portals["provincial"],
        "Đối chứng",
        body=f'<p><img src="{planted}" onerror="alert(1)"><a href="javascript:alert(2)">x</a></p>',
    )
    page.goto(live_server.url + control.get_url_parts()[2])
    report = page.evaluate(POKE)
    page.wait_for_timeout(200)
    assert "dialog:1" in page.evaluate("window.__bp")
    assert "javascript:" in report["schemes"]
    assert seen["planted"]
    context.close()
    assert feeds.hits("/planted") == server_side
    assert poked > 0  # the bodies were not empty: there was something to click

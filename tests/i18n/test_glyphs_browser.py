"""Lao, Khmer and Chinese editions render with real glyphs in Chromium, not empty boxes.

Chromium reports, through the DevTools protocol (``CSS.getPlatformFontsForNode``), which
fonts drew a node's text. A Lao or Khmer title drawn only by the app's web fonts has no
glyph missing: a character outside them would need a fallback font, or none (tofu).
The test machine has no Lao or Khmer system font, so the web fonts are what readers
without one would see. Chinese comes from the reader's system fonts (every device that
reads Chinese has one; a web font would weigh megabytes): here, a font that declares
Simplified Chinese (``fc-list :lang=zh-cn``; CI installs fonts-wqy-microhei). Screenshots
are kept in the test's temporary directory.
"""

from __future__ import annotations

import subprocess

import pytest
from wagtail.models import Locale

from tests.factories import make_article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EDITIONS = {
    # Titles without spaces or Latin characters (none of these scripts spaces words), so
    # that every glyph of them must come from a font of the script: the shipped web font
    # (Lao, Khmer) or a system font that has the script (Chinese: None).
    "lo": ("ການປັກຫຼັກໝາຍຊາຍແດນຫວຽດນາມລາວ", "Noto Sans Lao"),
    "km": ("ការបោះបង្គោលព្រំដែនវៀតណាមកម្ពុជា", "Noto Sans Khmer"),
    "zh-hans": ("越南与中国陆地边界立碑工作", None),
}


def chinese_fonts() -> set[str]:
    """The machine's font families that declare Simplified Chinese."""
    listed = subprocess.run(
        ["fc-list", ":lang=zh-cn", "family"], capture_output=True, text=True, check=True
    ).stdout
    families = {name.strip() for line in listed.splitlines() for name in line.split(",")}
    if not families - {""}:
        pytest.fail("No Chinese font: apt-get install fonts-wqy-microhei")
    return families


@pytest.fixture
def editions(portals):
    index = portals["provincial"]
    original = make_article(index, "Cắm mốc quốc giới")
    made = {}
    for code, (title, _font) in EDITIONS.items():
        locale = Locale.objects.get_or_create(language_code=code)[0]
        index.get_parent().specific.copy_for_translation(locale).save_revision().publish()
        index.copy_for_translation(locale).save_revision().publish()
        edition = original.copy_for_translation(locale)
        edition.title = title
        edition.save_revision().publish()
        made[code] = edition
    return made


def fonts_drawing(page, selector: str) -> dict[str, int]:
    """The fonts Chromium drew the first ``selector`` node's text with: name -> glyphs."""
    session = page.context.new_cdp_session(page)
    session.send("DOM.enable")
    session.send("CSS.enable")
    root = session.send("DOM.getDocument")["root"]["nodeId"]
    node = session.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    fonts = session.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    return {font["familyName"]: font["glyphCount"] for font in fonts}


@pytest.mark.parametrize("code", sorted(EDITIONS))
def test_each_script_is_drawn_by_a_font_that_has_it(browser, live_server, editions, code, tmp_path):
    from tests.browser import open_tab

    title, font = EDITIONS[code]
    page = open_tab(browser, live_server.url, width=390, height=900)
    missing = []
    page.on("response", lambda response: response.status >= 400 and missing.append(response.url))
    page.goto(f"/{code}/bien-gioi/")
    page.evaluate("document.fonts.ready")
    assert page.locator("h1").count() == 1
    page.goto(f"/{code}/bien-gioi/{editions[code].slug}/")
    page.evaluate("document.fonts.ready")
    assert page.locator("html").get_attribute("lang") == code
    assert page.locator("h1").inner_text() == title
    # Drawn by the script's web font alone: a missing glyph would need another font
    # (there is no Lao or Khmer font on the machine: the primary font's empty box).
    drawn = fonts_drawing(page, "h1")
    allowed = {font} if font else chinese_fonts()
    assert drawn and set(drawn) <= allowed and all(drawn.values()), drawn
    page.screenshot(path=str(tmp_path / f"{code}.png"), full_page=True)
    assert not [url for url in missing if not url.endswith("/favicon.ico")], missing
    page.context.close()

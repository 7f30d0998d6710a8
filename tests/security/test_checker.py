"""The hostile-input checker fails on executable HTML (so it cannot pass vacuously)."""

from __future__ import annotations

from collections import Counter

import pytest

from tests.hostile import PLANTED, assert_inert, hostile_inputs

KNOWN_BAD = [
    "<script>alert(1)</script>",
    "<p><img src=x onerror=alert(1)></p>",
    "<b OnClick='alert(1)'>x</b>",
    '<a href="javascript:alert(1)">x</a>',
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<a href=" &#x0A;vbscript:msgbox(1)">x</a>',
    '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    '<iframe src="https://example.vn/"></iframe>',
    "<object data=x></object>",
    '<embed src="x.swf">',
    '<embed embedtype="image" id="1" onload="alert(1)"/>',
    '<embed embedtype="image" id="abc"/>',
    '<form action="https://example.vn/"><input></form>',
    "<svg><circle r=1></circle></svg>",
    "<math><mi>x</mi></math>",
    "<style>p{}</style>",
    '<p style="color:red">x</p>',
    '<div style="width:expression(alert(1))">x</div>',
    '<base href="https://example.vn/">',
    '<meta http-equiv="refresh" content="0;url=https://example.vn/">',
    '<link rel="stylesheet" href="https://example.vn/x.css">',
    "<p>a<!-- comment --></p>",
    f'<a href="{PLANTED}">x</a>',
    f'<img src="{PLANTED}">',
    '<a href="https://example.vn/?next=javascript:alert(1)">x</a>',
    '<a title="javascript:alert(1)">x</a>',
    '<button formaction="javascript:alert(1)">x</button>',
    '<svg><a xlink:href="javascript:alert(1)">x</a></svg>',
    # Only a browser-like parse finds these: the raw text has no "<script" or "on...=".
    "<noscript><p title='</noscript><img src=x onerror=alert(1)>'></noscript>",
    '<math><mtext><table><mglyph><style><img src=x onerror="alert(1)">',
]

KNOWN_GOOD = [
    "",
    "<p>Biên giới <b>Việt</b> – <i>Lào</i></p>",
    '<p><a href="https://example.vn/tin/1.html?a=1&amp;b=2">tin</a></p>',
    '<p><a href="mailto:toa-soan@example.vn">thư</a></p><hr/>',
    "<h2>Tiêu đề</h2><ul><li>một</li></ul><ol><li>hai</li></ol><blockquote>trích</blockquote>",
    '<embed embedtype="image" id="12" format="fullwidth" alt="Cột mốc 1116"/>',
    "<p>&lt;script&gt;alert(1)&lt;/script&gt; is text, not a script</p>",
    '<p><a href="/tin/2.html">relative</a></p>',
]


@pytest.mark.parametrize("html", KNOWN_BAD)
def test_fails_on_known_bad(html):
    with pytest.raises(AssertionError, match="not inert"):
        assert_inert(html, PLANTED)


@pytest.mark.parametrize("html", KNOWN_GOOD)
def test_passes_inert_rich_text(html):
    assert_inert(html, PLANTED)


def test_planted_url_is_a_parameter():
    assert_inert('<img src="http://127.0.0.1:9/planted">', "http://other.invalid/x")  # passes
    with pytest.raises(AssertionError, match="planted URL"):
        assert_inert('<a href="http://other.invalid/x">x</a>', "http://other.invalid/x")


def test_reports_every_problem():
    with pytest.raises(AssertionError) as info:
        assert_inert('<p onclick="alert(1)" style="x"><script></script></p>', PLANTED)
    message = str(info.value)
    assert "onclick" in message and "style attribute" in message and "<script>" in message


def test_corpus_is_large_named_and_grouped():
    cases = hostile_inputs()
    names = [name for name, _value in cases]
    assert len(cases) >= 170
    assert len(set(names)) == len(names)
    classes = Counter(name.split("/")[0] for name in names)
    for required in (
        "mutation",
        "comments",
        "js-url",
        "handlers",
        "clobbering",
        "css",
        "malformed",
        "encoding",
        "size",
        "nesting",
    ):
        assert classes[required] >= 1, required
    assert classes["js-url"] >= 40 and classes["handlers"] >= 30 and classes["mutation"] >= 25
    sizes = dict(cases)
    assert len(sizes["size/10mb-article"].encode()) >= 9_500_000
    assert sizes["nesting/div-100000"].count("<div>") == 100_000
    assert all(isinstance(v, bytes) for n, v in cases if n.startswith("encoding/"))


def test_every_input_carries_a_payload():
    planted = "http://127.0.0.1:9/planted-marker"
    for name, value in hostile_inputs(planted):
        text = value.replace(b"\x00", b"").decode("latin-1") if isinstance(value, bytes) else value
        # The base64 one is <script>alert(1)</script>.
        markers = ("lert", "BPXSS", "msgbox", planted, "+ADw-", "PHNjcmlwdD5hbGVydCgx")
        assert any(m in text for m in markers), name

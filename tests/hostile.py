"""Hostile HTML for the sanitiser, and the checker that output is inert.

``hostile_inputs()`` returns named inputs (``"class/name-n"``) written from public
knowledge of XSS classes: the bleach advisories (noscript and svg/math RCDATA mutation
XSS, comments), obfuscated ``javascript:`` URLs, event handlers, DOM clobbering, CSS,
malformed markup, active content, exfiltration, word-processor paste, embed forgery,
Unicode tricks, invalid encodings (bytes), a 10 MB input and 100,000 nested tags. Each
one, if it ran, would ``alert(1)``, log ``BPXSS`` or request the planted URL.

``assert_inert(html, planted_url)`` parses HTML as a browser does (html5lib, with
scripting on and off) and fails on anything executable or that loads the planted URL.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

from bleach._vendor import html5lib

from tests.feedserver import rss
from wagtail_borderplan.collect.sanitize import SanitizeError, decode_html_bytes

PLANTED = "http://127.0.0.1:9/planted"
ALERT = "alert(1)"
LOG = "console.log('BPXSS')"


def _js_urls() -> list[str]:
    """``javascript:`` (and friends) spelled the ways browsers still accept."""
    return [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "JAVASCRIPT:console.log('BPXSS')",
        " javascript:alert(1)",
        "\tjavascript:alert(1)",
        "\njavascript:alert(1)",
        "java\tscript:alert(1)",
        "java\nscript:alert(1)",
        "java\rscript:alert(1)",
        "jav&#x09;ascript:alert(1)",
        "jav&#x0A;ascript:alert(1)",
        "jav&#x0D;ascript:alert(1)",
        "jav&Tab;ascript:alert(1)",
        "jav&NewLine;ascript:alert(1)",
        "&#106;avascript:alert(1)",
        "&#0000106avascript:alert(1)",
        "&#x6A;avascript:alert(1)",
        "&#x6a&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3a;alert(1)",
        "&#106&#97&#118&#97&#115&#99&#114&#105&#112&#116&#58alert(1)",
        "javascript&colon;alert(1)",
        "javascript&#58;alert(1)",
        "javascript&#x3a;alert(1)",
        "javascript&#X3A;console.log('BPXSS')",
        "jAvAsCrIpT&colon;alert&lpar;1&rpar;",
        "javas&#99;ript:alert(1)",
        "&#x20;javascript:alert(1)",
        "\x01javascript:alert(1)",
        "&#14;javascript:alert(1)",
        "javascript://%0Aalert(1)",
        "javascript://comment%0d%0aalert(1)",
        "javascript:/*--></title></style></textarea></script><svg/onload=alert(1)>",
        "vbscript:msgbox(1)",
        "VBScript:alert(1)",
        "livescript:alert(1)",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "data:text/html,<script>alert(1)</script>",
        "DATA:text/html,<script>console.log('BPXSS')</script>",
        " data:image/svg+xml,<svg onload=alert(1)>",
        "http://example.vn/javascript:alert(1)",
        "java\x00script:alert(1)",
    ]


def _handlers() -> list[tuple[str, str]]:
    base = [
        ("img-lower", f"<img src=x onerror={ALERT}>"),
        ("img-upper", f"<IMG SRC=x ONERROR={ALERT}>"),
        ("img-mixed", f"<iMg sRc=x OnErRoR={ALERT}>"),
        ("img-slashes", f"<img/src=x/onerror={ALERT}>"),
        ("img-no-space", f'<img src="x"onerror="{ALERT}">'),
        ("img-newline", f"<img\nsrc=x\nonerror\n=\n{ALERT}>"),
        ("img-backtick", "<img src=x onerror=`alert(1)`>"),
        ("img-duplicate", f'<img src=x onerror="" onerror="{ALERT}">'),
        ("img-entity-value", "<img src=x onerror=&#97;lert(1)>"),
        ("b-onclick", f'<b onclick="{ALERT}">bold</b>'),
        ("i-onmouseover", f"<i onmouseover={LOG}>italic</i>"),
        ("p-onpointerenter", f'<p onpointerenter="{ALERT}">text</p>'),
        ("h2-onfocus", f'<h2 tabindex=1 autofocus onfocus="{ALERT}">heading</h2>'),
        ("a-onmouseover", f'<a href="https://example.vn/" onMouseOver="{ALERT}">link</a>'),
        ("li-onclick", f"<ul><li ONCLICK={LOG}>item</li></ul>"),
        ("blockquote-oncopy", f"<blockquote oncopy={ALERT}>quote</blockquote>"),
        ("body-onload", f"<body onload={ALERT}>page</body>"),
        ("body-onpageshow", f"<body onpageshow={LOG}>"),
        ("svg-onload", f"<svg onload={ALERT}>"),
        ("svg-slash-onload", f"<svg/onload={ALERT}>"),
        ("details-ontoggle", f"<details open ontoggle={ALERT}><summary>x</summary></details>"),
        ("input-onfocus", f"<input autofocus onfocus={ALERT}>"),
        ("video-source-onerror", f"<video><source onerror={ALERT}></video>"),
        ("audio-onerror", f"<audio src=x onerror={ALERT}>"),
        ("marquee-onstart", f"<marquee onstart={ALERT}>x</marquee>"),
        ("div-onanimationstart", f"<div style=animation-name:x onanimationstart={ALERT}>d</div>"),
        ("span-onwheel", f"<span onwheel={LOG}>wheel</span>"),
        ("font-onmouseenter", f"<font color=red onmouseenter={ALERT}>f</font>"),
        ("table-onbeforeprint", f"<table onbeforeprint={ALERT}><tr><td>c</td></tr></table>"),
        ("iframe-onload", f"<iframe onload={ALERT}></iframe>"),
        ("html-onmouseover", f"<html onmouseover={ALERT}>x</html>"),
        ("br-onclick", f"<p>a<br onclick={ALERT}>b</p>"),
        ("hr-onclick", f"<hr onclick={ALERT}>"),
        ("strong-unquoted-js", "<strong onclick=alert`1`>s</strong>"),
    ]
    return base


def _big_article(size: int) -> str:
    """About ``size`` bytes of press-site markup with a payload every ~50 KB."""
    para = (
        '<div class="article-body"><p class="MsoNormal" style="text-align:justify">'
        '<span style="font-size:13pt">Sáng 12/3, tại cửa khẩu quốc tế Lào Cai, Ban Chỉ đạo '
        'phân giới <b>cắm mốc</b> tỉnh đã tổ chức <a href="https://baolaocai.vn/tin/1.html">'
        "hội nghị</a> sơ kết công tác quản lý biên giới &amp; cửa khẩu.</span></p></div>\n"
    )
    payload = (
        f'<img src=x onerror={ALERT}><script>{LOG}</script><a href="javascript:alert(1)">x</a>\n'
    )
    block = para * 100 + payload
    return block * max(1, size // len(block.encode()))


def _nested(open_tag: str, close_tag: str, count: int, middle: str) -> str:
    return open_tag * count + middle + close_tag * count


def hostile_inputs(planted_url: str = PLANTED) -> list[tuple[str, str | bytes]]:
    """The named hostile inputs (at least 170); str, or bytes for the encoding class."""
    p = planted_url
    cases: list[tuple[str, str | bytes]] = []

    def group(name: str, items: list) -> None:
        for n, item in enumerate(items, 1):
            if isinstance(item, tuple):
                cases.append((f"{name}/{item[0]}", item[1]))
            else:
                cases.append((f"{name}-{n}", item))

    # Mutation XSS: the bleach advisories (CVE-2020-6802 noscript, CVE-2020-6816 and
    # GHSA-vv2x-vrpj-qqpq svg/math RCDATA) and the DOMPurify namespace confusions.
    group(
        "mutation/noscript",
        [
            f"<noscript><style></noscript><img src=x onerror={ALERT}>",
            f'<noscript><p title="</noscript><img src=x onerror={ALERT}>">',
            f'<noscript><a title="</noscript><script>{LOG}</script>"></a></noscript>',
            f"<noscript><!--</noscript><img src=x onerror={ALERT}>-->",
            '<p><noscript><b title="</noscript><iframe src=javascript:alert(1)>">x</b></noscript></p>',
        ],
    )
    group(
        "mutation/rcdata",
        [
            f"<math><style><img src=x onerror={ALERT}></style></math>",
            f"<svg><style><img src=x onerror={ALERT}></style></svg>",
            f"<math></p><style><!--</style><img src/onerror={ALERT}>",
            f'<svg></p><style><a id="</style><img src=1 onerror={ALERT}>">',
            f"<svg><p><style><img src=x onerror={ALERT}>",
            f"<math><mtext><table><mglyph><style><img src=x onerror={ALERT}>",
            (
                "<math><mtext><h1><a><h6></a></h6><mglyph><svg><mtext><style>"
                f'<a title="</style><img src onerror={ALERT}>">'
            ),
            f"<form><math><mtext></form><form><mglyph><style></math><img src onerror={ALERT}>",
            f"<svg><foreignObject><p><style><img src=x onerror={ALERT}></style>",
            f"<svg><![CDATA[><img src=x onerror={ALERT}>]]></svg>",
            f"<svg><style>&lt;/style&gt;&lt;img src=x onerror={ALERT}&gt;</style>",
            f"<table><caption><svg><style><img src onerror={ALERT}>",
            f"<math><annotation-xml encoding=text/html><style><img src=x onerror={ALERT}>",
            f"<svg><title><style><img src=x onerror={ALERT}></style></title></svg>",
        ],
    )
    group(
        "mutation/rawtext",
        [
            f"<xmp><img src=x onerror={ALERT}></xmp>",
            f"<title><img src=x onerror={ALERT}></title>",
            f"<textarea><img src=x onerror={ALERT}></textarea>",
            f"<iframe><img src=x onerror={ALERT}></iframe>",
            f"<noembed><img src=x onerror={ALERT}></noembed>",
            f"<noframes><img src=x onerror={ALERT}></noframes>",
            f"<plaintext><img src=x onerror={ALERT}>",
            f"<template><img src=x onerror={ALERT}></template>",
            f"<style><img src=x onerror={ALERT}></style>",
            f"<listing>&lt;img src=x onerror={ALERT}&gt;</listing>",
            f'<img src="a.jpg" alt="``onload={ALERT}">',
            f"<p>&lt;script&gt;{ALERT}&lt;/script&gt;</p>",
            f"<p>&amp;lt;img src=x onerror={ALERT}&amp;gt;</p>",
            (
                '<select><template><style><!--</style><a rel="--></template></select>'
                f'<img src=x onerror={ALERT}>">'
            ),
        ],
    )
    # Comments (bleach strips them; browsers parse their edge cases oddly).
    group(
        "comments/comment",
        [
            f"<!--<img src=x onerror={ALERT}>-->",
            f"<!--><img src=x onerror={ALERT}>-->",
            f"<!---><img src=x onerror={ALERT}>-->",
            f"<!-- --!><img src=x onerror={ALERT}>-->",
            f"<!--[if IE]><script>{ALERT}</script><![endif]-->",
            f"<![if !IE]><script>{LOG}</script><![endif]>",
            f"<!--[if gte mso 9]><xml><o:X/></xml><![endif]--><script>{ALERT}</script>",
            f"<? echo 1 ?><img src=x onerror={ALERT}>",
            f"<!DOCTYPE html><img src=x onerror={ALERT}>",
            f"<![CDATA[<img src=x onerror={ALERT}>]]>",
            f"</ img src=x onerror={ALERT}>",
            f"<!-- a -- b --><script>{LOG}</script>",
            f'<a title="<!--"><b>--></b></a><script>{ALERT}</script>',
            f"<style><!--</style><img src=x onerror={ALERT}>-->",
            f"<!--<!--<script>{ALERT}</script>-->-->",
            f"<p>a<!--\n--><img src=x onerror={ALERT}></p>",
        ],
    )
    group("js-url/a-href", [f'<a href="{url}">click</a>' for url in _js_urls()])
    group(
        "js-url/context",
        [
            ("img-src", f'<img src="javascript:{ALERT}">'),
            ("img-lowsrc", f'<img lowsrc="javascript:{ALERT}">'),
            ("img-data-src", f'<img src="data:," data-src="javascript:{ALERT}">'),
            ("iframe-src", f'<iframe src="javascript:{ALERT}"></iframe>'),
            ("frame-src", f'<frameset><frame src="javascript:{ALERT}"></frameset>'),
            ("form-action", f'<form action="javascript:{ALERT}"><input type=submit></form>'),
            ("button-formaction", f'<button formaction="javascript:{ALERT}">go</button>'),
            ("object-data", f'<object data="javascript:{ALERT}"></object>'),
            ("embed-src", f'<embed src="javascript:{ALERT}">'),
            ("area-href", f'<map name=m><area href="javascript:{ALERT}" shape=default></map>'),
            ("svg-xlink", f'<svg><a xlink:href="javascript:{ALERT}"><text>x</text></a></svg>'),
            ("math-href", f'<math href="javascript:{ALERT}">CLICKME</math>'),
            ("base-href", f'<base href="javascript:{ALERT}//"><a href="/x">x</a>'),
            ("link-href", f'<link rel=stylesheet href="javascript:{ALERT}">'),
            ("video-poster", f'<video poster="javascript:{ALERT}"></video>'),
            ("input-image", f'<input type=image src="javascript:{ALERT}">'),
            (
                "table-background",
                f'<table background="javascript:{ALERT}"><tr><td>x</td></tr></table>',
            ),
            ("blockquote-cite", f'<blockquote cite="javascript:{ALERT}">q</blockquote>'),
            ("a-in-heading", f'<h2><a href="javascript:{ALERT}">heading link</a></h2>'),
            ("a-in-list", f'<ul><li><a href="vbscript:{ALERT}">item</a></li></ul>'),
        ],
    )
    group("handlers", _handlers())
    group(
        "clobbering/clobber",
        [
            f'<a id="CONFIG" href="javascript:{ALERT}">x</a>',
            (
                "<a id=defaultAvatar></a><a id=defaultAvatar name=avatar "
                f'href="cid:&quot;onerror={ALERT}//">x</a>'
            ),
            f"<form id=x tabindex=0 onfocus={ALERT}><input id=attributes></form>",
            f"<img name=cookie src=x onerror={ALERT}>",
            f'<iframe name=alert srcdoc="<script>parent.{ALERT}</script>"></iframe>',
            f"<embed name=BPXSS src=javascript:{ALERT}>",
            f"<a id=__proto__ href=javascript:{ALERT}>x</a>",
            f"<form id=f action=javascript:{ALERT}><input name=action></form>",
            f"<object name=x data=javascript:{ALERT}></object>",
            f'<a id="location" href="javascript:{ALERT}">x</a>',
            f"<img id=document name=body src=x onerror={ALERT}>",
            f'<p id="__proto__" data-x="javascript:{ALERT}" name="innerHTML">p</p>',
            f'<b id="getElementById" name="querySelector" onclick="{LOG}">b</b>',
        ],
    )
    group(
        "css/style",
        [
            f'<div style="width: expression({ALERT})">x</div>',
            f'<p style="xss:expr/*XSS*/ession({ALERT})">x</p>',
            f'<span style="background:url(javascript:{ALERT})">x</span>',
            f"<div style=\"background-image:url('{p}')\">x</div>",
            f"<style>@import '{p}';</style><p>x</p>",
            f"<style>body{{background:url({p})}}</style>",
            f'<div style="-moz-binding:url({p}#xss)">x</div>',
            f'<div style="behavior:url({p}.htc)">x</div>',
            f"<link rel=stylesheet href={p}>",
            f'<b style="width:\\0065xpression({ALERT})">b</b>',
            f'<i style="x:\\65\\78\\70\\72\\65\\73\\73\\69\\6f\\6e({ALERT})">i</i>',
            f'<p style="background:url(&quot;javascript:{ALERT}&quot;)">p</p>',
            f'<style>li{{list-style-image:url("javascript:{ALERT}")}}</style><ul><li>x</ul>',
            f"<table><tr><td background={p}>c</td></tr></table>",
            f"<body background={p}>x</body>",
            f"<svg><style>@import url({p});</style></svg>",
            f'<h2 style="color:red;background:url({p})">h</h2>',
            f'<a href="https://example.vn/" style="position:fixed;top:0;behavior:url({p})">a</a>',
        ],
    )
    group(
        "malformed/markup",
        [
            f"<img src=x onerror={ALERT}",
            f"<script>{ALERT}",
            f"<script src={p}>",
            f"<scr<script>ipt>{ALERT}</scr</script>ipt>",
            f"<<script>{ALERT};//<</script>",
            f"<script/xss src={p}></script>",
            f'<script\x20type="text/javascript">javascript:{ALERT};</script>',
            f"<script>{ALERT}<!--",
            f"<SCRIPT>{ALERT}</SCRIPT>",
            f"<sCrIpT>{LOG}</ScRiPt>",
            f"<script >{ALERT}</script >",
            f"<script\n>{ALERT}</script>",
            f'<img """><script>{ALERT}</script>">',
            f'<a href="https://example.vn/" onmouseover={ALERT}//',
            f'<p title="unclosed attribute <img src=x onerror={ALERT}>',
            f"<b><i><u>text <a href=javascript:{ALERT}>link",
            f"</p></div></b><script>{LOG}</script>",
            f"<p <img src=x onerror={ALERT}>>",
            f'<a href="x" <script>{ALERT}</script>>',
            f"<table><tr><td><script>{ALERT}</script>",
            f"<table><a href=javascript:{ALERT}>x</a><tr><td>c</td></tr></table>",
            f"<div><p>unclosed<div>again <script>{ALERT}",
            f"<ul><li><li><script>{ALERT}</script></ul>",
            f"<h1><h2>x<script>{ALERT}</script>",
            f"<a href=javascript:{ALERT}<b>bold</b>",
            f"<img src=`x`onerror={ALERT}>",
            f"<scr\x00ipt>{ALERT}</scr\x00ipt>",
            f"<a/href=javascript:{ALERT}>x</a>",
            f'<a href="javascript:{ALERT}"/>',
            f"<head><script>{ALERT}</script></head><body>x</body>",
            f"<frameset onload={ALERT}>",
            f"<p><a><p><a href=javascript:{ALERT}>nested</a></p></a></p>",
            f"<img src=x:x onerror\x0b={ALERT}>",
            f"<img src=x onerror\x0c={ALERT}>",
        ],
    )
    group(
        "active/element",
        [
            f"<iframe src={p}></iframe>",
            f'<iframe srcdoc="&lt;script&gt;{ALERT}&lt;/script&gt;"></iframe>',
            f"<object data={p} type=text/html></object>",
            f"<applet code=X archive={p}>x</applet>",
            f"<isindex type=image src=1 onerror={ALERT}>",
            f"<video src=x onerror={ALERT}></video>",
            f"<keygen autofocus onfocus={ALERT}>",
            f"<portal src={p}></portal>",
            f"<select autofocus onfocus={ALERT}><option>x</option></select>",
            f"<textarea autofocus onfocus={ALERT}>x</textarea>",
            f'<script type="module">import "{p}";</script>',
            f"<svg><animate onbegin={ALERT} attributeName=x dur=1s>",
            f'<svg><set attributeName="onmouseover" to="{ALERT}"/></svg>',
            f"<math><maction actiontype=statusline xlink:href=javascript:{ALERT}>x</maction></math>",
            f'<dialog open onclose="{ALERT}">d</dialog>',
        ],
    )
    group(
        "exfil/request",
        [
            f'<meta http-equiv="refresh" content="0;url={p}">',
            f'<meta http-equiv="refresh" content="0;url=javascript:{ALERT}">',
            f'<base href="{p}/"><img src="x.jpg">',
            f"<link rel=prefetch href={p}>",
            f"<link rel=import href={p}>",
            f'<img src=x srcset="{p} 1x" onerror={ALERT}>',
            f"<picture><source srcset={p}><img src=x onerror={ALERT}></picture>",
            f"<script>fetch('{p}')</script>",
            f'<a ping="{p}" onclick="{LOG}">ping</a>',
            f"<svg><image href={p} /></svg>",
            f"<input type=image src={p}>",
            f"<audio src={p} autoplay></audio>",
            f"<video><track src={p}></video>",
            f"<embed src={p}>",
            f"<p onclick=\"navigator.sendBeacon('{p}')\">beacon</p>",
            f'<img src="{p}" onerror="{LOG}">',
        ],
    )
    group(
        "paste/word",
        [
            (
                '<html xmlns:o="urn:schemas-microsoft-com:office:office"><head>'
                f"<style>p.MsoNormal{{behavior:url({p})}}</style></head><body>"
                '<p class=MsoNormal><span style="mso-bidi-font-size:12pt" onmouseover='
                f"{ALERT}>Biên giới<o:p></o:p></span></p></body></html>"
            ),
            f"<p class=MsoNormal><o:p onclick={ALERT}>&nbsp;</o:p></p>",
            f'<v:shape><v:imagedata src="javascript:{ALERT}" o:title=""/></v:shape>',
            f"<xml><script>{ALERT}</script></xml><p>text</p>",
            (
                '<b id="docs-internal-guid-1" style="font-weight:normal"><span style="'
                f'font-size:11pt">Docs</span></b><a href="javascript:{ALERT}">link</a>'
            ),
            f'<font face="Times" onmouseover="{LOG}">font</font>',
            f"<span lang=VI style='font-family:\"Times\"' onclick={ALERT}>span</span>",
        ],
    )
    group(
        "forgery/embed",
        [
            '<embed embedtype="image" id="1" format="fullwidth" alt="x"/><script>alert(1)</script>',
            f'<embed embedtype=image id=1 format=left alt="x" onerror={ALERT}>',
            (
                '&lt;embed embedtype="image" id="1" format="left" alt="x"/&gt;'
                f"<script>{ALERT}</script>"
            ),
            f'<a linktype="page" id="1" href="javascript:{ALERT}">page</a>',
            f"<p>bpembed00n0x</p><script>{ALERT}</script>",
            f'<a linktype="document" id="1">doc</a><img src=x onerror={ALERT}>',
        ],
    )
    group(
        "unicode/trick",
        [
            f"＜script＞{ALERT}＜/script＞",
            f'<a href="jav\u200bascript:{ALERT}">zw</a>',
            f'<a href="\u202ejavascript:{ALERT}">rtl</a>',
            f'<a href="java&#x200B;script:{ALERT}">zw-entity</a>',
            "<img src=x onerror=\\u0061lert(1)>",
            f'<a href="javascript\uff1a{ALERT}">fullwidth colon</a>',
            f'<a href="\u00a0javascript:{ALERT}">nbsp</a>',
        ],
    )
    group(
        "encoding",
        [
            ("utf7", b"+ADw-script+AD4-alert(1)+ADw-/script+AD4-"),
            ("utf7-meta", b'<meta charset="utf-7">+ADw-script+AD4-alert(1)+ADw-/script+AD4-'),
            ("overlong", b"\xc0\xbcscript\xc0\xbealert(1)\xc0\xbc/script\xc0\xbe"),
            ("bad-byte-in-tag", b"<scr\xffipt>alert(1)</script>"),
            ("nul-in-attr", b"<img src=x on\x00error=alert(1)>"),
            (
                "cp1258",
                "<p>Bi\u00ean gi\u01a1\u0301i</p><script>alert(1)</script>".encode("cp1258"),
            ),
            ("utf16-bom", "\ufeff<script>alert(1)</script><p>Biên</p>".encode("utf-16-le")),
            ("utf16-no-bom", "<img src=x onerror=alert(1)><p>Biên</p>".encode("utf-16-be")),
            ("utf8-bom", b"\xef\xbb\xbf<svg onload=alert(1)>"),
            ("truncated", "Biên giới".encode()[:-1] + b"<script>alert(1)</script>"),
            (
                "iso-2022-jp",
                b'<meta charset="iso-2022-jp"><a href="\x1b(Jjavascript:alert(1)">x</a>',
            ),
            ("latin1-declared", b'<meta charset="iso-8859-1"><img src=x onerror=alert(1)>\xe9'),
            ("binary", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8 + b"<script>alert(1)</script>"),
            ("lone-surrogate", b"<p>\xed\xa0\x80</p><img src=x onerror=alert(1)>"),
        ],
    )
    cases.append(("size/10mb-article", _big_article(10_000_000)))
    cases.append(
        ("size/10mb-one-paragraph", "<p>" + "biên giới " * 1_000_000 + f"<script>{ALERT}</script>")
    )
    deep_payload = f"<img src=x onerror={ALERT}><script>{LOG}</script>"
    cases.append(("nesting/div-100000", _nested("<div>", "</div>", 100_000, deep_payload)))
    cases.append(("nesting/b-100000", _nested("<b>", "</b>", 100_000, deep_payload)))
    cases.append(("nesting/unclosed-div-100000", "<div>" * 100_000 + deep_payload))
    cases.append(
        (
            "nesting/mixed-100000",
            _nested("<div><span><i>", "</i></span></div>", 33_334, deep_payload),
        )
    )
    cases.append(("nesting/ul-li-100000", _nested("<ul><li>", "</li></ul>", 50_000, deep_payload)))
    cases.append(("nesting/svg-100000", _nested("<svg>", "</svg>", 100_000, deep_payload)))
    return cases


# --- the checker ---------------------------------------------------------------------


def _names(text: str) -> frozenset[str]:
    return frozenset(text.split())


FORBIDDEN_ELEMENTS = _names(
    "script style iframe frame frameset object embed applet form svg math base meta link "
    "portal template"
)
URL_ATTRIBUTES = _names(
    "href src action formaction xlink:href data poster background lowsrc dynsrc codebase "
    "cite longdesc manifest ping icon srcset"
)
ALLOWED_SCHEMES = frozenset({"http", "https", "mailto"})
_IGNORED = re.compile(r"[\x00-\x20\x7f-\xa0\s`\u200b-\u200f\u2028-\u202e\u2060\ufeff]+")
_SCHEME = re.compile(r"([a-z][a-z0-9+.\-]*):")
_IMAGE_EMBED_ATTRS = frozenset({"embedtype", "id", "format", "alt"})


def _problems(html: str, planted_url: str, scripting: bool) -> list[str]:
    parser = html5lib.HTMLParser(
        tree=html5lib.treebuilders.getTreeBuilder("etree"), namespaceHTMLElements=False
    )
    root = parser.parseFragment(html, scripting=scripting)
    planted = planted_url.lower()
    found: list[str] = []
    for element in root.iter():
        tag = element.tag
        if tag is root.tag:
            continue
        if not isinstance(tag, str):
            found.append(f"comment {element.text!r:.60}")
            continue
        local = tag.rsplit("}", 1)[-1].lower()
        if tag.startswith("{"):
            found.append(f"foreign element <{local}> ({tag.split('}')[0][1:]})")
        if local == "embed":
            attrs = {k.lower(): v for k, v in element.attrib.items()}
            if not (
                attrs.get("embedtype") == "image"
                and attrs.get("id", "").isdigit()
                and set(attrs) <= _IMAGE_EMBED_ATTRS
            ):
                found.append(f"element <embed {attrs}>")
        elif local in FORBIDDEN_ELEMENTS:
            found.append(f"element <{local}>")
        for name, value in element.attrib.items():
            lname = name.rsplit("}", 1)[-1].lower() if isinstance(name, str) else str(name)
            squeezed = _IGNORED.sub("", value).lower()
            if lname.startswith("on"):
                found.append(f"event handler {lname}= on <{local}>")
            if lname == "style":
                found.append(f"style attribute on <{local}>")
            if lname in URL_ATTRIBUTES or name in URL_ATTRIBUTES:
                match = _SCHEME.match(squeezed)
                if match and match.group(1) not in ALLOWED_SCHEMES:
                    found.append(f"{lname}={value!r:.80} on <{local}>")
            if planted in value.lower() or planted in squeezed:
                found.append(f"planted URL in {lname}= on <{local}>")
            if "expression(" in re.sub(r"/\*.*?\*/", "", squeezed):
                found.append(f"CSS expression in {lname}= on <{local}>")
            if "javascript:" in squeezed or "vbscript:" in squeezed:
                found.append(f"script URL in {lname}= on <{local}>")
    return found


def assert_inert(html: str, planted_url: str = PLANTED) -> None:
    """Fail if ``html`` (a stored rich-text value or a rendered body) could run anything.

    Parsed as a browser does, with scripting on and off (they differ on <noscript>).
    """
    problems = _problems(html, planted_url, True) + _problems(html, planted_url, False)
    if problems:
        unique = list(dict.fromkeys(problems))
        raise AssertionError(
            f"not inert ({len(unique)} problems): "
            + "; ".join(unique[:10])
            + f"\nin: {html[:300]!r}"
        )


def as_text(value: str | bytes) -> str:
    # A feed carries text: bytes inputs arrive as whatever the sender's encoding made of them.
    if not isinstance(value, bytes):
        return value
    try:
        return decode_html_bytes(value)
    except SanitizeError:  # not text at all: carried byte for byte
        return value.decode("latin-1")


# Characters XML 1.0 forbids: a feed holding them is malformed and refused whole (see
# test_collect), so a feed generator must drop them; the paste path gets them intact.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def feed_of(inputs, feeds, cdata=False) -> bytes:
    items = []
    for number, (name, value) in enumerate(inputs):
        text = _NOT_XML.sub("", as_text(value))
        content = f"<![CDATA[{text}]]>" if cdata and "]]>" not in text else escape(text)
        items.append(
            f"<item><title>{escape(name)}</title><link>{feeds.base}/h/{number}</link>"
            f"<guid>{escape(name)}</guid><description>{escape(text[:2000])}</description>"
            f"<content:encoded>{content}</content:encoded></item>"
        )
    return rss(items).encode("utf-8", "surrogatepass")

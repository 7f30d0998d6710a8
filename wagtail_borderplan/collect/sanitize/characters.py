"""Characters the pass reserves, removes or treats as blank."""

from __future__ import annotations

import re

#: Private-use characters: the tokenizer writes block boundaries, inline formatting and
#: links as markers in the text, ``MARK + payload + MARK_END``; payload "" for a block
#: boundary, "+b"/"-b" to open/close an inline tag, "+a3" to open the link whose href
#: is ``parser.links[3]`` ("+a": a link without one). Input never contains them.
MARK = "\ue001"
MARK_END = "\ue002"
BOUNDARY = MARK + MARK_END
MARK_RE = re.compile(f"{MARK}([^{MARK_END}]*){MARK_END}")

# C0 controls other than tab, newline, carriage return; the walk never keeps them.
CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Whitespace a paragraph may consist of without being worth keeping.
BLANK = " \t\n\r\f\v\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u200b\u200c\u200d\u2028\u2029\u202f\u205f\u2060\u3000\ufeff"
BLANK_ENTITY_RE = re.compile(
    r"&(?:nbsp|ensp|emsp|emsp13|emsp14|numsp|puncsp|thinsp|hairsp|ThinSpace|"
    r"MediumSpace|NegativeThinSpace|ZeroWidthSpace|zwnj|zwj|Tab|NewLine|"
    r"#0*(?:9|10|12|13|32|160|8203|8204|8205|8239|8288|12288|65279)|"
    r"#[xX]0*(?:9|[aAcCdD]|20|[aA]0|200[bBcCdD]|202[fF]|2060|3000|[fF][eE][fF][fF]));"
)

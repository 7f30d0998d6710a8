"""Fail unless wagtail_borderplan.wagtail_vi translates every Wagtail admin string that
neither Wagtail's nor Django's Vietnamese catalogues translate, for the Wagtail installed
in this environment, with placeholders intact and a current .mo.

Usage: check_wagtail_vi.py   (run it in each supported Wagtail's environment)
"""

import gettext
import re
import sys
from pathlib import Path

import django
import polib
import wagtail

import wagtail_borderplan

OURS = Path(wagtail_borderplan.__file__).parent / "wagtail_vi/locale/vi/LC_MESSAGES/django.po"
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}")


def translated_elsewhere() -> set[tuple[str | None, str]]:
    done = set()
    for root in (Path(django.__file__).parent, Path(wagtail.__file__).parent):
        for path in root.glob("**/locale/vi/LC_MESSAGES/django.po"):
            done |= {(e.msgctxt, e.msgid) for e in polib.pofile(str(path)) if e.translated()}
    return done


def main() -> int:
    ours = polib.pofile(str(OURS))
    have = {(e.msgctxt, e.msgid): e for e in ours if e.translated()}
    done = translated_elsewhere()
    problems = []
    for path in Path(wagtail.__file__).parent.glob("**/locale/en/LC_MESSAGES/django.po"):
        for entry in polib.pofile(str(path)):
            key = (entry.msgctxt, entry.msgid)
            if entry.msgid and not entry.obsolete and key not in done and key not in have:
                problems.append(f"untranslated Wagtail string: {entry.msgid!r}")
    with open(OURS.with_suffix(".mo"), "rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for entry in have.values():
        text = entry.msgstr_plural[0] if entry.msgid_plural else entry.msgstr
        source = entry.msgid + (entry.msgid_plural or "")
        if not set(PLACEHOLDER.findall(text)) <= set(PLACEHOLDER.findall(source)):
            problems.append(f"placeholder not in the original: {entry.msgid!r}")
        got = (
            compiled.ngettext(entry.msgid, entry.msgid_plural, 1)
            if entry.msgid_plural
            else compiled.pgettext(entry.msgctxt, entry.msgid)
            if entry.msgctxt
            else compiled.gettext(entry.msgid)
        )
        if got != text:
            problems.append(f".mo out of date: {entry.msgid!r}")
    for problem in problems:
        print(problem)
    print(
        f"Wagtail {wagtail.__version__}: {len(have)} supplementary Vietnamese strings, "
        f"{len(problems)} problems"
    )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

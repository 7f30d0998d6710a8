"""Fail unless every Vietnamese msgid is translated, nothing is fuzzy, the catalogue
holds every string of the code, the compiled .mo says what the .po says, and no msgid
of ours overrides Django's or Wagtail's with another meaning.

Django merges every installed app's catalogue into one, and an app listed earlier in
INSTALLED_APPS wins: our "Published" would relabel Wagtail's own status. Such strings
take a context (``{% translate "Published" context "article date" %}``).

Usage: check_translations.py LOCALE_DIR FRESH_POT_OR_PO
"""

import gettext
import sys
from pathlib import Path

import django
import polib
import wagtail

# The catalogues our strings are merged with.
OTHER_CATALOGUES = [
    *Path(django.__file__).parent.glob("**/locale/vi/LC_MESSAGES/django.po"),
    *Path(wagtail.__file__).parent.glob("**/locale/vi/LC_MESSAGES/django.po"),
]


def main(locale_dir: str, extracted: str) -> int:
    po_path = Path(locale_dir) / "vi" / "LC_MESSAGES" / "django.po"
    po = polib.pofile(str(po_path))
    problems = []
    for entry in po:
        if entry.obsolete:
            continue
        if "fuzzy" in entry.flags:
            problems.append(f"fuzzy: {entry.msgid!r}")
        translated = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        if not all(translated):
            problems.append(f"untranslated: {entry.msgid!r}")
    # A msgid with a context is another message than the same msgid without one. One
    # that Django or Wagtail translate (e.g. "Filter") needs no copy of ours.
    ours = {(e.msgctxt, e.msgid) for e in po if not e.obsolete}
    theirs = other_translations()
    for entry in polib.pofile(extracted):
        key = (entry.msgctxt, entry.msgid)
        if entry.msgid and key not in ours and key not in theirs:
            where = f" (context {entry.msgctxt!r})" if entry.msgctxt else ""
            problems.append(f"missing from django.po (run makemessages): {entry.msgid!r}{where}")
    with open(po_path.with_suffix(".mo"), "rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for entry in po:
        if entry.obsolete or not entry.msgid:
            continue
        if entry.msgid_plural:
            got = compiled.ngettext(entry.msgid, entry.msgid_plural, 1)
            want = entry.msgstr_plural[0]
        elif entry.msgctxt:
            got, want = compiled.pgettext(entry.msgctxt, entry.msgid), entry.msgstr
        else:
            got, want = compiled.gettext(entry.msgid), entry.msgstr
        if got != want:
            problems.append(f".mo out of date (run compilemessages): {entry.msgid!r}")
    problems += clashes(po)
    for problem in problems:
        print(problem)
    print(f"{len(po.translated_entries())} Vietnamese messages, {len(problems)} problems")
    return 1 if problems else 0


def other_translations() -> dict[tuple[str | None, str], str]:
    """(context, msgid) → Vietnamese of Django's and Wagtail's catalogues."""
    theirs: dict[tuple[str | None, str], str] = {}
    for path in OTHER_CATALOGUES:
        for entry in polib.pofile(str(path)):
            if entry.msgstr:
                theirs.setdefault((entry.msgctxt, entry.msgid), entry.msgstr)
    return theirs


def clashes(po: polib.POFile) -> list[str]:
    theirs = other_translations()
    return [
        f"overrides Django's or Wagtail's {entry.msgid!r} ({theirs[key]!r} there, "
        f"{entry.msgstr!r} here): give it a context"
        for entry in po
        if not entry.obsolete
        and (key := (entry.msgctxt, entry.msgid)) in theirs
        # The same words in another case are the same meaning (labels are capitalised).
        and theirs[key].casefold() != entry.msgstr.casefold()
    ]


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))

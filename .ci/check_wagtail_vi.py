"""Fail unless wagtail_borderplan.wagtail_vi translates every Wagtail admin string, and
every string of the admin's JavaScript, that the Vietnamese catalogues a Wagtail site
loads leave untranslated, for the Wagtail installed in this environment, with
placeholders intact and current .mo files.

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
OURS_JS = OURS.with_name("djangojs.po")
REQUIRED_CONTRIB = ("auth", "contenttypes", "sessions", "messages")
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}")


# Catalogues that every Wagtail site loads: Django's own, the contrib apps Wagtail
# requires, and Wagtail's core and admin. django.contrib.admin is not among them (a
# Wagtail site does not install it), so its Vietnamese for "Log out", "History", "Action"
# or "User" never reaches Wagtail's admin.
ALWAYS_LOADED = [
    Path(django.__file__).parent / "conf",
    *(Path(django.__file__).parent / "contrib" / app for app in REQUIRED_CONTRIB),
    Path(wagtail.__file__).parent,
    Path(wagtail.__file__).parent / "admin",
]


def translated_in(app_dir: Path) -> set[tuple[str | None, str]]:
    path = app_dir / "locale/vi/LC_MESSAGES/django.po"
    if not path.exists():
        return set()
    return {(e.msgctxt, e.msgid) for e in polib.pofile(str(path)) if e.translated()}


def translated_elsewhere() -> set[tuple[str | None, str]]:
    done = set()
    for app_dir in ALWAYS_LOADED:
        done |= translated_in(app_dir)
    return done


def check_compiled(po: Path, have: dict) -> list[str]:
    """Placeholders kept, and the .mo holding what the .po says."""
    problems = []
    with open(po.with_suffix(".mo"), "rb") as handle:
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
    return problems


def translations(po: Path) -> dict:
    return {(e.msgctxt, e.msgid): e for e in polib.pofile(str(po)) if e.translated()}


def main() -> int:
    have = translations(OURS)
    done = translated_elsewhere()
    problems = []
    for path in Path(wagtail.__file__).parent.glob("**/locale/en/LC_MESSAGES/django.po"):
        # An app's strings are also translated by the app's own catalogue, loaded with it.
        own = translated_in(path.parents[3])
        for entry in polib.pofile(str(path)):
            key = (entry.msgctxt, entry.msgid)
            if (
                entry.msgid
                and not entry.obsolete
                and key not in done
                and key not in own
                and key not in have
            ):
                problems.append(f"untranslated Wagtail string: {entry.msgid!r}")
    problems += check_compiled(OURS, have)

    # The admin's JavaScript: Wagtail serves wagtail.admin's djangojs catalogue only;
    # wagtail_vi's own (OURS_JS) is merged into it by wagtail_vi's admin hook.
    have_js = translations(OURS_JS)
    admin_locale = Path(wagtail.__file__).parent / "admin/locale"
    done_js = set(translations(admin_locale / "vi/LC_MESSAGES/djangojs.po"))
    for entry in polib.pofile(str(admin_locale / "en/LC_MESSAGES/djangojs.po")):
        key = (entry.msgctxt, entry.msgid)
        if entry.msgid and not entry.obsolete and key not in done_js and key not in have_js:
            problems.append(f"untranslated Wagtail JavaScript string: {entry.msgid!r}")
    problems += check_compiled(OURS_JS, have_js)

    for problem in problems:
        print(problem)
    print(
        f"Wagtail {wagtail.__version__}: {len(have)} supplementary Vietnamese strings and "
        f"{len(have_js)} for its JavaScript, {len(problems)} problems"
    )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

"""Check that the built wheel carries what an install needs and that the app imports."""

import sys
import zipfile

import django
from django.conf import settings

REQUIRED = {
    "templates": "wagtail_borderplan/templates/wagtail_borderplan/border_index_page.html",
    "static files": "wagtail_borderplan/static/wagtail_borderplan/css/borderplan.css",
    "the topics widget (template)": "wagtail_borderplan/templates/wagtail_borderplan/widgets/topics.html",
    "the topics widget (script)": "wagtail_borderplan/static/wagtail_borderplan/js/topics.js",
    "locale (.po)": "wagtail_borderplan/locale/vi/LC_MESSAGES/django.po",
    "locale (.mo)": "wagtail_borderplan/locale/vi/LC_MESSAGES/django.mo",
    "migrations": "wagtail_borderplan/migrations/0001_initial.py",
    "the readers' locales (.mo)": "wagtail_borderplan/locale/lo/LC_MESSAGES/django.mo",
    "the Lao font": "wagtail_borderplan/static/wagtail_borderplan/fonts/noto-sans-lao-lao-400-normal.woff2",
    "the fonts' licence": "wagtail_borderplan/static/wagtail_borderplan/fonts/OFL.txt",
    "Wagtail admin supplement (.mo)": "wagtail_borderplan/wagtail_vi/locale/vi/LC_MESSAGES/django.mo",
}
FORBIDDEN_PREFIXES = ("tests/", "example_site/", "bench/", "docs/")


def main(wheel: str) -> int:
    names = set(zipfile.ZipFile(wheel).namelist())
    problems = [f"missing {what}: {path}" for what, path in REQUIRED.items() if path not in names]
    problems += [f"should not ship: {n}" for n in names if n.startswith(FORBIDDEN_PREFIXES)]
    # PEP 639 (license-files in pyproject): the licence text travels in the metadata.
    if not any(n.endswith(".dist-info/licenses/LICENSE") for n in names):
        problems.append("missing the licence: <name>.dist-info/licenses/LICENSE")

    settings.configure(
        INSTALLED_APPS=[
            "wagtail_borderplan",
            "wagtail.contrib.routable_page",
            "wagtail.snippets",
            "wagtail.images",
            "wagtail.documents",
            "wagtail.search",
            "wagtail.admin",
            "wagtail",
            "modelcluster",
            "taggit",
            "django.contrib.auth",
            "django.contrib.contenttypes",
            "django.contrib.sessions",
            "django.contrib.messages",
            "django.contrib.staticfiles",
        ],
        STATIC_URL="/static/",
        DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}},
        USE_TZ=True,
    )
    django.setup()
    from django.core.management import call_command

    import wagtail_borderplan
    from wagtail_borderplan.models import BorderArticlePage

    call_command("migrate", verbosity=0)  # the shipped migrations apply
    BorderArticlePage.objects.count()

    if "site-packages" not in wagtail_borderplan.__file__:
        problems.append(f"imported from the source tree: {wagtail_borderplan.__file__}")
    print(
        f"{wheel}: {len(names)} files; {BorderArticlePage._meta.label} importable, migrations applied"
    )
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))

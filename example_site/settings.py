"""Settings of the example site: two portals (two Wagtail Sites) in one install.

The database is SQLite next to this file unless DATABASE_URL says otherwise.
"""

import os
from pathlib import Path

import dj_database_url

from example_site import demo_address

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "example-site-not-secret")
# Off unless asked for (DJANGO_DEBUG=1): Django's debug pages are in English, and the
# demo shows its editors the portal's own translated 404 and 500 pages.
DEBUG = os.environ.get("DJANGO_DEBUG", "0") == "1"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "tinh.localhost", "so.localhost", "testserver"]
ALLOWED_HOSTS.append(demo_address.served_host())

INSTALLED_APPS = [
    "example_site.home",
    "wagtail_borderplan",
    "wagtail_borderplan.wagtail_vi",
    "wagtail.contrib.simple_translation",
    "wagtail.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
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
]

MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Django's LocaleMiddleware, reading the language from the address only.
    "wagtail_borderplan.middleware.ContentLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "example_site.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "example_site.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{PROJECT_DIR / 'example_site.sqlite3'}", conn_max_age=0
    )
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]

LANGUAGE_CODE = "vi"
# The portals' content languages: Vietnamese, and the editions for readers across the
# border and in the world. A portal serves a language once its home page has a
# translation in it (Wagtail's page tree per locale).
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES = [
    ("vi", "Tiếng Việt"),
    ("en", "English"),
    ("zh-hans", "简体中文"),
    ("lo", "ລາວ"),
    ("km", "ខ្មែរ"),
]
# The admin is Vietnamese; a translator may choose English or Chinese in their account.
WAGTAILADMIN_PERMITTED_LANGUAGES = [
    ("vi", "Tiếng Việt"),
    ("en", "English"),
    ("zh-hans", "简体中文"),
]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = PROJECT_DIR / "var" / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", PROJECT_DIR / "var" / "media"))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

WAGTAIL_SITE_NAME = "Cổng Thông tin điện tử tỉnh Hà Nam"
# `make demo HOST=… PORT=…` passes where it serves the site, so that links follow.
WAGTAILADMIN_BASE_URL = os.environ.get(
    "WAGTAILADMIN_BASE_URL",
    demo_address.base_url(demo_address.served_host(), demo_address.served_port()),
)
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAIL_I18N_ENABLED = True
TAGGIT_CASE_INSENSITIVE = True

WAGTAIL_BORDERPLAN = {
    "INDEX_PAGE_SIZE": 10,
    # Feeds on this machine (the journey tests serve theirs on 127.0.0.1), comma-separated.
    "COLLECT_PRIVATE_HOSTS": os.environ.get("BORDERPLAN_COLLECT_PRIVATE_HOSTS", "").split(",")
    if os.environ.get("BORDERPLAN_COLLECT_PRIVATE_HOSTS")
    else [],
}

# Nothing leaves the machine: no update check, no Gravatar.
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None

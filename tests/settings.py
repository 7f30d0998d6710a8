"""Test settings: the example site's, on the database DATABASE_URL names (SQLite default)."""

import os

import dj_database_url

from example_site.settings import *  # noqa: F403

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", "sqlite:///:memory:"),
        conn_max_age=0,
    )
}
# A runner process started by a test connects to the test database itself.
if os.environ.get("BORDERPLAN_TEST_DATABASE_NAME"):
    DATABASES["default"]["NAME"] = os.environ["BORDERPLAN_TEST_DATABASE_NAME"]
if DATABASES["default"]["ENGINE"] == "django.db.backends.mysql":
    # Accent-sensitive: Vietnamese words that differ only by tone marks ("ma", "má") are
    # different names; MariaDB's default *_general_ci collation would make them equal.
    # The connection must use the tables' collation, or comparisons mixing the two fail.
    COLLATION = "utf8mb4_uca1400_vietnamese_as_ci"
    DATABASES["default"].setdefault("OPTIONS", {}).update(charset="utf8mb4", collation=COLLATION)
    DATABASES["default"]["TEST"] = {"CHARSET": "utf8mb4", "COLLATION": COLLATION}

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WAGTAILADMIN_BASE_URL = "http://testserver"
# The feeds and images of the tests are served on 127.0.0.1.
WAGTAIL_BORDERPLAN = {"COLLECT_PRIVATE_HOSTS": ["127.0.0.1"]}

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib.staticfiles.views import serve as serve_static
from django.urls import include, path, re_path
from django.views.static import serve as serve_media
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("borderplan/", include("wagtail_borderplan.urls")),
]

# The demo serves its own static and media files, with DEBUG off too (its default). A
# real portal leaves this to its web server.
urlpatterns += [
    re_path(r"^static/(?P<path>.*)$", serve_static, {"insecure": True}),
    re_path(r"^media/(?P<path>.*)$", serve_media, {"document_root": settings.MEDIA_ROOT}),
]

# Pages in Vietnamese at their plain address, the other languages under /en/, /zh-hans/…
urlpatterns += i18n_patterns(path("", include(wagtail_urls)), prefix_default_language=False)

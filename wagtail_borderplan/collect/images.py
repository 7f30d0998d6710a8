"""Images of collected items: downloaded with limits, checked, then stored in Wagtail's
image library inside the item's transaction (and their files removed if it rolls back)."""

from __future__ import annotations

import io
import logging
import posixpath
import secrets
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings
from django.core.files.images import ImageFile
from django.utils.html import escape
from django.utils.translation import gettext as _
from PIL import Image as PILImage
from wagtail.images import get_image_model

from ..conf import get_setting
from .fetch import FetchError, fetch

logger = logging.getLogger(__name__)

# Formats Wagtail renders everywhere; SVG is never accepted (it can hold script).
FORMATS = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}
ACCEPT = "image/jpeg, image/png, image/gif, image/webp"
EMBED_FORMAT = "fullwidth"


@dataclass
class Download:
    token: str
    data: bytes
    filename: str
    alt: str


@dataclass
class ImageCollector:
    """Downloads the images a sanitised body refers to; each becomes a placeholder embed
    that :meth:`store` turns into a real image id, or is dropped and reported."""

    limit: int = field(default_factory=lambda: get_setting("COLLECT_IMAGES_PER_ITEM"))
    downloads: list[Download] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    nonce: str = field(default_factory=lambda: secrets.token_hex(8))
    _seen: dict[str, str | None] = field(default_factory=dict)
    _saved: list = field(default_factory=list)

    def embed(self, ref) -> str | None:
        """The ``embed_image`` callback of :func:`..sanitize.sanitize_html`."""
        token = self._download(ref.src, ref.alt)
        if token is None:
            return None
        alt = escape(ref.alt)
        return f'<embed alt="{alt}" embedtype="image" format="{EMBED_FORMAT}" id="{token}"/>'

    def lead(self, url: str, alt: str = "") -> str | None:
        """Download an image for the lead image; its token, or None."""
        return self._download(url, alt)

    def _download(self, url: str, alt: str) -> str | None:
        if url in self._seen:
            return self._seen[url]
        token = None
        if len(self.downloads) >= self.limit:
            self.problems.append(
                _("Image %(url)s left out: more than %(count)s images in one item.")
                % {"url": url, "count": self.limit}
            )
        else:
            try:
                data, extension = download_image(url)
            except FetchError as error:
                self.problems.append(_("Image left out: %(reason)s") % {"reason": error})
            except Exception as error:  # an image never costs the text
                logger.exception("Downloading image %s failed", url)
                self.problems.append(
                    _("Image left out: %(reason)s") % {"reason": f"{url}: {error}"[:300]}
                )
            else:
                token = f"bp-image-{self.nonce}-{len(self.downloads)}"
                self.downloads.append(Download(token, data, _filename(url, extension), alt))
        self._seen[url] = token
        return token

    def store(self, html: str, collection=None) -> tuple[str, dict[str, object]]:
        """Save the downloads as images (call inside the item's transaction); the body
        with real ids, and the images by token. Pair with :meth:`discard` on rollback."""
        Image = get_image_model()
        stored: dict[str, object] = {}
        for download in self.downloads:
            image = Image(
                title=(download.alt or download.filename)[:255],
                file=ImageFile(io.BytesIO(download.data), name=download.filename),
            )
            if collection is not None:
                image.collection = collection
            image.save()
            self._saved.append(image)
            stored[download.token] = image
            html = html.replace(f'id="{download.token}"', f'id="{image.pk}"')
        return html, stored

    def discard(self) -> None:
        """Remove the files of images whose rows were rolled back."""
        for image in self._saved:
            image.file.storage.delete(image.file.name)
        self._saved.clear()


def download_image(url: str) -> tuple[bytes, str]:
    """The bytes of a checked image and its file extension; raises FetchError."""
    fetched = fetch(
        url, max_bytes=get_setting("COLLECT_IMAGE_MAX_BYTES"), accept=ACCEPT, public_only=True
    )
    try:
        with PILImage.open(io.BytesIO(fetched.content)) as image:
            kind = image.format
            width, height = image.size
            image.verify()
    except Exception:  # Pillow raises many types for a bad file
        raise FetchError(_("%(url)s is not an image.") % {"url": url}) from None
    if kind not in FORMATS:
        raise FetchError(
            _("%(url)s is a %(format)s image; only JPEG, PNG, GIF and WebP are accepted.")
            % {"url": url, "format": kind}
        )
    max_pixels = getattr(settings, "WAGTAILIMAGES_MAX_IMAGE_PIXELS", 128_000_000)
    if max_pixels and width * height > max_pixels:
        raise FetchError(
            _("%(url)s has too many pixels (%(width)s × %(height)s).")
            % {"url": url, "width": width, "height": height}
        )
    return fetched.content, FORMATS[kind]


def _filename(url: str, extension: str) -> str:
    stem = posixpath.splitext(posixpath.basename(urlsplit(url).path))[0]
    stem = "".join(c for c in stem if c.isalnum() or c in "-_")[:60] or "image"
    return f"{stem}.{extension}"

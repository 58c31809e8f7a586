"""Uploaded images: strict validation, and responsive WebP renditions made once on save.

Pillow refuses to decode images above `Image.MAX_IMAGE_PIXELS` ("decompression bombs");
the portal sets that limit to MAX_MEGAPIXELS and reports it in words an editor
understands, before anything is written to media storage.
"""

import hashlib
import io
import warnings
from pathlib import PurePosixPath

from django import forms
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models
from django.template.defaultfilters import filesizeformat
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_MEGAPIXELS = 50
MAX_UPLOAD_BYTES = 15 * 1024 * 1024
MIN_WIDTH = 400
ALLOWED_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
RENDITION_WIDTHS = (480, 800, 1200, 1600)

Image.MAX_IMAGE_PIXELS = MAX_MEGAPIXELS * 1_000_000


def inspect_image(file, min_width=MIN_WIDTH):
    """Return (format, width, height) of an uploaded image, or raise ValidationError."""
    if file.size is not None and file.size > MAX_UPLOAD_BYTES:
        raise forms.ValidationError(
            f"The file is {filesizeformat(file.size)}; the limit is "
            f"{filesizeformat(MAX_UPLOAD_BYTES)}.",
            code="file_too_large",
        )
    file.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(file) as image:
                width, height, image_format = image.width, image.height, image.format
                if image_format not in ALLOWED_FORMATS:
                    raise forms.ValidationError(
                        f"{image_format or 'This'} images are not accepted: upload a JPEG, "
                        "PNG or WebP image.",
                        code="invalid_format",
                    )
                image.load()  # decodes fully: truncated or corrupt files fail here
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise forms.ValidationError(
            f"The image has too many pixels: the limit is {MAX_MEGAPIXELS} megapixels. "
            "Resize it before uploading.",
            code="too_many_pixels",
        ) from error
    except UnidentifiedImageError as error:
        raise forms.ValidationError(
            "This file is not an image we can read: upload a JPEG, PNG or WebP image.",
            code="not_an_image",
        ) from error
    except (OSError, SyntaxError, ValueError) as error:
        raise forms.ValidationError(
            "The image file is damaged or incomplete: export it again and re-upload.",
            code="corrupt_image",
        ) from error
    finally:
        file.seek(0)
    if width < min_width:
        raise forms.ValidationError(
            f"The image is {width} pixels wide; use one at least {min_width} pixels wide.",
            code="too_small",
        )
    return image_format, width, height


class ValidatedImageField(forms.ImageField):
    """An image upload field that checks type, size, dimensions and pixel count."""

    def __init__(self, *args, min_width=MIN_WIDTH, **kwargs):
        self.min_width = min_width
        super().__init__(*args, **kwargs)

    def to_python(self, data):
        if data in self.empty_values:
            return None
        inspect_image(data, self.min_width)
        data.portal_inspected = True  # the model field need not read it again
        return super().to_python(data)


class CheckedImageField(models.ImageField):
    """A model image field that checks every new upload (forms, the admin, full_clean)."""

    def __init__(self, *args, min_width=MIN_WIDTH, **kwargs):
        self.min_width = min_width
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.min_width != MIN_WIDTH:
            kwargs["min_width"] = self.min_width
        return name, path, args, kwargs

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        # Only a newly assigned file: one already stored was checked when it came.
        new = value and not getattr(value, "_committed", True)
        if new and not getattr(value.file, "portal_inspected", False):
            inspect_image(value.file, self.min_width)

    def formfield(self, **kwargs):
        return super().formfield(
            **{"form_class": ValidatedImageField, "min_width": self.min_width, **kwargs}
        )


def _open(source_name):
    with default_storage.open(source_name, "rb") as handle, Image.open(handle) as original:
        image = ImageOps.exif_transpose(original)
        return image.convert("RGBA" if image.mode in ("RGBA", "LA", "P") else "RGB")


def _save_widths(image, widths, *, name_stem):
    """Write `image` as WebP at each of `widths` (never wider than it is); return them."""
    renditions = []
    largest = min(image.width, widths[-1])
    for target_width in sorted({w for w in widths if w < largest} | {largest}):
        height = round(image.height * target_width / image.width)
        resized = image.resize((target_width, height), Image.Resampling.LANCZOS)
        buffer = io.BytesIO()
        resized.save(buffer, format="WEBP", quality=80, method=4)
        name = f"{name_stem}-{target_width}w.webp"
        if default_storage.exists(name):
            default_storage.delete(name)
        saved = default_storage.save(name, ContentFile(buffer.getvalue()))
        renditions.append({"width": target_width, "height": height, "name": saved})
    return renditions


def _stem(source_name, prefix, *parts):
    """A rendition name: a hash of the source (and crop), so new images get new URLs
    that caches and CDNs can keep for ever."""
    digest = hashlib.sha256(":".join([source_name, *map(str, parts)]).encode()).hexdigest()[:10]
    return f"{prefix}/{PurePosixPath(source_name).stem[:60]}-{digest}"


def make_renditions(source_name, *, prefix):
    """Write WebP renditions of a stored image; return [{"width", "height", "name"}]."""
    return _save_widths(_open(source_name), RENDITION_WIDTHS, name_stem=_stem(source_name, prefix))


def focal_crop_box(width, height, ratio, focal_x, focal_y):
    """Return the largest (left, top, right, bottom) box of `ratio` (width / height) in a
    `width` x `height` image, centred as near the focal point (percentages) as it fits."""
    crop_width, crop_height = (round(height * ratio), height)
    if crop_width > width:
        crop_width, crop_height = width, round(width / ratio)
    left = round(width * focal_x / 100 - crop_width / 2)
    top = round(height * focal_y / 100 - crop_height / 2)
    left = min(max(left, 0), width - crop_width)
    top = min(max(top, 0), height - crop_height)
    return left, top, left + crop_width, top + crop_height


def make_crops(source_name, *, prefix, ratio, widths, focal):
    """Write WebP renditions of the image cropped to `ratio` around `focal` (x, y in %)."""
    image = _open(source_name)
    box = focal_crop_box(image.width, image.height, ratio, *focal)
    stem = _stem(source_name, prefix, ratio, *box)
    return _save_widths(image.crop(box), widths, name_stem=stem)


def delete_renditions(renditions):
    for rendition in renditions or []:
        default_storage.delete(rendition["name"])

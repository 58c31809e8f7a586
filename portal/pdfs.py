"""Check an uploaded PDF: by its content (not its name or browser-sent type), its size,
and that it opens; give its number of pages."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from pypdf import PdfReader
from pypdf.errors import PdfReadError

PDF_MAGIC = b"%PDF-"


def pdf_page_count(upload):
    """Return the number of pages of `upload` (a Django file), or raise ValidationError
    with a message for the editor when it is not a PDF that readers could open."""
    if upload.size > settings.REPORT_MAX_BYTES:
        raise ValidationError(
            f"The PDF is {filesizeformat(upload.size)}; the largest allowed is "
            f"{filesizeformat(settings.REPORT_MAX_BYTES)}. Export it with smaller images.",
            code="too_large",
        )
    upload.seek(0)
    if upload.read(len(PDF_MAGIC)) != PDF_MAGIC:
        raise ValidationError("This file is not a PDF (whatever its name says).", code="not_pdf")
    upload.seek(0)
    try:
        reader = PdfReader(upload)
        if reader.is_encrypted:
            raise ValidationError(
                "The PDF is password-protected; upload a copy readers can open.",
                code="encrypted",
            )
        pages = len(reader.pages)
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as error:
        raise ValidationError(f"The PDF could not be read ({error}).", code="broken") from error
    finally:
        upload.seek(0)
    if pages < 1:
        raise ValidationError("The PDF has no pages.", code="empty")
    return pages

"""A small text-only PDF, written by hand, for the demo report (no PDF library needed
to make one; pypdf reads it back like any upload).

Latin text is set in Helvetica; a line with Chinese in it in STSong-Light, one of the
PDF standard's predefined Chinese fonts (Adobe-GB1, Unicode encoding UniGB-UCS2-H),
which PDF readers supply themselves: nothing is embedded, the file stays a few KB.
"""

# The widths of STSong-Light's proportional Latin glyphs (CIDs 1-95, space to tilde);
# the rest are full width (/DW 1000).
LATIN_WIDTHS = (
    b"207 270 342 467 462 797 710 239 374 374 423 605 238 375 238 334 462 462 462 462 462 "
    b"462 462 462 462 462 238 238 605 605 605 344 748 684 560 695 739 563 511 729 793 318 "
    b"312 666 526 896 758 772 544 772 628 465 607 753 711 972 647 620 607 374 333 374 606 "
    b"500 239 417 503 427 529 415 264 444 518 241 230 495 228 793 527 524 524 504 338 336 "
    b"277 517 450 652 466 452 407 370 258 370 605"
)
HELVETICA = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
STSONG = (
    b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H "
    b"/DescendantFonts [<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
    b"/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> "
    b"/FontDescriptor << /Type /FontDescriptor /FontName /STSong-Light /Flags 6 "
    b"/FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 "
    b"/CapHeight 880 /StemV 93 >> /DW 1000 /W [1 [" + LATIN_WIDTHS + b"]] >>] >>"
)


def _escape(text):
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _show(size, text):
    """The operators that set `text` at `size`: Helvetica (cp1252) if it can, else the
    Chinese font (UCS-2, as hex)."""
    try:
        text.encode("cp1252")
    except UnicodeEncodeError:
        return f"/F2 {size} Tf <{text.encode('utf-16-be').hex().upper()}> Tj"
    return f"/F1 {size} Tf ({_escape(text)}) Tj"


def text_pdf(pages):
    """Return the bytes of an A4 PDF: `pages` is a list of pages, each a list of
    (font size, text) lines set from the top."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", None, HELVETICA, STSONG]
    kids = []
    for lines in pages:
        y, ops = 770, ["BT"]
        for size, text in lines:
            y -= size * 1.6
            ops.append(f"1 0 0 1 60 {y:.0f} Tm {_show(size, text)}")
        ops.append("ET")
        stream = "\n".join(ops).encode("cp1252")
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        content = len(objects)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents %d 0 R >>" % content
        )
        kids.append(len(objects))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids), len(kids),
    )  # fmt: skip
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref,
    )  # fmt: skip
    return bytes(out)

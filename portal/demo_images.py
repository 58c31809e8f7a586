"""Illustrations for demo content, drawn with Pillow (no downloads, deterministic)."""

import io
import random

from PIL import Image, ImageDraw

PALETTES = [
    ((11, 93, 75), (155, 225, 93)),
    ((10, 90, 140), (120, 200, 240)),
    ((92, 42, 120), (240, 170, 90)),
    ((150, 60, 30), (250, 210, 120)),
    ((30, 40, 60), (90, 220, 200)),
    ((120, 20, 50), (250, 150, 150)),
]


def _gradient(size, top, bottom):
    width, height = size
    image = Image.new("RGB", size, top)
    draw = ImageDraw.Draw(image)
    for y in range(height):
        t = y / max(1, height - 1)
        colour = tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True))
        draw.line([(0, y), (width, y)], fill=colour)
    return image


def illustration(seed, motif="cells", size=(1600, 900)):
    """Return JPEG bytes of an abstract illustration; the same seed gives the same image."""
    rng = random.Random(seed)  # noqa: S311 - decoration, not security
    dark, light = PALETTES[rng.randrange(len(PALETTES))]
    image = _gradient(size, dark, tuple(max(0, c - 40) for c in dark))
    draw = ImageDraw.Draw(image, "RGBA")
    width, height = size
    for x in range(0, width, 80):
        draw.line([(x, 0), (x, height)], fill=(255, 255, 255, 18), width=1)
    for y in range(0, height, 80):
        draw.line([(0, y), (width, y)], fill=(255, 255, 255, 18), width=1)
    if motif == "cells":
        count = rng.randint(4, 7)
        cell_w = width // (count + 2)
        for i in range(count):
            x0 = cell_w * (i + 1) + 10
            top = rng.randint(height // 5, height // 3)
            x1, y1 = x0 + cell_w - 30, height - height // 5
            draw.rounded_rectangle([x0, top, x1, y1], radius=18, outline=light + (255,), width=8)
            draw.rectangle([x0 + (x1 - x0) // 3, top - 24, x1 - (x1 - x0) // 3, top], fill=light)
            level = rng.uniform(0.25, 0.95)
            fill_top = y1 - 12 - (y1 - top - 24) * level
            draw.rounded_rectangle(
                [x0 + 12, fill_top, x1 - 12, y1 - 12], radius=10, fill=light + (200,)
            )
    elif motif == "map":
        for _ in range(rng.randint(14, 22)):
            cx, cy = rng.randint(80, width - 80), rng.randint(80, height - 80)
            r = rng.randint(10, 60)
            draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=light + (90,))
        cx, cy = width // 2 + rng.randint(-200, 200), height // 2
        draw.ellipse([cx - 60, cy - 160, cx + 60, cy - 40], fill=light + (255,))
        draw.polygon([(cx - 52, cy - 80), (cx + 52, cy - 80), (cx, cy + 20)], fill=light + (255,))
        draw.ellipse([cx - 25, cy - 125, cx + 25, cy - 75], fill=dark + (255,))
    else:
        points = [(0, height * 0.8)]
        x = 0
        while x < width:
            x += rng.randint(60, 140)
            points.append((x, rng.uniform(height * 0.15, height * 0.8)))
        draw.line(points, fill=light + (255,), width=10, joint="curve")
        for px, py in points[1:]:
            draw.ellipse([px - 12, py - 12, px + 12, py + 12], fill=light + (255,))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=80, optimize=True, progressive=True)
    return buffer.getvalue()


def portrait(seed, size=400):
    """Return JPEG bytes of a neutral silhouette for a demo author (not a real photo)."""
    rng = random.Random(seed)  # noqa: S311 - decoration, not security
    dark, light = PALETTES[rng.randrange(len(PALETTES))]
    image = _gradient((size, size), dark, tuple(max(0, c - 40) for c in dark))
    draw = ImageDraw.Draw(image, "RGBA")
    head = size // 5
    cx, cy = size // 2, size * 2 // 5
    draw.ellipse([cx - head, cy - head, cx + head, cy + head], fill=light + (230,))
    draw.ellipse([cx - size // 2.6, cy + head * 1.3, cx + size // 2.6, size + size // 3],
                 fill=light + (230,))  # fmt: skip
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=82, optimize=True)
    return buffer.getvalue()

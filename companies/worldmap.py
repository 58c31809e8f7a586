"""The tracker's world map: country shapes drawn as server-side SVG, no tiles, no network.

The shapes are Natural Earth's 1:110m admin-0 countries, from the npm package
`world-atlas` (pinned in package-lock.json). `make vendor` projects them once with the
Equal Earth projection (an equal-area projection: a country's area on the map is true
to its area on the ground) into `companies/data/world-110m.json`, which ships with the
project; pages only read that file.

Borders: Natural Earth draws the lines of de facto control as its default ("as it is on
the ground"), without a position on disputes. Disputed territories it shows apart, such
as Western Sahara, are drawn apart and shaded by their own records only; Antarctica is
left out (no projects there, and it would take a fifth of the height).
"""

import json
import math
import sys
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

from django.conf import settings
from django.utils.translation import get_language, gettext
from django_countries import countries

DATA = Path(__file__).resolve().parent / "data" / "world-110m.json"
NODE_SOURCE = (
    Path(__file__).resolve().parent.parent / "node_modules/world-atlas/countries-110m.json"
)
WIDTH = 1000
LEFT_OUT = {"010"}  # Antarctica
SHADES = 5

# Equal Earth (Šavrič, Patterson and Jenny, 2018).
A1, A2, A3, A4 = 1.340264, -0.081106, 0.000893, 0.003796
M = math.sqrt(3) / 2
X_MAX = math.pi / (M * A1)  # x of the 180th meridian at the equator


def equal_earth(longitude, latitude):
    """Return (x, y) of a point in degrees, x to the right and y downwards, unscaled."""
    theta = math.asin(M * math.sin(math.radians(latitude)))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = (
        math.radians(longitude)
        * math.cos(theta)
        / (M * (A1 + 3 * A2 * t2 + t6 * (7 * A3 + 9 * A4 * t2)))
    )
    y = theta * (A1 + A2 * t2 + t6 * (A3 + A4 * t2))
    return x, -y


def _arcs(topology):
    """Decode a TopoJSON topology's quantized, delta-encoded arcs into lon/lat points."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    decoded = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        decoded.append(points)
    return decoded


def _ring(arcs, indexes):
    points = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc if not points else arc[1:])
    return points


def _unwrapped(points):
    """Return the ring with longitudes made continuous (no jump of more than 180 degrees)."""
    out, shift = [], 0.0
    for index, (lon, lat) in enumerate(points):
        if index:
            step = lon + shift - out[-1][0]
            if step > 180:
                shift -= 360
            elif step < -180:
                shift += 360
        out.append((lon + shift, lat))
    return out


def _split_at_antimeridian(points):
    """Return the ring as one or more rings within -180..180 degrees of longitude.

    A few shapes cross the 180th meridian (Russia's far east, Fiji); each part is drawn
    on its own side, clamped to the map's edge, instead of a line across the world.
    """
    ring = _unwrapped(points)
    low, high = min(lon for lon, _ in ring), max(lon for lon, _ in ring)
    if low >= -180 and high <= 180:
        return [ring]
    parts = []
    for offset in (-360, 0, 360):
        moved = [(max(-180.0, min(180.0, lon + offset)), lat) for lon, lat in ring]
        if any(-180 < lon < 180 for lon, _ in moved):
            parts.append(moved)
    return parts


def build(topology):
    """Return the projected map ({width, height, countries: [{id, name, d}]}) of a topology."""
    arcs = _arcs(topology)
    scale = WIDTH / (2 * X_MAX)
    shapes, top, bottom = [], math.inf, -math.inf
    for geometry in topology["objects"]["countries"]["geometries"]:
        if geometry.get("id") in LEFT_OUT:
            continue
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        rings = []
        for polygon in polygons:
            for ring in polygon:
                for part in _split_at_antimeridian(_ring(arcs, ring)):
                    points = []
                    for lon, lat in part:
                        x, y = equal_earth(lon, lat)
                        x, y = round(x * scale + WIDTH / 2), round(y * scale)  # a pixel of 1000
                        top, bottom = min(top, y), max(bottom, y)
                        if not points or points[-1] != (x, y):
                            points.append((x, y))
                    rings.append(points)
        shapes.append((geometry.get("id", ""), geometry["properties"]["name"], rings))
    countries_out = []
    for numeric, name, rings in shapes:
        d = "".join(
            "M" + "L".join(f"{x},{y - top}" for x, y in ring) + "Z"
            for ring in rings
            if len(ring) > 2
        )
        countries_out.append({"id": numeric, "name": name, "d": d})
    edge = [(180, lat) for lat in range(90, -91, -5)] + [(-180, lat) for lat in range(-90, 91, 5)]
    sphere = (
        "M"
        + "L".join(
            f"{round(x * scale + WIDTH / 2)},{round(y * scale) - top}"
            for x, y in (equal_earth(lon, lat) for lon, lat in edge)
        )
        + "Z"
    )
    return {
        "width": WIDTH, "height": math.ceil(bottom - top), "sphere": sphere,
        "countries": countries_out,
    }  # fmt: skip


@cache
def shapes():
    """The projected shapes, with each shape's ISO 3166 alpha-2 code where it has one."""
    data = json.loads(DATA.read_text())
    for country in data["countries"]:
        country["code"] = countries.alpha2(int(country["id"])) if country["id"] else ""
    return data


@dataclass
class Region:
    code: str
    name: str
    d: str
    shade: int
    text: str


@dataclass
class Choropleth:
    key: str
    title: str
    width: int
    height: int
    sphere: str
    regions: list
    rows: list
    legend: list
    shade_note: str


def choropleth(key, title, values, describe, shade_note=""):
    """Return a map of `values` ({alpha-2 code: number}) in SHADES classes of equal width.

    `describe(code)` gives the words of a country's figure (its tooltip and table cell).
    """
    world = shapes()
    largest = max(values.values(), default=Decimal(0))
    regions = []
    translated = get_language() != settings.LANGUAGE_CODE  # Natural Earth names are English
    for country in world["countries"]:
        value = values.get(country["code"])
        shade = math.ceil(value / largest * SHADES) if value and largest else 0
        name = (translated and countries.name(country["code"])) or country["name"]
        text = (
            gettext("%(country)s: %(figure)s")
            % {"country": name, "figure": describe(country["code"])}
            if value
            else name
        )
        regions.append(Region(country["code"], name, country["d"], shade, text))
    rows = sorted(
        ({"code": code, "name": countries.name(code) or code, "value": value,
          "text": describe(code)} for code, value in values.items()),
        key=lambda row: (-row["value"], row["name"]),
    )  # fmt: skip
    legend = [
        (shade, _rounded(largest * (shade - 1) / SHADES), _rounded(largest * shade / SHADES))
        for shade in range(1, SHADES + 1)
    ]
    return Choropleth(key, title, world["width"], world["height"], world["sphere"], regions,
                      rows, legend, shade_note)  # fmt: skip


def _rounded(value):
    """A class boundary to three significant figures (boundaries are not recorded figures)."""
    if not value:
        return Decimal(0)
    value = Decimal(value)
    return value.quantize(Decimal(f"1E{value.adjusted() - 2}"))


if __name__ == "__main__":  # make vendor: python -m companies.worldmap SOURCE TARGET
    source, target = sys.argv[1:3]
    projected = build(json.loads(Path(source).read_text()))
    Path(target).write_text(json.dumps(projected, separators=(",", ":")))
    print(f"{target}: {len(projected['countries'])} shapes, {Path(target).stat().st_size} bytes")

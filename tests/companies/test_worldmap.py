"""The world map's shapes: projected from the shipped Natural Earth file, drawn whole."""

import json
import re

from companies import worldmap


def test_the_shipped_shapes_are_what_make_vendor_projects_from_world_atlas():
    source = worldmap.NODE_SOURCE
    assert source.exists(), "npm ci installs world-atlas (CI does)"
    built = worldmap.build(json.loads(source.read_text()))
    assert built == json.loads(worldmap.DATA.read_text())


def test_no_shape_draws_a_line_across_the_world_at_the_180th_meridian():
    for country in worldmap.shapes()["countries"]:
        for ring in country["d"].strip("Z").split("ZM"):
            xs = [int(x) for x, _ in re.findall(r"(-?\d+),(-?\d+)", ring)]
            jumps = [abs(b - a) for a, b in zip(xs, xs[1:], strict=False)]
            assert max(jumps, default=0) < worldmap.WIDTH / 2, country["name"]


def test_every_shape_with_an_iso_number_has_a_country_code():
    coded = [c for c in worldmap.shapes()["countries"] if c["id"]]
    assert all(c["code"] for c in coded)
    assert {"MA", "EH", "CN", "ID", "HU"} <= {c["code"] for c in coded}


def test_equal_earth_puts_the_origin_in_the_middle_and_the_poles_on_the_axis():
    assert worldmap.equal_earth(0, 0) == (0.0, -0.0)
    x, y = worldmap.equal_earth(0, 90)
    assert x == 0 and y < 0

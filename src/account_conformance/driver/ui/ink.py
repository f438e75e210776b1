"""The colour a marker is painted in, read from the pixels of a screenshot of its box.

A CSS property says what colour an element asks for, not what a person sees: a glyph with
``-webkit-text-fill-color``, a menu under ``filter: grayscale(1)``, ``color: transparent``
or an overlay all paint something else. So the driver takes a small screenshot of the
marker's box (its whole pixels: the box rounded inwards, so no neighbour's border creeps in)
and ``dominant_ink`` reads it:

1. **background**: the most common colour among the image's edge pixels (its outermost rows
   and columns: a glyph's line box, an icon's corners);
2. **ink**: every pixel whose distance from the background is more than ``INK_DISTANCE``
   (Euclidean distance in RGB, channels 0–255; the largest possible is about 441);
3. **ink colour**: the mean of the ink pixels in the top third by that distance (at least
   one pixel): the glyph's or shape's core, not its anti-aliased rim, which is a blend with
   the background.

No ink pixel at all means nothing is painted there: ``dominant_ink`` answers ``None``.
"""

from __future__ import annotations

import math
from collections import Counter

from .png import Image, Rgb

INK_DISTANCE = 40.0
"""How far (RGB distance) a pixel must be from the background to count as ink."""
CORE_FRACTION = 1 / 3
"""The share of the ink pixels, the farthest from the background, whose mean is the colour."""


def background_of(image: Image) -> Rgb:
    """The most common colour of ``image``'s edge pixels (ties: the first seen)."""
    if not image.width or not image.height:
        raise ValueError("an empty image has no background")
    right, bottom = image.width - 1, image.height - 1
    edge = [image.pixel(x, y) for y in (0, bottom) for x in range(image.width)]
    edge += [image.pixel(x, y) for x in (0, right) for y in range(1, bottom)]
    return Counter(edge).most_common(1)[0][0]


def dominant_ink(image: Image) -> Rgb | None:
    """The colour the image is painted in over its background (module docstring); ``None``
    when no pixel differs from the background by more than ``INK_DISTANCE``."""
    if not image.width or not image.height:
        return None
    background = background_of(image)
    ink = [(distance, pixel) for pixel in image.pixels
           if (distance := math.dist(pixel, background)) > INK_DISTANCE]
    if not ink:
        return None
    ink.sort(key=lambda found: found[0], reverse=True)
    core = [pixel for _, pixel in ink[:max(1, math.ceil(len(ink) * CORE_FRACTION))]]
    red, green, blue = (round(sum(pixel[i] for pixel in core) / len(core)) for i in range(3))
    return red, green, blue


def css_rgb(colour: Rgb) -> str:
    """``rgb(r, g, b)``, the form ``parse_css_colour`` and ``is_blue`` read."""
    return f"rgb({colour[0]}, {colour[1]}, {colour[2]})"

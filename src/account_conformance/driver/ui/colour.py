"""CSS colours as a browser reports them, and whether one reads as blue (statement S09).

``parse_css_colour`` reads the forms a computed style or a locator file may hold:
``rgb()``/``rgba()`` (commas or spaces, numbers or percentages, ``/ alpha``), ``hsl()``/
``hsla()``, ``#rgb``/``#rgba``/``#rrggbb``/``#rrggbbaa`` and a few named colours. Anything
else (``none``, ``url(#g)``, ``currentcolor``, ``oklch(...)``) raises ``ValueError``, and
``is_blue`` answers ``False`` for it: a colour the suite cannot read is not shown to be blue.

Blue means: hue 190°–260°, saturation at least 0.35, lightness 0.20–0.80, alpha at least 0.5
(``#1d6fe8`` is hue 216°, saturation 0.82, lightness 0.51; grey ``#8a8a8a`` has saturation 0).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

BLUE_HUE = (190.0, 260.0)
BLUE_MIN_SATURATION = 0.35
BLUE_LIGHTNESS = (0.20, 0.80)
BLUE_MIN_ALPHA = 0.5

NAMED_COLOURS: dict[str, tuple[float, float, float, float]] = {
    "black": (0, 0, 0, 1), "white": (255, 255, 255, 1), "grey": (128, 128, 128, 1),
    "gray": (128, 128, 128, 1), "silver": (192, 192, 192, 1), "red": (255, 0, 0, 1),
    "green": (0, 128, 0, 1), "lime": (0, 255, 0, 1), "blue": (0, 0, 255, 1),
    "navy": (0, 0, 128, 1), "mediumblue": (0, 0, 205, 1), "royalblue": (65, 105, 225, 1),
    "dodgerblue": (30, 144, 255, 1), "steelblue": (70, 130, 180, 1),
    "cornflowerblue": (100, 149, 237, 1), "deepskyblue": (0, 191, 255, 1),
    "yellow": (255, 255, 0, 1), "orange": (255, 165, 0, 1), "purple": (128, 0, 128, 1),
    "transparent": (0, 0, 0, 0),
}
_FUNCTION = re.compile(r"^(rgba?|hsla?)\((.*)\)$")
_HEX = re.compile(r"^#([0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$")
_HUE_UNITS = {"": 1.0, "deg": 1.0, "grad": 0.9, "rad": 180.0 / math.pi, "turn": 360.0}


def parse_css_colour(text: str) -> tuple[float, float, float, float]:
    """``(r, g, b, a)`` of a CSS colour: channels 0–255, alpha 0–1; ``ValueError`` if unread."""
    value = text.strip().lower()
    if value == "currentcolor":
        raise ValueError("currentcolor depends on the element's 'color'; read that instead")
    if value in NAMED_COLOURS:
        return NAMED_COLOURS[value]
    if hexed := _HEX.match(value):
        return _hex(hexed.group(1))
    if function := _FUNCTION.match(value):
        name, arguments = function.groups()
        channels, alpha = _arguments(arguments, text)
        if name.startswith("rgb"):
            red, green, blue = (_channel(part, text) for part in channels)
        else:
            red, green, blue = _hsl_to_rgb(_hue(channels[0], text), _percent(channels[1], text),
                                           _percent(channels[2], text))
        return red, green, blue, _alpha(alpha, text)
    raise ValueError(f"not a CSS colour this suite reads: {text!r}")


def hue_saturation_lightness(rgb: Sequence[float]) -> tuple[float, float, float]:
    """Hue (degrees, 0–360), saturation and lightness (0–1) of ``(r, g, b[, a])`` 0–255."""
    red, green, blue = (min(max(channel, 0.0), 255.0) / 255.0 for channel in rgb[:3])
    high, low = max(red, green, blue), min(red, green, blue)
    lightness = (high + low) / 2
    spread = high - low
    if spread == 0:
        return 0.0, 0.0, lightness
    saturation = spread / (1 - abs(2 * lightness - 1))
    if high == red:
        hue = ((green - blue) / spread) % 6
    elif high == green:
        hue = (blue - red) / spread + 2
    else:
        hue = (red - green) / spread + 4
    return (hue * 60) % 360, min(saturation, 1.0), lightness


def is_blue(text: str | None) -> bool:
    """True when ``text`` is a CSS colour a person reads as blue (see the module docstring)."""
    if not text:
        return False
    try:
        *rgb, alpha = parse_css_colour(text)
    except ValueError:
        return False
    hue, saturation, lightness = hue_saturation_lightness(rgb)
    return (BLUE_HUE[0] <= hue <= BLUE_HUE[1] and saturation >= BLUE_MIN_SATURATION
            and BLUE_LIGHTNESS[0] <= lightness <= BLUE_LIGHTNESS[1] and alpha >= BLUE_MIN_ALPHA)


def describe_colour(text: str | None) -> str:
    """``text`` with its hue, saturation and lightness, for failure messages."""
    if not text:
        return "no colour"
    try:
        *rgb, alpha = parse_css_colour(text)
    except ValueError:
        return f"{text} (not a colour the suite reads)"
    hue, saturation, lightness = hue_saturation_lightness(rgb)
    return (f"{text} (hue {hue:.0f}°, saturation {saturation:.2f}, "
            f"lightness {lightness:.2f}, alpha {alpha:.2f})")


def _hex(digits: str) -> tuple[float, float, float, float]:
    """The channels of a hexadecimal colour's digits (3, 4, 6 or 8 of them)."""
    if len(digits) in (3, 4):
        digits = "".join(digit * 2 for digit in digits)
    values = [int(digits[i:i + 2], 16) for i in range(0, len(digits), 2)]
    alpha = values[3] / 255 if len(values) == 4 else 1.0
    return float(values[0]), float(values[1]), float(values[2]), alpha


def _arguments(arguments: str, text: str) -> tuple[list[str], str | None]:
    """Three channel arguments and the alpha argument (``None`` if absent)."""
    if "," in arguments:
        parts = [part.strip() for part in arguments.split(",")]
        alpha = parts[3] if len(parts) == 4 else None
        channels = parts[:3]
        if len(parts) not in (3, 4):
            raise ValueError(f"not a CSS colour this suite reads: {text!r}")
    else:
        colour, _, alpha_text = arguments.partition("/")
        channels = colour.split()
        alpha = alpha_text.strip() or None
    if len(channels) != 3 or not all(channels):
        raise ValueError(f"not a CSS colour this suite reads: {text!r}")
    return channels, alpha


def _number(part: str, text: str) -> float:
    """A CSS number (``none`` is 0)."""
    if part == "none":
        return 0.0
    try:
        return float(part)
    except ValueError:
        raise ValueError(f"not a CSS colour this suite reads: {text!r}") from None


def _channel(part: str, text: str) -> float:
    """An rgb() channel: a number 0–255 or a percentage."""
    if part.endswith("%"):
        return min(max(_number(part[:-1], text), 0.0), 100.0) * 2.55
    return min(max(_number(part, text), 0.0), 255.0)


def _percent(part: str, text: str) -> float:
    """An hsl() saturation or lightness (a percentage, or a bare number) as 0–1."""
    return min(max(_number(part.removesuffix("%"), text), 0.0), 100.0) / 100


def _hue(part: str, text: str) -> float:
    """An hsl() hue in degrees (units deg, grad, rad, turn or none)."""
    unit = re.sub(r"^[-+0-9.e]+", "", part)
    if unit not in _HUE_UNITS:
        raise ValueError(f"not a CSS colour this suite reads: {text!r}")
    return _number(part[:len(part) - len(unit)], text) * _HUE_UNITS[unit] % 360


def _alpha(part: str | None, text: str) -> float:
    """The alpha argument as 0–1 (1 when absent)."""
    if part is None:
        return 1.0
    if part.endswith("%"):
        return min(max(_number(part[:-1], text) / 100, 0.0), 1.0)
    return min(max(_number(part, text), 0.0), 1.0)


def _hsl_to_rgb(hue: float, saturation: float, lightness: float) -> tuple[float, float, float]:
    """The 0–255 channels of an HSL colour."""
    chroma = (1 - abs(2 * lightness - 1)) * saturation
    second = chroma * (1 - abs((hue / 60) % 2 - 1))
    sector = int(hue // 60) % 6
    red, green, blue = [(chroma, second, 0.0), (second, chroma, 0.0), (0.0, chroma, second),
                        (0.0, second, chroma), (second, 0.0, chroma), (chroma, 0.0, second)][sector]
    base = lightness - chroma / 2
    return (red + base) * 255, (green + base) * 255, (blue + base) * 255

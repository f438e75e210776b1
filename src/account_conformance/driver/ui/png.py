"""Decoding the PNG screenshots the browser takes, in pure Python (zlib and nothing else).

``decode_png`` reads what Chromium writes for a screenshot: 8-bit truecolour (``RGB``) or
truecolour with alpha (``RGBA``), not interlaced, any of the five row filters (None, Sub,
Up, Average, Paeth), the image data split over any number of ``IDAT`` chunks. Every chunk's
CRC is checked. Anything else (another bit depth, a palette or grey image, an interlaced
one, a broken or truncated file) is refused with ``ValueError``: the suite reads no pixel it
is not sure of.

Pixels come back as ``(r, g, b)`` tuples, 0–255; an ``RGBA`` pixel is composited over white
(a screenshot of a page is opaque, so this only matters for a page without a background).
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass

SIGNATURE = b"\x89PNG\r\n\x1a\n"
COLOUR_TYPES = {2: 3, 6: 4}  # PNG colour type -> bytes per pixel (8-bit RGB, RGBA)
MAX_PIXELS = 4_000_000
"""A larger image is refused: the driver only decodes small clips."""

Rgb = tuple[int, int, int]


@dataclass(frozen=True)
class Image:
    """A decoded image: ``pixels`` row by row, top to bottom, ``width * height`` of them."""

    width: int
    height: int
    pixels: tuple[Rgb, ...]

    def pixel(self, x: int, y: int) -> Rgb:
        """The pixel at column ``x``, row ``y`` (from the top-left corner)."""
        return self.pixels[y * self.width + x]

    def crop(self, x: int, y: int, width: int, height: int) -> Image:
        """The part of the image ``width`` x ``height`` from ``(x, y)``, clamped to it."""
        left, top = max(x, 0), max(y, 0)
        right, bottom = min(x + width, self.width), min(y + height, self.height)
        if right <= left or bottom <= top:
            return Image(0, 0, ())
        rows = [self.pixels[row * self.width + left:row * self.width + right]
                for row in range(top, bottom)]
        return Image(right - left, bottom - top, tuple(p for row in rows for p in row))


def decode_png(data: bytes) -> Image:
    """The pixels of a PNG file (see the module docstring); ``ValueError`` if not readable."""
    if not data.startswith(SIGNATURE):
        raise ValueError("not a PNG file (no PNG signature)")
    header: tuple[int, ...] | None = None
    compressed = bytearray()
    position = len(SIGNATURE)
    while True:
        if position + 12 > len(data):
            raise ValueError("PNG file cut off before its IEND chunk")
        length, kind = struct.unpack(">I4s", data[position:position + 8])
        body = data[position + 8:position + 8 + length]
        end = position + 12 + length
        if end > len(data):
            raise ValueError(f"PNG chunk {kind!r} cut off")
        (crc,) = struct.unpack(">I", data[end - 4:end])
        if zlib.crc32(kind + body) != crc:
            raise ValueError(f"PNG chunk {kind!r} has a wrong CRC")
        position = end
        if kind == b"IHDR":
            if length != 13:
                raise ValueError("PNG IHDR chunk of the wrong length")
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            compressed += body
        elif kind == b"IEND":
            break
    if header is None:
        raise ValueError("PNG file without an IHDR chunk")
    return _pixels(header, bytes(compressed))


def _pixels(header: tuple[int, ...], compressed: bytes) -> Image:
    """The image an IHDR header and the joined IDAT data describe."""
    width, height, depth, colour_type, compression, filtering, interlace = header
    if depth != 8 or colour_type not in COLOUR_TYPES:
        raise ValueError(f"PNG of bit depth {depth} and colour type {colour_type}: only 8-bit "
                         "RGB (type 2) and RGBA (type 6) are read")
    if compression != 0 or filtering != 0:
        raise ValueError("PNG with an unknown compression or filter method")
    if interlace != 0:
        raise ValueError("interlaced PNG: not read")
    if width == 0 or height == 0 or width * height > MAX_PIXELS:
        raise ValueError(f"PNG of {width} x {height} pixels: not read")
    step = COLOUR_TYPES[colour_type]
    stride = width * step
    try:
        raw = zlib.decompress(compressed)
    except zlib.error as error:
        raise ValueError(f"PNG image data does not decompress: {error}") from None
    if len(raw) != height * (stride + 1):
        raise ValueError(f"PNG image data of {len(raw)} bytes, expected {height * (stride + 1)}")
    pixels: list[Rgb] = []
    previous = bytearray(stride)
    for row in range(height):
        start = row * (stride + 1)
        current = _unfilter(raw[start], bytearray(raw[start + 1:start + 1 + stride]),
                            previous, step)
        if step == 3:
            pixels += zip(current[0::3], current[1::3], current[2::3], strict=True)
        else:
            pixels += (_over_white(current[i:i + 4]) for i in range(0, stride, 4))
        previous = current
    return Image(width, height, tuple(pixels))


def _unfilter(kind: int, line: bytearray, previous: bytearray, step: int) -> bytearray:
    """One scanline with its filter ``kind`` undone (``previous``: the line above, unfiltered)."""
    if kind == 0:
        return line
    if kind == 1:
        for i in range(step, len(line)):
            line[i] = (line[i] + line[i - step]) & 0xFF
    elif kind == 2:
        for i in range(len(line)):
            line[i] = (line[i] + previous[i]) & 0xFF
    elif kind == 3:
        for i in range(len(line)):
            left = line[i - step] if i >= step else 0
            line[i] = (line[i] + ((left + previous[i]) >> 1)) & 0xFF
    elif kind == 4:
        for i in range(len(line)):
            left = line[i - step] if i >= step else 0
            upper_left = previous[i - step] if i >= step else 0
            line[i] = (line[i] + _paeth(left, previous[i], upper_left)) & 0xFF
    else:
        raise ValueError(f"PNG row filter {kind} does not exist")
    return line


def _paeth(left: int, up: int, upper_left: int) -> int:
    """The Paeth predictor of the PNG specification."""
    estimate = left + up - upper_left
    to_left, to_up, to_corner = (abs(estimate - left), abs(estimate - up),
                                 abs(estimate - upper_left))
    if to_left <= to_up and to_left <= to_corner:
        return left
    return up if to_up <= to_corner else upper_left


def _over_white(rgba: bytearray) -> Rgb:
    """An RGBA pixel composited over white."""
    alpha = rgba[3]
    return (
        (rgba[0] * alpha + 255 * (255 - alpha) + 127) // 255,
        (rgba[1] * alpha + 255 * (255 - alpha) + 127) // 255,
        (rgba[2] * alpha + 255 * (255 - alpha) + 127) // 255,
    )

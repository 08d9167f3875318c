#!/usr/bin/env python3
"""Draws the portal's application icons (public/icons/*.png) from the favicon's geometry.

The favicon (public/favicon.svg) is a white cross on the dark blue of the design tokens
(--color-blue-dark, #223654) in a 32-unit square with rounded corners. The installable app
needs PNGs: 192 and 512 px as drawn ("any"), and a maskable variant whose background fills the
whole square (the launcher cuts its own shape; the cross stays inside the safe zone, a circle
of 40 % of the width around the centre). Standard library only; each pixel is sampled 4×4
times, so the edges are smooth. Run it again after a change to the favicon's design:

    python3 scripts/icons.py
"""
import os
import struct
import zlib

BLUE = (0x22, 0x36, 0x54)
WHITE = (0xFF, 0xFF, 0xFF)
# The favicon's cross, in its 32-unit square: (x0, y0, x1, y1).
CROSS = [(14, 7, 18, 25), (7, 14, 25, 18)]
RADIUS = 4
SAMPLES = 4


def inside_rounded_square(x, y):
    """Whether (x, y), in units, is inside the favicon's square with its rounded corners."""
    if not (0 <= x <= 32 and 0 <= y <= 32):
        return False
    cx = min(max(x, RADIUS), 32 - RADIUS)
    cy = min(max(y, RADIUS), 32 - RADIUS)
    return (x - cx) ** 2 + (y - cy) ** 2 <= RADIUS ** 2


def on_cross(x, y):
    return any(x0 <= x <= x1 and y0 <= y <= y1 for (x0, y0, x1, y1) in CROSS)


def draw(size, maskable):
    """RGBA rows of the icon at `size` pixels."""
    rows = []
    unit = 32 / size
    for py in range(size):
        row = bytearray()
        for px in range(size):
            cover = white = 0
            for sy in range(SAMPLES):
                for sx in range(SAMPLES):
                    x = (px + (sx + 0.5) / SAMPLES) * unit
                    y = (py + (sy + 0.5) / SAMPLES) * unit
                    if maskable or inside_rounded_square(x, y):
                        cover += 1
                        white += on_cross(x, y)
            n = SAMPLES * SAMPLES
            if cover == 0:
                row += bytes((0, 0, 0, 0))
                continue
            # Colour averaged over the covered samples, alpha from the coverage.
            colour = [round((w * white + b * (cover - white)) / cover) for w, b in zip(WHITE, BLUE)]
            row += bytes(colour + [round(255 * cover / n)])
        rows.append(bytes(row))
    return rows


def png(size, rows):
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + row for row in rows)
    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def main():
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "public", "icons")
    os.makedirs(out, exist_ok=True)
    for size in (192, 512):
        for maskable in (False, True):
            name = f"icon-{size}{'-maskable' if maskable else ''}.png"
            with open(os.path.join(out, name), "wb") as f:
                f.write(png(size, draw(size, maskable)))
            print(name)


if __name__ == "__main__":
    main()

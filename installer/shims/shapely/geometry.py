"""Polygon with .area and .length only: see shapely/__init__.py (Coffer's bundle-only shim)."""
from __future__ import annotations

import math

__all__ = ["Polygon"]


class Polygon:
    """A simple polygon without holes, given as its shell's (x, y) points (open or closed)."""

    __slots__ = ("_ring",)

    def __init__(self, shell=None) -> None:
        points = [(float(p[0]), float(p[1])) for p in (shell if shell is not None else ())]
        if points and points[0] != points[-1]:
            points.append(points[0])  # GEOS closes the ring
        if points and len(points) < 4:
            raise ValueError("A linearring requires at least 4 coordinates.")
        self._ring = points

    @property
    def area(self) -> float:
        # geos::algorithm::Area::ofRingSigned (shoelace with x shifted by the first x), abs'd.
        ring = self._ring
        n = len(ring)
        if n < 3:
            return 0.0
        x0 = ring[0][0]
        p1x, p1y = ring[0]
        p2x, p2y = ring[1][0] - x0, ring[1][1]
        total = 0.0
        for i in range(1, n - 1):
            p0y = p1y
            p1x, p1y = p2x, p2y
            p2x, p2y = ring[i + 1][0] - x0, ring[i + 1][1]
            total += p1x * (p0y - p2y)
        return abs(total / 2.0)

    @property
    def length(self) -> float:
        # geos::algorithm::Length::ofLine over the closed ring.
        ring = self._ring
        total = 0.0
        for (xa, ya), (xb, yb) in zip(ring[:-1], ring[1:], strict=True):
            dx, dy = xb - xa, yb - ya
            total += math.sqrt(dx * dx + dy * dy)
        return total

    @property
    def is_empty(self) -> bool:
        return not self._ring

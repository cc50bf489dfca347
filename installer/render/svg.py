"""Small inline SVG charts for the HTML report: no scripts, no network."""
from __future__ import annotations

from html import escape

PALETTE = ("#2563eb", "#16a34a", "#d97706", "#9333ea", "#dc2626", "#0891b2")


def bar_chart(items: list[tuple[str, float | None, str]], title: str) -> str:
    """Horizontal bars of a 0-100 score, each with the counts behind it (`3 of 4 ...`, a
    red 50% that is one check of two says so); None is drawn with its note alone."""
    row, width, label_w, bar_w = 30, 760, 110, 300
    height = row * len(items) + 10
    parts = [f'<svg class="chart" role="img" aria-label="{escape(title)}" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}"><title>{escape(title)}</title>']
    for i, (label, value, note) in enumerate(items):
        y = 5 + i * row
        parts.append(f'<text x="0" y="{y + 17}" font-size="13">{escape(label)}</text>')
        parts.append(f'<rect x="{label_w}" y="{y}" width="{bar_w}" height="20" fill="#e5e7eb"/>')
        if value is None:
            parts.append(f'<text x="{label_w + 6}" y="{y + 15}" font-size="12" fill="#6b7280">{escape(note)}</text>')
            continue
        colour = "#16a34a" if value >= 90 else "#d97706" if value >= 60 else "#dc2626"
        parts.append(f'<rect class="bar" x="{label_w}" y="{y}" width="{bar_w * value / 100:.1f}" height="20" fill="{colour}"/>')
        parts.append(f'<text x="{label_w + bar_w + 8}" y="{y + 15}" font-size="13"><tspan font-weight="bold">'
                     f'{value:.0f}%</tspan> {escape(note)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def line_chart(series: dict[str, list[tuple[str, float | None]]], title: str) -> str:
    """One line per series over the same x labels (snapshot times), y from 0 to 100."""
    width, height, left, bottom, top = 640, 240, 40, 40, 10
    labels = next(iter(series.values()), [])
    steps = max(len(labels) - 1, 1)
    plot_w, plot_h = width - left - 130, height - bottom - top

    def x(i: int) -> float:
        return left + plot_w * i / steps

    def y(v: float) -> float:
        return top + plot_h * (1 - v / 100)

    parts = [f'<svg class="chart" role="img" aria-label="{escape(title)}" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}"><title>{escape(title)}</title>']
    for v in (0, 50, 100):
        parts.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{y(v)}" y2="{y(v)}" stroke="#e5e7eb"/>'
                     f'<text x="4" y="{y(v) + 4}" font-size="11">{v}%</text>')
    for i, (label, _) in enumerate(labels):
        if i in (0, len(labels) - 1):
            parts.append(f'<text x="{x(i)}" y="{height - 20}" font-size="11" text-anchor="middle">{escape(label)}</text>')
    for n, (name, points) in enumerate(series.items()):
        colour = PALETTE[n % len(PALETTE)]
        coords = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, (_, v) in enumerate(points) if v is not None)
        parts.append(f'<polyline class="series" points="{coords}" fill="none" stroke="{colour}" stroke-width="2"/>')
        for i, (_, v) in enumerate(points):
            if v is not None:
                parts.append(f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="3" fill="{colour}"/>')
        parts.append(f'<text x="{left + plot_w + 12}" y="{top + 14 + 16 * n}" font-size="12" fill="{colour}">'
                     f'{escape(name)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def column_chart(items: list[tuple[str, int]], title: str) -> str:
    """Vertical bars of counts (audit activity per day)."""
    width, height, bottom = 640, 200, 30
    peak = max((v for _, v in items), default=0) or 1
    slot = (width - 20) / max(len(items), 1)
    parts = [f'<svg class="chart" role="img" aria-label="{escape(title)}" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}"><title>{escape(title)}</title>']
    for i, (label, value) in enumerate(items):
        h = (height - bottom - 20) * value / peak
        bx = 10 + i * slot
        parts.append(f'<rect class="bar" x="{bx + 2:.1f}" y="{height - bottom - h:.1f}" width="{slot - 4:.1f}" '
                     f'height="{h:.1f}" fill="#2563eb"><title>{escape(label)}: {value}</title></rect>')
        parts.append(f'<text x="{bx + slot / 2:.1f}" y="{height - bottom - h - 4:.1f}" font-size="10" '
                     f'text-anchor="middle">{value}</text>')
        parts.append(f'<text x="{bx + slot / 2:.1f}" y="{height - 10}" font-size="10" text-anchor="middle">'
                     f'{escape(label)}</text>')
    parts.append("</svg>")
    return "".join(parts)

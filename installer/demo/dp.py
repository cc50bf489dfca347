"""The demo's privacy-analytics section: DP queries with budgets, utility versus epsilon
(printed and saved as an SVG plot written with the standard library), Paillier sums."""
from __future__ import annotations

import math
import random
import statistics
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

import psycopg

from installer.api.governance import Governance
from installer.crypto.paillier import generate_keypair

EPSILONS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 5.0)
RUNS = 25
TABLE = "public.demo_patients"


def run(conn: psycopg.Connection, gov: Governance, key_bits: int = 2048, plot_dir: Path | None = None) -> Path:
    """Runs in the caller's transaction; returns where the plot was saved."""
    rng = random.Random(2012)
    ages = [min(99, max(0, int(rng.gauss(47, 18)))) for _ in range(2000)]
    conn.execute(f"CREATE TABLE {TABLE} (id int PRIMARY KEY, age int, city text)")
    with conn.cursor() as cur:
        cur.executemany(f"INSERT INTO {TABLE} VALUES (%s, %s, %s)",
                        [(i, age, rng.choice(["Lyon", "Porto", "Graz"])) for i, age in enumerate(ages)])
    gov.set_budget("analyst@example.com", TABLE, 2.0)
    gov.set_context("analyst@example.com", purpose="research")

    release = gov.dp_count_release(TABLE, 0.5)
    print(f"dp_count at epsilon 0.5: {release.value} (noise scale {release.noise_scale}, release #{release.release_id})")
    mean = gov.dp_mean_release(TABLE, "age", 0, 100, 1.0)
    print(f"dp_mean(age in [0, 100]) at epsilon 1: {mean.value:.2f} (true {statistics.mean(ages):.2f}); "
          f"sum noise scale {mean.noise_scale}")
    bars = gov.dp_histogram(TABLE, "city", ["Lyon", "Porto", "Graz", "Oslo"], 0.25)
    print("dp_histogram(city) at epsilon 0.25: " + ", ".join(f"{city}={count}" for city, count in bars))
    print(f"budget left: {gov.dp_remaining(TABLE)}")
    try:
        with conn.transaction():
            gov.dp_count(TABLE, 1.0)
    except psycopg.errors.InsufficientPrivilege as exc:
        print(f"overspending is refused: {exc.diag.message_primary}")

    path = _utility_versus_epsilon(conn, gov, ages, plot_dir)
    _paillier(conn, gov, key_bits)
    return path


def _utility_versus_epsilon(conn: psycopg.Connection, gov: Governance, ages: list[int], plot_dir: Path | None) -> Path:
    gov.set_context("dpo@example.com")
    gov.set_budget("utility-study", TABLE, RUNS * sum(EPSILONS))
    gov.set_context("utility-study")
    truth = statistics.mean(ages)
    print(f"\nutility of dp_mean(age in [0, 100]) over {len(ages)} rows, {RUNS} releases per epsilon:")
    print(f"{'epsilon':>8} {'mean |error|':>13} {'worst |error|':>14} {'noise scale':>12}")
    rows = []
    for epsilon in EPSILONS:
        errors = [abs(float(gov.dp_mean(TABLE, "age", 0, 100, epsilon)) - truth) for _ in range(RUNS)]
        rows.append((epsilon, statistics.mean(errors), max(errors)))
        print(f"{epsilon:8.2f} {rows[-1][1]:13.3f} {rows[-1][2]:14.3f} {100 / epsilon:12.1f}")
    path = (plot_dir or Path(tempfile.gettempdir())) / "pg-governance-dp-utility.svg"
    path.write_text(svg_plot(rows))
    print(f"plot saved: {path}")
    return path


def _paillier(conn: psycopg.Connection, gov: Governance, key_bits: int) -> None:
    print(f"\nPaillier: generating a {key_bits}-bit key pair client-side ...")
    public, private = generate_keypair(key_bits)
    salaries = [52_000, 61_500, -1_200, 48_250, 75_000, 39_900, -800, 66_100]  # corrections are negative
    conn.execute("CREATE TABLE public.demo_payroll (amount privacy.paillier_ciphertext)")
    with conn.cursor() as cur:
        cur.executemany("INSERT INTO public.demo_payroll VALUES (ROW(%s, %s)::privacy.paillier_ciphertext)",
                        [private.encrypt(s) for s in salaries])
    total = gov.paillier_sum("demo_payroll", "amount", public.n)
    digits = len(str(total.c))
    print(f"the database summed {len(salaries)} ciphertexts without the private key: a {digits}-digit ciphertext")
    print(f"decrypted client-side: {private.decrypt(total)} (plain sum {sum(salaries)})")
    other, _ = generate_keypair(512)
    try:
        with conn.transaction():
            conn.execute("INSERT INTO public.demo_payroll VALUES (ROW(%s, %s)::privacy.paillier_ciphertext)",
                         other.encrypt(1))
            gov.paillier_sum("demo_payroll", "amount", public.n)
    except psycopg.errors.InvalidParameterValue as exc:
        print(f"a ciphertext of another key is refused: {exc.diag.message_primary}")


def svg_plot(rows: list[tuple[float, float, float]], width: int = 560, height: int = 360) -> str:
    """Mean and worst absolute error against epsilon, log-log axes, as a standalone SVG."""
    left, right, top, bottom = 70, 20, 30, 50
    xs = [math.log10(e) for e, _, _ in rows]
    ys = [math.log10(max(v, 1e-6)) for _, mean, worst in rows for v in (mean, worst)]
    x0, x1 = min(xs), max(xs)
    y0, y1 = math.floor(min(ys)), math.ceil(max(ys))

    def px(x: float) -> float:
        return left + (x - x0) / (x1 - x0) * (width - left - right)

    def py(y: float) -> float:
        return height - bottom - (y - y0) / (y1 - y0 or 1) * (height - top - bottom)

    def line(index: int, colour: str) -> str:
        points = " ".join(f"{px(math.log10(r[0])):.1f},{py(math.log10(max(r[index], 1e-6))):.1f}" for r in rows)
        dots = "".join(f'<circle cx="{p.split(",")[0]}" cy="{p.split(",")[1]}" r="3" fill="{colour}"/>'
                       for p in points.split())
        return f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{points}"/>{dots}'

    ticks = "".join(
        f'<text x="{px(math.log10(e)):.1f}" y="{height - bottom + 18}" text-anchor="middle">{escape(f"{e:g}")}</text>'
        for e, _, _ in rows)
    ticks += "".join(
        f'<line x1="{left}" x2="{width - right}" y1="{py(k):.1f}" y2="{py(k):.1f}" stroke="#ddd"/>'
        f'<text x="{left - 8}" y="{py(k) + 4:.1f}" text-anchor="end">{escape(f"{10.0 ** k:g}")}</text>'
        for k in range(y0, y1 + 1))
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" '
            f'font-size="12">\n<rect width="100%" height="100%" fill="white"/>{ticks}'
            f'<text x="{width / 2}" y="18" text-anchor="middle" font-size="14">dp_mean error versus epsilon</text>'
            f'<text x="{width / 2}" y="{height - 12}" text-anchor="middle">epsilon (log scale)</text>'
            f'<text x="16" y="{height / 2}" transform="rotate(-90 16 {height / 2})" text-anchor="middle">'
            f'absolute error, years (log scale)</text>'
            f'{line(2, "#d62728")}{line(1, "#1f77b4")}'
            f'<text x="{width - right - 150}" y="{top + 10}" fill="#1f77b4">mean |error|</text>'
            f'<text x="{width - right - 150}" y="{top + 26}" fill="#d62728">worst |error|</text>\n</svg>\n')


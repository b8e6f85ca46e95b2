"""The run's HTML report: self-contained, and it really renders its charts in a browser.

The browser test needs Debian's `chromium` package (`apt-get install -y chromium`); without
/usr/bin/chromium it is skipped with that message.
"""

import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from dagster_project.report import charts, load_report_data, render_report, report_path
from dagster_project.warehouse import DuckDBWarehouse

CHROMIUM = Path("/usr/bin/chromium")
REQUIRED_CHARTS = ["funnel", "tiers", "sources", "sla"]
ALL_CHARTS = REQUIRED_CHARTS + ["velocity", "calibration"]


def chromium(*arguments: str, profile: Path, timeout: int = 120) -> subprocess.CompletedProcess:
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is missing: install Debian's package with `apt-get install -y chromium`")
    return subprocess.run(
        [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-extensions",
         f"--user-data-dir={profile}", *arguments],
        capture_output=True, text=True, timeout=timeout, check=False,
    )


def test_the_run_writes_the_report_beside_the_warehouse(sample_warehouse):
    report = report_path(sample_warehouse)
    assert report.parent == sample_warehouse.parent and report.name == "leads_report.html"
    html = report.read_text(encoding="utf-8")
    for name in ALL_CHARTS:
        assert f'data-chart="{name}"' in html, name
    # Self-contained: nothing is fetched (the SVG namespace is a name, not a request).
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert "<link" not in html and "@import" not in html


def test_the_report_renders_its_charts_in_headless_chromium(sample_warehouse, tmp_path):
    report = tmp_path / "lead_report.html"
    shutil.copy(report_path(sample_warehouse), report)
    dom = chromium("--virtual-time-budget=5000", "--dump-dom", report.as_uri(), profile=tmp_path / "profile")
    assert dom.returncode == 0, dom.stderr[-2000:]
    rendered = re.search(r'<body[^>]*data-charts-rendered="(\d+)"', dom.stdout)
    assert rendered, "the page's load script did not run"
    assert int(rendered.group(1)) == len(ALL_CHARTS)
    for name in REQUIRED_CHARTS:
        svg = re.search(rf'<svg class="chart" data-chart="{name}"[^>]*data-rendered="true"[^>]*>(.*?)</svg>',
                        dom.stdout, flags=re.DOTALL)
        assert svg, f"chart {name} was not laid out"
        assert svg.group(1).count('class="mark"') >= 2, name

    screenshot = tmp_path / "report.png"
    shot = chromium("--window-size=1400,2400", f"--screenshot={screenshot}", report.as_uri(),
                    profile=tmp_path / "profile")
    assert shot.returncode == 0, shot.stderr[-2000:]
    assert screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert screenshot.stat().st_size > 50_000, "a blank page compresses to a few KB"


def test_chart_labels_are_escaped():
    svg = charts.bar_chart([("<script>alert(1)</script>", 3, "#000")], name="x", title="A & B")
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "A &amp; B" in svg


def test_a_chart_without_data_says_so():
    assert "No data yet" in charts.funnel_chart([("Leads", 0)])
    assert 'class="mark"' not in charts.stacked_bar_chart([], name="sla", title="SLA")


def test_funnel_chart_shows_each_step_conversion():
    svg = charts.funnel_chart([("Leads", 200), ("MQLs", 50), ("SQLs", 25)])
    assert svg.count('class="mark"') == 3
    assert "25% of Leads" in svg and "50% of MQLs" in svg


def test_a_rate_without_denominator_is_not_a_number_on_the_page():
    assert charts.percent(float("nan")) == charts.percent(None) == "n/a"
    assert charts.percent(0.256) == "26%"


def test_a_day_without_leads_still_gets_its_report(sample_warehouse, tmp_path):
    """A backfill of a day before anything landed: every mart is empty, and the funnel's sums null."""
    empty = shutil.copy(sample_warehouse, tmp_path / "empty.duckdb")
    with DuckDBWarehouse(empty).session() as session:
        for schema, name in session.query_df(
            "select table_schema, table_name from information_schema.tables"
            " where table_schema in ('marts', 'sync') and table_type = 'BASE TABLE'"
        ).itertuples(index=False):
            session.execute(f'delete from "{schema}"."{name}"')
        data = load_report_data(session, date(2026, 11, 1))
    assert data.funnel["leads"].isna().all()
    html = render_report(data)
    assert 'data-chart="funnel"' in html and "No data yet" in html

"""The scale bench's own reading of dbt's logs (bench/full_refresh.py)."""

import shutil
from pathlib import Path

import duckdb

from bench.full_refresh import full_parse_reason, query_warehouse, scores_fingerprint
from tests.conftest import AS_OF, read_only, run_dbt


def _dbt_parse(warehouse: Path, target: Path, log_dir: Path) -> None:
    parsed = run_dbt(warehouse, "parse", "--target-path", str(target), "--log-path", str(log_dir), "--log-format-file", "json")
    assert parsed.returncode == 0, parsed.stdout[-2000:]


def test_the_bench_says_when_dbt_parsed_the_whole_project_and_why(tmp_path):
    target = tmp_path / "target"
    _dbt_parse(tmp_path / "a.duckdb", target, tmp_path / "first")
    _dbt_parse(tmp_path / "a.duckdb", target, tmp_path / "same_warehouse")
    _dbt_parse(tmp_path / "b.duckdb", target, tmp_path / "other_warehouse")
    assert full_parse_reason(tmp_path / "first") is not None  # nothing saved to start from
    assert full_parse_reason(tmp_path / "same_warehouse") is None
    assert full_parse_reason(tmp_path / "other_warehouse") == "profile has changed"


def test_the_backfill_fingerprint_counts_the_leads_and_tells_a_changed_score(sample_warehouse, tmp_path):
    with read_only(sample_warehouse) as connection:
        leads, score_sum = connection.execute("select count(*), sum(lead_score) from marts.dim_leads").fetchone()
    fingerprint = scores_fingerprint(sample_warehouse)
    assert fingerprint[:3] == [leads, leads, round(score_sum, 3)] and fingerprint[4] == AS_OF
    changed = tmp_path / "changed.duckdb"
    shutil.copy(sample_warehouse, changed)
    with duckdb.connect(str(changed)) as connection:
        connection.execute("update marts.dim_leads set lead_score = lead_score + 1"
                           " where lead_id = (select min(lead_id) from marts.dim_leads)")
    assert scores_fingerprint(changed) != fingerprint


def test_a_query_long_enough_for_duckdbs_progress_bar_still_answers(sample_warehouse):
    """DuckDB draws a progress bar on stdout once a query runs past progress_bar_time, terminal or not:
    at 10M leads the fingerprint's query did, and its answer could not be read (session 18)."""
    assert query_warehouse(sample_warehouse, (
        "con.execute('set progress_bar_time = 10')\n"
        "result = con.execute('select count(*) from range(300000000) t(x) where x % 7 = 1').fetchone()")) == [42857143]

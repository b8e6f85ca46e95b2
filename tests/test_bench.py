"""The scale bench's own reading of dbt's logs (bench/full_refresh.py)."""

from pathlib import Path

from bench.full_refresh import full_parse_reason
from tests.conftest import run_dbt


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

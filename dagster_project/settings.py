"""The public environment of PRODUCT.md, read in one place.

The dbt profile reads the same variables (see dbt_leads/profiles.yml), so pointing them at another
folder and file runs the whole job there.
"""

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DBT_PROJECT_DIR = PROJECT_ROOT / "dbt_leads"
# Past this DuckDB spills to disk instead of taking 80% of RAM; the job's own processes (Dagster's
# and dbt's) each open DuckDB with it. dbt_leads/profiles.yml repeats it as its default. At 1M leads
# / 20M events dbt's models pass at 1GB, full and daily, in about the time they take at 1.5GB, and
# the whole job then stays under 2 GB (docs/benchmarks.md).
DUCKDB_MEMORY_LIMIT = "1GB"


@dataclass(frozen=True)
class Settings:
    warehouse_path: Path
    landing_dir: Path
    as_of: date
    dbt_target: str
    enrichment_config: Path | None = None
    duckdb_memory_limit: str = DUCKDB_MEMORY_LIMIT

    @property
    def published_path(self) -> Path:
        """The read-only copy analysts and reverse-ETL tools read."""
        return self.warehouse_path.with_name(self.warehouse_path.stem + "_published.duckdb")


def _resolve(path: str) -> Path:
    candidate = Path(path).expanduser()
    return candidate if candidate.is_absolute() else (Path.cwd() / candidate).resolve()


def parse_as_of(value: str | None) -> date:
    """`LEADS_AS_OF` as a date; today in UTC when unset. A bad value is an error, not a silent today."""
    if not value:
        return datetime.now(UTC).date()
    try:
        return date.fromisoformat(value.strip())
    except ValueError as error:
        raise ValueError(f"LEADS_AS_OF must be an ISO date such as 2026-11-20, got {value!r}") from error


def load_settings(environ: dict | None = None) -> Settings:
    env = os.environ if environ is None else environ
    return Settings(
        warehouse_path=_resolve(env.get("LEADS_WAREHOUSE") or str(PROJECT_ROOT / "warehouse" / "leads.duckdb")),
        landing_dir=_resolve(env.get("LEADS_LANDING_DIR") or str(PROJECT_ROOT / "seeds" / "exports")),
        as_of=parse_as_of(env.get("LEADS_AS_OF")),
        dbt_target=env.get("DBT_TARGET") or "duckdb",
        enrichment_config=_resolve(env["LEADS_ENRICHMENT_CONFIG"]) if env.get("LEADS_ENRICHMENT_CONFIG") else None,
        duckdb_memory_limit=env.get("LEADS_DUCKDB_MEMORY_LIMIT") or DUCKDB_MEMORY_LIMIT,
    )


@contextmanager
def environment(**values: str) -> Iterator[None]:
    """Set environment variables for a block (a subprocess started inside inherits them), restoring
    the previous values after it."""
    saved = {key: os.environ.get(key) for key in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value

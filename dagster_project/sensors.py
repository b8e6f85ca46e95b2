"""A sensor on LEADS_LANDING_DIR: one run of the daily job per new or changed export file."""


import json
from pathlib import Path

import dagster as dg

from .ingest.loader import landing_files, sha256_of
from .jobs import daily_leads
from .partitions import default_partition_key
from .settings import load_settings


def new_file_requests(
    landing_dir: Path, cursor: dict, partition_key: str | None = None
) -> tuple[list[dg.RunRequest], dict]:
    """Run requests (for the day `partition_key`) for files not seen before, and the next cursor.

    The cursor remembers each file's (size, mtime) -> sha256, so unchanged files are not re-hashed.
    The run key is the file's sha256: the same content never starts a second run.
    """
    requests, next_cursor = [], {}
    for path in landing_files(landing_dir):
        name = path.relative_to(landing_dir).as_posix()
        stat = path.stat()
        fingerprint = [stat.st_size, stat.st_mtime_ns]
        known = cursor.get(name)
        if known and known[0] == fingerprint:
            next_cursor[name] = known
            continue
        sha256 = sha256_of(path)
        next_cursor[name] = [fingerprint, sha256]
        if not known or known[1] != sha256:
            requests.append(
                dg.RunRequest(run_key=sha256, partition_key=partition_key, tags={"landing_file": name[:200]})
            )
    return requests, next_cursor


@dg.sensor(job=daily_leads, minimum_interval_seconds=60, default_status=dg.DefaultSensorStatus.STOPPED)
def landing_folder_sensor(context: dg.SensorEvaluationContext):
    landing_dir = load_settings().landing_dir
    if not landing_dir.is_dir():
        return dg.SkipReason(f"landing folder {landing_dir} does not exist")
    cursor = json.loads(context.cursor) if context.cursor else {}
    requests, next_cursor = new_file_requests(landing_dir, cursor, default_partition_key())
    context.update_cursor(json.dumps(next_cursor))
    return requests or dg.SkipReason("no new or changed files")

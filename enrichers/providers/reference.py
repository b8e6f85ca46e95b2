"""Offline provider: a local CSV of companies keyed by domain (our sample, an accounts export, a bought list)."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Mapping
from datetime import datetime
from pathlib import Path

import pandas as pd

from enrichers.company import domain_from_url
from enrichers.providers.base import (
    ATTRIBUTE_KEYS,
    FieldSpec,
    FirmographicResult,
    coerce_attributes,
    unique_domains,
    utc_now,
)

log = logging.getLogger(__name__)


class ReferenceFileProvider:
    """Looks domains up in a CSV file.

    domain_column may hold bare domains or website URLs: both are reduced with domain_from_url, so
    'https://www.stock.walmart.com' answers for 'walmart.com'. columns maps our attribute names to the
    file's columns (FieldSpec or a plain column name); attributes left out of the mapping are read from a
    column of the same name when the file has one. When several rows share a domain, the first wins.
    """

    def __init__(
        self,
        path: Path | str,
        columns: Mapping[str, FieldSpec | str] | None = None,
        domain_column: str = "domain",
        name: str = "reference",
        encoding: str = "utf-8",
        delimiter: str = ",",
        clock: Callable[[], datetime] = utc_now,
    ):
        self.name = name
        self.path = Path(path)
        self.domain_column = domain_column
        self.encoding = encoding
        self.delimiter = delimiter
        self.clock = clock
        self._specs = {
            key: spec if isinstance(spec, FieldSpec) else FieldSpec(source=spec)
            for key, spec in (columns or {}).items()
        }
        unknown = set(self._specs) - set(ATTRIBUTE_KEYS)
        if unknown:
            raise ValueError(f"reference provider {name!r}: unknown attributes {sorted(unknown)}")
        self._rows: dict[str, dict[str, str]] | None = None

    def _load(self) -> dict[str, dict[str, str]]:
        if not self.path.is_file():
            raise FileNotFoundError(f"reference provider {self.name!r}: file not found: {self.path}")
        table = pd.read_csv(
            self.path, dtype=str, keep_default_na=False, encoding=self.encoding, sep=self.delimiter
        )
        wanted = {self.domain_column} | {s.source for s in self._specs.values() if s.source}
        missing = sorted(wanted - set(table.columns))
        if missing:
            raise ValueError(
                f"reference provider {self.name!r}: {self.path} has no column(s) {missing}; "
                f"it has {list(table.columns)}"
            )
        for key in ATTRIBUTE_KEYS:
            if key not in self._specs and key in table.columns:
                self._specs[key] = FieldSpec(source=key)
        rows: dict[str, dict[str, str]] = {}
        unreadable = duplicates = 0
        for row in table.to_dict(orient="records"):
            domain = domain_from_url(row[self.domain_column])
            if domain is None:
                unreadable += 1
            elif domain in rows:
                duplicates += 1
            else:
                rows[domain] = row
        log.info(
            "reference provider %r: %d domains from %s (%d rows without a usable domain, %d duplicates ignored)",
            self.name, len(rows), self.path, unreadable, duplicates,
        )
        return rows

    def _attributes(self, row: Mapping[str, str]) -> dict[str, object]:
        raw = {
            key: (row.get(spec.source) if spec.source else spec.value)
            for key, spec in self._specs.items()
        }
        return coerce_attributes(raw, self._specs)

    def lookup(self, domains: list[str]) -> list[FirmographicResult]:
        """One result per distinct domain: matched with the row's attributes, else no_match.

        Raises FileNotFoundError / ValueError when the file is missing or lacks a mapped column.
        """
        if self._rows is None:
            self._rows = self._load()
        fetched_at = self.clock()
        results = []
        for domain in unique_domains(domains):
            row = self._rows.get(domain)
            if row is None:
                results.append(FirmographicResult(self.name, domain, "no_match", fetched_at))
            else:
                results.append(
                    FirmographicResult(
                        self.name,
                        domain,
                        "matched",
                        fetched_at,
                        attributes=self._attributes(row),
                        raw_json=json.dumps(row, ensure_ascii=False),
                    )
                )
        return results

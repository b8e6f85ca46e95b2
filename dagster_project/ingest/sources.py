"""Export sources, one YAML file each in `sources/`: adding a source is one file plus a staging model."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

SOURCES_DIR = Path(__file__).resolve().parent / "sources"
_TABLE_NAME = re.compile(r"^[a-z][a-z0-9_]{0,62}$")


@dataclass(frozen=True)
class SourceSpec:
    """What a source's files look like and where their rows land.

    `signature`: header columns that must all be present for a file to be this source.
    `columns`: further known columns; the raw table always has them, so staging can rely on them
    even when a user's export leaves some out.
    `key_columns`: a row where all of these are blank identifies nobody and is rejected.
    """

    name: str
    description: str
    signature: tuple[str, ...]
    columns: tuple[str, ...] = ()
    key_columns: tuple[str, ...] = ()
    entity: str = "leads"
    config_file: str = ""
    extra: dict = field(default_factory=dict, compare=False)

    @property
    def raw_table(self) -> str:
        return self.name

    @property
    def known_columns(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys((*self.signature, *self.columns, *self.key_columns)))

    def matches(self, header: list[str]) -> bool:
        present = {name.strip().lower() for name in header}
        return all(name.lower() in present for name in self.signature)


def load_source(path: Path) -> SourceSpec:
    spec = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    name = spec.get("name", "")
    if not _TABLE_NAME.match(name):
        raise ValueError(f"{path.name}: source name must be lower_snake_case (it names a raw table), got {name!r}")
    if not spec.get("signature"):
        raise ValueError(f"{path.name}: a source needs a `signature` (header columns that identify its files)")
    known = {"name", "description", "signature", "columns", "key_columns", "entity"}
    return SourceSpec(
        name=name,
        description=spec.get("description", "").strip(),
        signature=tuple(spec["signature"]),
        columns=tuple(spec.get("columns") or ()),
        key_columns=tuple(spec.get("key_columns") or ()),
        entity=spec.get("entity", "leads"),
        config_file=path.name,
        extra={k: v for k, v in spec.items() if k not in known},
    )


def load_sources(directory: Path = SOURCES_DIR) -> list[SourceSpec]:
    specs = [load_source(path) for path in sorted(directory.glob("*.yml"))]
    names = [spec.name for spec in specs]
    duplicates = {name for name in names if names.count(name) > 1}
    if duplicates:
        raise ValueError(f"source names must be unique, repeated: {sorted(duplicates)}")
    return specs


def match_source(header: list[str], sources: list[SourceSpec]) -> SourceSpec | None:
    """The source whose signature the header carries; the most specific one if several do."""
    candidates = [spec for spec in sources if spec.matches(header)]
    return max(candidates, key=lambda spec: len(spec.signature), default=None)


def sources_fingerprint(sources: list[SourceSpec]) -> str:
    """Changes when the source configs change, so files once unknown are tried again."""
    digest = hashlib.sha256()
    for spec in sources:
        digest.update(repr((spec.name, spec.signature, spec.key_columns)).encode())
    return digest.hexdigest()[:16]

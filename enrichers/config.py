"""Load enrichers/enrichment.yml into typed, validated dataclasses.

Relative paths in the file are resolved against the project root (the folder above enrichers/ unless
given). Unknown keys are errors, so a typo cannot silently fall back to a default.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import timedelta
from pathlib import Path
from typing import Any

import yaml

from enrichers.providers.base import ATTRIBUTE_KEYS, FieldSpec

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONFIG_PATH = Path(__file__).resolve().parent / "enrichment.yml"


class ConfigError(ValueError):
    """The enrichment config is invalid; the message names the file and the key."""


@dataclass(frozen=True)
class CacheConfig:
    """How long a cached provider answer stays good. Errors are always retried on the next run."""

    ttl_days: float = 30.0
    no_match_ttl_days: float = 7.0

    @property
    def ttl(self) -> timedelta:
        return timedelta(days=self.ttl_days)

    @property
    def no_match_ttl(self) -> timedelta:
        return timedelta(days=self.no_match_ttl_days)


@dataclass(frozen=True)
class IntentConfig:
    threshold: float = 60.0
    topics: tuple[str, ...] = ()  # empty: every topic counts


@dataclass(frozen=True)
class ReferenceProviderConfig:
    name: str
    path: Path
    enabled: bool = True
    domain_column: str = "domain"
    columns: dict[str, FieldSpec] = field(default_factory=dict)
    encoding: str = "utf-8"
    delimiter: str = ","
    cache: CacheConfig | None = None  # None: the global cache settings


@dataclass(frozen=True)
class HttpProviderConfig:
    name: str
    base_url: str
    api_key_env: str
    fields: dict[str, FieldSpec] = field(default_factory=dict)
    enabled: bool = False
    path_template: str = "/companies/find?domain={domain}"
    auth_header: str = "Authorization"
    auth_prefix: str = ""
    record_path: str | None = None
    not_found_status: tuple[int, ...] = (404,)
    timeout_seconds: float = 10.0
    max_retries: int = 3
    backoff_seconds: float = 1.0
    max_backoff_seconds: float = 30.0
    max_retry_after_seconds: float = 120.0
    rate_limit_per_minute: int = 60
    max_workers: int = 8
    cache: CacheConfig | None = None


ProviderConfig = ReferenceProviderConfig | HttpProviderConfig


@dataclass(frozen=True)
class EnrichmentConfig:
    project_root: Path
    providers: tuple[ProviderConfig, ...]
    cache: CacheConfig = CacheConfig()
    max_error_ratio: float = 0.2
    default_phone_region: str | None = None
    intent: IntentConfig = IntentConfig()

    @property
    def enabled_providers(self) -> tuple[ProviderConfig, ...]:
        return tuple(p for p in self.providers if p.enabled)

    def cache_for(self, provider_name: str) -> CacheConfig:
        """The provider's own cache settings, else the global ones."""
        for provider in self.providers:
            if provider.name == provider_name and provider.cache is not None:
                return provider.cache
        return self.cache


def _check_keys(section: dict[str, Any], allowed: set[str], where: str, source: Path) -> None:
    unknown = sorted(set(section) - allowed)
    if unknown:
        raise ConfigError(f"{source}: unknown key(s) {unknown} in {where}; allowed: {sorted(allowed)}")


def _mapping(value: Any, where: str, source: Path) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ConfigError(f"{source}: {where} must be a mapping, got {type(value).__name__}")
    return value


def _field_specs(value: Any, where: str, source: Path) -> dict[str, FieldSpec]:
    specs = {}
    for attribute, spec in _mapping(value, where, source).items():
        if attribute not in ATTRIBUTE_KEYS:
            raise ConfigError(f"{source}: {where}.{attribute} is not an attribute; allowed: {list(ATTRIBUTE_KEYS)}")
        if isinstance(spec, str):
            specs[attribute] = FieldSpec(source=spec)
        elif isinstance(spec, dict):
            _check_keys(spec, {"source", "multiply", "value"}, f"{where}.{attribute}", source)
            specs[attribute] = FieldSpec(
                source=spec.get("source"), multiply=spec.get("multiply"), value=spec.get("value")
            )
        else:
            raise ConfigError(f"{source}: {where}.{attribute} must be a name or a mapping")
    return specs


def _cache(value: Any, where: str, source: Path) -> CacheConfig:
    section = _mapping(value, where, source)
    _check_keys(section, {f.name for f in fields(CacheConfig)}, where, source)
    cache = CacheConfig(**section)
    if cache.ttl_days < 0 or cache.no_match_ttl_days < 0:
        raise ConfigError(f"{source}: {where} TTLs must not be negative")
    return cache


def _provider(entry: Any, position: int, root: Path, source: Path) -> ProviderConfig:
    where = f"providers[{position}]"
    entry = dict(_mapping(entry, where, source))
    kind = entry.pop("type", None)
    if "name" not in entry:
        raise ConfigError(f"{source}: {where} needs a name")
    where = f"provider {entry['name']!r}"
    cls = {"reference": ReferenceProviderConfig, "http": HttpProviderConfig}.get(kind)
    if cls is None:
        raise ConfigError(f"{source}: {where} has type {kind!r}; use 'reference' or 'http'")
    _check_keys(entry, {f.name for f in fields(cls)}, where, source)
    if "cache" in entry:
        entry["cache"] = _cache(entry["cache"], f"{where}.cache", source)
    if cls is ReferenceProviderConfig:
        if "path" not in entry:
            raise ConfigError(f"{source}: {where} needs a path")
        path = Path(entry["path"])
        entry["path"] = path if path.is_absolute() else root / path
        entry["columns"] = _field_specs(entry.get("columns"), f"{where}.columns", source)
    else:
        for required in ("base_url", "api_key_env"):
            if not entry.get(required):
                raise ConfigError(f"{source}: {where} needs {required}")
        entry["fields"] = _field_specs(entry.get("fields"), f"{where}.fields", source)
        entry["not_found_status"] = tuple(entry.get("not_found_status", (404,)))
        if int(entry.get("rate_limit_per_minute", 60)) <= 0:
            raise ConfigError(f"{source}: {where}.rate_limit_per_minute must be positive")
        if float(entry.get("timeout_seconds", 10)) <= 0:
            raise ConfigError(f"{source}: {where}.timeout_seconds must be positive")
    return cls(**entry)


def load_config(path: Path | str | None = None, project_root: Path | str | None = None) -> EnrichmentConfig:
    """Read, validate and type the enrichment config; raises ConfigError naming the bad key."""
    source = Path(path) if path else DEFAULT_CONFIG_PATH
    root = Path(project_root).resolve() if project_root else PROJECT_ROOT
    data = _mapping(yaml.safe_load(source.read_text(encoding="utf-8")), "the file", source)
    _check_keys(data, {"providers", "cache", "failure", "phones", "intent"}, "the top level", source)

    failure = _mapping(data.get("failure"), "failure", source)
    _check_keys(failure, {"max_error_ratio"}, "failure", source)
    max_error_ratio = float(failure.get("max_error_ratio", 0.2))
    if not 0 <= max_error_ratio <= 1:
        raise ConfigError(f"{source}: failure.max_error_ratio must be between 0 and 1")

    phones = _mapping(data.get("phones"), "phones", source)
    _check_keys(phones, {"default_region"}, "phones", source)

    intent = _mapping(data.get("intent"), "intent", source)
    _check_keys(intent, {"threshold", "topics"}, "intent", source)

    providers = tuple(
        _provider(entry, position, root, source) for position, entry in enumerate(data.get("providers") or [])
    )
    names = [p.name for p in providers]
    if len(names) != len(set(names)):
        raise ConfigError(f"{source}: provider names must be unique, got {names}")

    return EnrichmentConfig(
        project_root=root,
        providers=providers,
        cache=_cache(data.get("cache"), "cache", source),
        max_error_ratio=max_error_ratio,
        default_phone_region=phones.get("default_region"),
        intent=IntentConfig(
            threshold=float(intent.get("threshold", 60)),
            topics=tuple(intent.get("topics") or ()),
        ),
    )

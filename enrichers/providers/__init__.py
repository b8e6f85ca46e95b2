"""Firmographic providers behind one interface: lookup(domains) -> one FirmographicResult per domain."""

from __future__ import annotations

from typing import TYPE_CHECKING

from enrichers.providers.base import (
    ATTRIBUTE_KEYS,
    STATUSES,
    FieldSpec,
    FirmographicProvider,
    FirmographicResult,
    unique_domains,
    utc_now,
)
from enrichers.providers.http import HttpCompanyProvider, MissingApiKey, RateLimiter
from enrichers.providers.reference import ReferenceFileProvider

if TYPE_CHECKING:
    from enrichers.config import EnrichmentConfig, ProviderConfig

__all__ = [
    "ATTRIBUTE_KEYS",
    "STATUSES",
    "FieldSpec",
    "FirmographicProvider",
    "FirmographicResult",
    "HttpCompanyProvider",
    "MissingApiKey",
    "RateLimiter",
    "ReferenceFileProvider",
    "build_provider",
    "build_providers",
    "unique_domains",
    "utc_now",
]


def build_provider(config: ProviderConfig) -> FirmographicProvider:
    """The provider one config entry describes (enabled or not); reads no file and no secret yet."""
    from enrichers.config import HttpProviderConfig, ReferenceProviderConfig

    if isinstance(config, ReferenceProviderConfig):
        return ReferenceFileProvider(
            path=config.path,
            columns=config.columns,
            domain_column=config.domain_column,
            name=config.name,
            encoding=config.encoding,
            delimiter=config.delimiter,
        )
    if isinstance(config, HttpProviderConfig):
        return HttpCompanyProvider(
            name=config.name,
            base_url=config.base_url,
            api_key_env=config.api_key_env,
            fields=config.fields,
            path_template=config.path_template,
            auth_header=config.auth_header,
            auth_prefix=config.auth_prefix,
            record_path=config.record_path,
            not_found_status=config.not_found_status,
            timeout_seconds=config.timeout_seconds,
            max_retries=config.max_retries,
            backoff_seconds=config.backoff_seconds,
            max_backoff_seconds=config.max_backoff_seconds,
            max_retry_after_seconds=config.max_retry_after_seconds,
            rate_limit_per_minute=config.rate_limit_per_minute,
            max_workers=config.max_workers,
        )
    raise TypeError(f"not a provider config: {type(config).__name__}")


def build_providers(config: EnrichmentConfig) -> list[FirmographicProvider]:
    """The enabled providers, in config order."""
    return [build_provider(provider) for provider in config.enabled_providers]

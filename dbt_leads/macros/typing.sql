{#
  Typing untrusted text. Each macro returns null when the text cannot be typed, never an error, so a
  bad value becomes null (with a flag column in staging) instead of a failed run.
  Engines differ here, so each has an adapter.dispatch implementation.
#}

{% macro clean_text(expression) -%}
    nullif(trim({{ expression }}), '')
{%- endmacro %}

{# Text that means "no answer" in exports ('Select', '--', 'N/A') becomes null. #}
{% macro clean_answer(expression) -%}
    case
        when lower(trim({{ expression }})) in ('', 'select', '--', 'n/a', 'na', 'null', 'none', '-') then null
        else trim({{ expression }})
    end
{%- endmacro %}

{% macro safe_number(expression) -%}
    {{ return(adapter.dispatch('safe_number', 'dbt_leads')(expression)) }}
{%- endmacro %}

{% macro default__safe_number(expression) -%}
    try_cast(replace(replace(replace(trim({{ expression }}), ',', ''), '$', ''), '%', '') as double)
{%- endmacro %}

{# PostgreSQL: leads_try_double (macros/cross_engine.sql, created on-run-start) is a cast that returns null. #}
{% macro postgres__safe_number(expression) -%}
    {{ leads_functions_schema() }}.leads_try_double(replace(replace(replace(trim({{ expression }}), ',', ''), '$', ''), '%', ''))
{%- endmacro %}

{# Spark with ANSI mode off (dbt-spark's setting): a cast of bad text is null. #}
{% macro spark__safe_number(expression) -%}
    cast(replace(replace(replace(trim({{ expression }}), ',', ''), '$', ''), '%', '') as double)
{%- endmacro %}

{% macro safe_timestamp(expression, formats) -%}
    {{ return(adapter.dispatch('safe_timestamp', 'dbt_leads')(expression, formats)) }}
{%- endmacro %}

{# DuckDB: the first format that parses wins; result is a naive timestamp in UTC. #}
{% macro default__safe_timestamp(expression, formats) -%}
    coalesce(
        {%- for format in formats %}
        try_strptime(trim({{ expression }}), '{{ format }}'){{ "," if not loop.last }}
        {%- endfor %}
    )
{%- endmacro %}

{# PostgreSQL: the strptime formats as to_timestamp templates, guarded by a regex of what strptime
   accepts; leads_try_timestamp (created on-run-start) returns null where to_timestamp would raise. #}
{% macro postgres__safe_timestamp(expression, formats) -%}
    coalesce(
        {%- for format in formats %}
        {%- set template, pattern = _strptime_to_postgres(format) %}
        {{ leads_functions_schema() }}.leads_try_timestamp(trim({{ expression }}), '{{ template }}', '{{ pattern }}'){{ "," if not loop.last }}
        {%- endfor %}
    )
{%- endmacro %}

{# Spark: java.time patterns; to_timestamp returns null on text that does not parse (ANSI mode off,
   spark.sql.legacy.timeParserPolicy=CORRECTED in the profile). #}
{% macro spark__safe_timestamp(expression, formats) -%}
    coalesce(
        {%- for format in formats %}
        to_timestamp(trim({{ expression }}), "{{ _strptime_to_spark(format) }}"){{ "," if not loop.last }}
        {%- endfor %}
    )
{%- endmacro %}

{% macro safe_boolean(expression) -%}
    case
        when lower(trim({{ expression }})) in ('true', 't', 'yes', 'y', '1', 'opted out', 'unsubscribed') then true
        when lower(trim({{ expression }})) in ('false', 'f', 'no', 'n', '0', '') then false
    end
{%- endmacro %}

{# True when the text was there but could not be typed: the flag that travels with a nulled value. #}
{% macro untyped(raw_expression, typed_expression) -%}
    ({{ clean_answer(raw_expression) }} is not null and {{ typed_expression }} is null)
{%- endmacro %}

{% macro normalize_email(expression) -%}
    nullif(lower(trim({{ expression }})), '')
{%- endmacro %}

{# Timestamp layouts seen in exports; staging models pass the list their source uses. #}
{% macro iso_timestamp_formats() -%}
    {#- Most exports write whole seconds with Z: that form first, so most rows parse on the first try. #}
    {{ return(['%Y-%m-%dT%H:%M:%SZ', '%Y-%m-%dT%H:%M:%S.%gZ', '%Y-%m-%dT%H:%M:%S', '%Y-%m-%dT%H:%M:%S.%g',
               '%Y-%m-%d %H:%M:%S', '%Y-%m-%d %H:%M', '%Y-%m-%d']) }}
{%- endmacro %}

{# The value of `column` on the row with the smallest `order_by`, nulls skipped (one aggregate). #}
{% macro first_non_null(column, order_by) -%}
    {{ return(adapter.dispatch('first_non_null', 'dbt_leads')(column, order_by)) }}
{%- endmacro %}

{% macro default__first_non_null(column, order_by) -%}
    min_by({{ column }}, case when {{ column }} is not null then {{ order_by }} end)
{%- endmacro %}

{% macro postgres__first_non_null(column, order_by) -%}
    (array_agg({{ column }} order by {{ order_by }}) filter (where {{ column }} is not null))[1]
{%- endmacro %}

{# Salesforce report exports: M/D/YYYY where Excel kept the text, MM-DD-YYYY where it re-read the date. #}
{% macro salesforce_report_timestamp_formats() -%}
    {{ return(['%m/%d/%Y %H:%M', '%m-%d-%Y %H:%M', '%m/%d/%Y', '%m-%d-%Y']) }}
{%- endmacro %}

{# Zoom reports: "Nov 1, 2026 04:05 PM", or the older numeric layouts. #}
{% macro zoom_timestamp_formats() -%}
    {{ return(['%b %d, %Y %I:%M %p', '%b %d, %Y %I:%M:%S %p', '%m/%d/%Y %I:%M:%S %p', '%m/%d/%Y %H:%M']) }}
{%- endmacro %}

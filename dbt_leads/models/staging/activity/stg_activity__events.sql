{#- The largest input (tens of millions of rows): typed once, as files land. A landed file never
    changes (ingest skips a sha256 it has seen), so appending the rows of files not yet here equals a
    full rebuild. Rows of every landed day are kept; readers apply the as-of filter (landed_by_as_of). -#}
{{ config(
    materialized='incremental',
    incremental_strategy='append',
    on_schema_change='append_new_columns',
) }}
{%- set sales_touches = ['call_logged', 'sales_email_sent', 'meeting_booked'] -%}

with source as (

    select * from {{ source('raw', 'activity_events') }}
    {% if is_incremental() %}
    where _file_sha256 not in (select distinct _file_sha256 from {{ this }})
    {% endif %}

),

typed as (

    select
        coalesce({{ clean_text('event_id') }}, _file || '#' || cast(_row_number as {{ dbt.type_string() }})) as event_id,
        {{ safe_timestamp('occurred_at', iso_timestamp_formats()) }} as occurred_at,
        {{ normalize_email('email') }} as email,
        {{ clean_text('crm_id') }} as crm_id,
        lower(trim(event_type)) as event_type,
        lower(trim(event_type)) in ('{{ sales_touches | join("', '") }}') as is_sales_touch,
        {{ clean_text('actor') }} as actor,
        {{ clean_text('url') }} as url,
        {{ clean_text('campaign') }} as campaign,
        {{ untyped('occurred_at', safe_timestamp('occurred_at', iso_timestamp_formats())) }} as has_untyped_values,
        _file,
        _file_sha256,
        _row_number,
        _landed_on

    from source

)

select * from typed

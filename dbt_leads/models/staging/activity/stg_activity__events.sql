{%- set sales_touches = ['call_logged', 'sales_email_sent', 'meeting_booked'] -%}

with source as (

    select * from {{ source('raw', 'activity_events') }}

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
        _row_number

    from source

)

select * from typed

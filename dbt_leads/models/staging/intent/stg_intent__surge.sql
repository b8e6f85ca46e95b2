with source as (

    select * from {{ source('raw', 'intent_surge') }}
    where {{ landed_by_as_of() }}

),

typed as (

    select
        lower({{ clean_text(adapter.quote('Domain')) }}) as company_domain,
        {{ clean_text(adapter.quote('Company Name')) }} as company_name,
        cast({{ safe_timestamp(adapter.quote('Week'), iso_timestamp_formats() + ['%m/%d/%Y']) }} as date) as week_start,
        {{ clean_text(adapter.quote('Topic')) }} as topic,
        {{ clean_text(adapter.quote('Topic Cluster')) }} as topic_cluster,
        {{ safe_number(adapter.quote('Composite Score')) }} as surge_score,
        {{ clean_text(adapter.quote('Bucket Code')) }} as bucket_code,
        {{ untyped(adapter.quote('Composite Score'), safe_number(adapter.quote('Composite Score'))) }} as has_untyped_values,
        _file,
        _row_number

    from source

)

select * from typed

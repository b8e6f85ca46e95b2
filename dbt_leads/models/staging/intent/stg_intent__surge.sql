with source as (

    select * from {{ source('raw', 'intent_surge') }}

),

typed as (

    select
        lower({{ clean_text('"Domain"') }}) as company_domain,
        {{ clean_text('"Company Name"') }} as company_name,
        cast({{ safe_timestamp('"Week"', iso_timestamp_formats() + ['%m/%d/%Y']) }} as date) as week_start,
        {{ clean_text('"Topic"') }} as topic,
        {{ clean_text('"Topic Cluster"') }} as topic_cluster,
        {{ safe_number('"Composite Score"') }} as surge_score,
        {{ clean_text('"Bucket Code"') }} as bucket_code,
        {{ untyped('"Composite Score"', safe_number('"Composite Score"')) }} as has_untyped_values,
        _file,
        _row_number

    from source

)

select * from typed

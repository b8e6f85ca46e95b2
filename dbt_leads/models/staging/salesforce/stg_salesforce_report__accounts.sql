{%- set report_formats = salesforce_report_timestamp_formats() -%}

with source as (

    select * from {{ source('raw', 'salesforce_report_accounts') }}
    where {{ landed_by_as_of() }}

),

typed as (

    select
        {{ clean_text(adapter.quote('Account ID')) }} as account_id,
        {{ clean_text(adapter.quote('Account Name')) }} as account_name,
        {{ clean_answer(adapter.quote('Account Type')) }} as account_type,
        {{ clean_answer(adapter.quote('Industry')) }} as industry,
        {{ clean_answer(adapter.quote('Billing Country')) }} as billing_country,
        {{ clean_answer(adapter.quote('Billing City')) }} as billing_city,
        {{ safe_number(adapter.quote('Employees')) }} as employee_count,
        {{ clean_text(adapter.quote('Owner ID')) }} as owner_id,
        {{ safe_timestamp(adapter.quote('Created Date'), report_formats) }} as created_at,
        {{ untyped(adapter.quote('Employees'), safe_number(adapter.quote('Employees'))) }} as has_untyped_values,
        _file,
        _row_number

    from source

)

select * from typed

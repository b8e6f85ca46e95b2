{%- set report_formats = salesforce_report_timestamp_formats() -%}

with source as (

    select * from {{ source('raw', 'salesforce_report_accounts') }}

),

typed as (

    select
        {{ clean_text('"Account ID"') }} as account_id,
        {{ clean_text('"Account Name"') }} as account_name,
        {{ clean_answer('"Account Type"') }} as account_type,
        {{ clean_answer('"Industry"') }} as industry,
        {{ clean_answer('"Billing Country"') }} as billing_country,
        {{ clean_answer('"Billing City"') }} as billing_city,
        {{ safe_number('"Employees"') }} as employee_count,
        {{ clean_text('"Owner ID"') }} as owner_id,
        {{ safe_timestamp('"Created Date"', report_formats) }} as created_at,
        {{ untyped('"Employees"', safe_number('"Employees"')) }} as has_untyped_values,
        _file,
        _row_number

    from source

)

select * from typed

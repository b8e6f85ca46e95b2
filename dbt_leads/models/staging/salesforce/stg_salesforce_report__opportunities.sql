{%- set report_formats = salesforce_report_timestamp_formats() -%}

with source as (

    select * from {{ source('raw', 'salesforce_report_opportunities') }}
    where {{ landed_by_as_of() }}

),

typed as (

    select
        {{ clean_text(adapter.quote('Opportunity ID')) }} as opportunity_id,
        {{ clean_text(adapter.quote('Account ID')) }} as account_id,
        {{ clean_answer(adapter.quote('Stage')) }} as stage_name,
        {{ safe_boolean(adapter.quote('Won')) }} as is_won,
        {{ safe_boolean(adapter.quote('Closed')) }} as is_closed,
        {{ safe_boolean(adapter.quote('Created by Lead Conversion')) }} as created_by_lead_conversion,
        {{ safe_timestamp(adapter.quote('Created Date'), report_formats) }} as created_at,
        {{ safe_timestamp(adapter.quote('Close Date'), report_formats) }} as close_date,
        {{ safe_timestamp(adapter.quote('Date Opportunity was Closed'), report_formats) }} as closed_at,
        {{ safe_number(adapter.quote('Amount')) }} as amount,
        {{ clean_answer(adapter.quote('Lead Source')) }} as lead_source,
        {{ clean_text(adapter.quote('Owner ID')) }} as owner_id,
        (
            {{ untyped(adapter.quote('Created Date'), safe_timestamp(adapter.quote('Created Date'), report_formats)) }}
            or {{ untyped(adapter.quote('Amount'), safe_number(adapter.quote('Amount'))) }}
        ) as has_untyped_values,
        _file,
        _row_number

    from source

)

select * from typed

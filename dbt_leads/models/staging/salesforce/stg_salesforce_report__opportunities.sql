{%- set report_formats = salesforce_report_timestamp_formats() -%}

with source as (

    select * from {{ source('raw', 'salesforce_report_opportunities') }}

),

typed as (

    select
        {{ clean_text('"Opportunity ID"') }} as opportunity_id,
        {{ clean_text('"Account ID"') }} as account_id,
        {{ clean_answer('"Stage"') }} as stage_name,
        {{ safe_boolean('"Won"') }} as is_won,
        {{ safe_boolean('"Closed"') }} as is_closed,
        {{ safe_boolean('"Created by Lead Conversion"') }} as created_by_lead_conversion,
        {{ safe_timestamp('"Created Date"', report_formats) }} as created_at,
        {{ safe_timestamp('"Close Date"', report_formats) }} as close_date,
        {{ safe_timestamp('"Date Opportunity was Closed"', report_formats) }} as closed_at,
        {{ safe_number('"Amount"') }} as amount,
        {{ clean_answer('"Lead Source"') }} as lead_source,
        {{ clean_text('"Owner ID"') }} as owner_id,
        (
            {{ untyped('"Created Date"', safe_timestamp('"Created Date"', report_formats)) }}
            or {{ untyped('"Amount"', safe_number('"Amount"')) }}
        ) as has_untyped_values,
        _file,
        _row_number

    from source

)

select * from typed

{%- set report_formats = salesforce_report_timestamp_formats() -%}

with source as (

    select * from {{ source('raw', 'salesforce_report_leads') }}
    where {{ landed_by_as_of() }}

),

typed as (

    select
        'salesforce_report' as source_system,
        {{ clean_text(adapter.quote('Lead ID')) }} as source_record_id,
        cast(null as {{ dbt.type_string() }}) as email,
        cast(null as {{ dbt.type_string() }}) as first_name,
        cast(null as {{ dbt.type_string() }}) as last_name,
        cast(null as {{ dbt.type_string() }}) as company_name,
        cast(null as {{ dbt.type_string() }}) as company_website,
        cast(null as {{ dbt.type_string() }}) as job_title,
        cast(null as {{ dbt.type_string() }}) as phone,
        {{ clean_answer(adapter.quote('Country')) }} as country,
        {{ clean_answer(adapter.quote('City')) }} as city,
        {{ clean_answer(adapter.quote('Industry')) }} as industry,
        cast(null as {{ dbt.type_float() }}) as employee_count,
        cast(null as {{ dbt.type_float() }}) as annual_revenue,
        {{ clean_answer(adapter.quote('Lead Source')) }} as lead_source,
        cast(null as {{ dbt.type_string() }}) as owner_id,
        {{ clean_answer(adapter.quote('Status')) }} as crm_status,
        case lower(trim({{ adapter.quote('Status') }}))
            when 'prospect' then 'lead'
            when 'mql' then 'mql'
            when 'sql' then 'sql'
            when 'qualified' then 'sql'
            when 'converted' then 'opportunity'
            when 'disqualified' then 'disqualified'
            when 'nurturing' then 'nurture'
        end as crm_stage,
        {{ safe_timestamp(adapter.quote('Created Date'), report_formats) }} as created_at,
        {{ safe_timestamp(adapter.quote('Last Status Change'), report_formats) }} as crm_stage_changed_at,
        cast(null as timestamp) as mql_at,
        cast(null as timestamp) as sql_at,
        cast(null as timestamp) as opportunity_at,
        cast(null as timestamp) as customer_at,
        {{ safe_boolean(adapter.quote('Converted')) }} as is_converted,
        {{ safe_timestamp(adapter.quote('Pardot Conversion Date'), report_formats) }} as converted_at,
        {{ clean_text(adapter.quote('Converted Opportunity ID')) }} as converted_opportunity_id,
        {{ safe_boolean(adapter.quote('Email Opt Out')) }} as do_not_email,
        {{ safe_boolean(adapter.quote('Pardot Hard Bounced')) }} as email_bounced,
        cast(null as {{ dbt.type_string() }}) as bant_budget,
        cast(null as {{ dbt.type_string() }}) as bant_authority,
        cast(null as {{ dbt.type_string() }}) as bant_need,
        cast(null as {{ dbt.type_string() }}) as bant_timeline,
        cast(null as {{ dbt.type_float() }}) as web_visits,
        cast(null as {{ dbt.type_float() }}) as web_time_on_site,
        {{ safe_number(adapter.quote('Campaign Membership Count')) }} as campaign_touches,
        {{ safe_timestamp(adapter.quote('Pardot Last Activity'), report_formats) }} as last_activity_at,
        {{ clean_answer(adapter.quote('Dead Reason')) }} as disqualified_reason,
        cast(null as {{ dbt.type_string() }}) as lead_origin,
        cast(null as {{ dbt.type_string() }}) as occupation,
        cast(null as {{ dbt.type_string() }}) as last_activity_type,
        (
            {{ untyped(adapter.quote('Created Date'), safe_timestamp(adapter.quote('Created Date'), report_formats)) }}
            or {{ untyped(adapter.quote('Converted'), safe_boolean(adapter.quote('Converted'))) }}
            or {{ untyped(adapter.quote('Campaign Membership Count'), safe_number(adapter.quote('Campaign Membership Count'))) }}
        ) as has_untyped_values,
        _file,
        _file_sha256,
        _row_number,
        _loaded_at,
        _landed_on

    from source

)

select * from typed

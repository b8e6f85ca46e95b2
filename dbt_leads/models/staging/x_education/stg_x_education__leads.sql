{#- `Select` means the form field was left unanswered: clean_answer makes it null.
    Tags, Lead Quality and Last Notable Activity are filled by sales after contact: kept as
    evidence for stages, never used by scoring. -#}

with source as (

    select * from {{ source('raw', 'x_education_leads') }}
    where {{ landed_by_as_of() }}

),

typed as (

    select
        'x_education' as source_system,
        {{ clean_text(adapter.quote('Prospect ID')) }} as source_record_id,
        cast(null as {{ dbt.type_string() }}) as email,
        cast(null as {{ dbt.type_string() }}) as first_name,
        cast(null as {{ dbt.type_string() }}) as last_name,
        cast(null as {{ dbt.type_string() }}) as company_name,
        cast(null as {{ dbt.type_string() }}) as company_website,
        cast(null as {{ dbt.type_string() }}) as job_title,
        cast(null as {{ dbt.type_string() }}) as phone,
        {{ clean_answer(adapter.quote('Country')) }} as country,
        {{ clean_answer(adapter.quote('City')) }} as city,
        {{ clean_answer(adapter.quote('Specialization')) }} as industry,
        cast(null as {{ dbt.type_float() }}) as employee_count,
        cast(null as {{ dbt.type_float() }}) as annual_revenue,
        lower({{ clean_answer(adapter.quote('Lead Source')) }}) as lead_source,
        cast(null as {{ dbt.type_string() }}) as owner_id,
        {{ clean_answer(adapter.quote('Tags')) }} as crm_status,
        case when {{ safe_boolean(adapter.quote('Converted')) }} then 'customer' end as crm_stage,
        cast(null as timestamp) as created_at,
        cast(null as timestamp) as crm_stage_changed_at,
        cast(null as timestamp) as mql_at,
        cast(null as timestamp) as sql_at,
        cast(null as timestamp) as opportunity_at,
        cast(null as timestamp) as customer_at,
        {{ safe_boolean(adapter.quote('Converted')) }} as is_converted,
        cast(null as timestamp) as converted_at,
        cast(null as {{ dbt.type_string() }}) as converted_opportunity_id,
        {{ safe_boolean(adapter.quote('Do Not Email')) }} as do_not_email,
        cast(null as boolean) as email_bounced,
        cast(null as {{ dbt.type_string() }}) as bant_budget,
        cast(null as {{ dbt.type_string() }}) as bant_authority,
        cast(null as {{ dbt.type_string() }}) as bant_need,
        cast(null as {{ dbt.type_string() }}) as bant_timeline,
        {{ safe_number(adapter.quote('TotalVisits')) }} as web_visits,
        {{ safe_number(adapter.quote('Total Time Spent on Website')) }} as web_time_on_site,
        cast(null as {{ dbt.type_float() }}) as campaign_touches,
        cast(null as timestamp) as last_activity_at,
        cast(null as {{ dbt.type_string() }}) as disqualified_reason,
        {{ clean_answer(adapter.quote('Lead Origin')) }} as lead_origin,
        {{ clean_answer(adapter.quote('What is your current occupation')) }} as occupation,
        {{ clean_answer(adapter.quote('Last Activity')) }} as last_activity_type,
        (
            {{ untyped(adapter.quote('TotalVisits'), safe_number(adapter.quote('TotalVisits'))) }}
            or {{ untyped(adapter.quote('Total Time Spent on Website'), safe_number(adapter.quote('Total Time Spent on Website'))) }}
            or {{ untyped(adapter.quote('Converted'), safe_boolean(adapter.quote('Converted'))) }}
        ) as has_untyped_values,
        _file,
        _file_sha256,
        _row_number,
        _loaded_at,
        _landed_on

    from source

)

select * from typed

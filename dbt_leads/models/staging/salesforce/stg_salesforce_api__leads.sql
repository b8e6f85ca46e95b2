with source as (

    select * from {{ source('raw', 'salesforce_api_leads') }}
    where {{ landed_by_as_of() }}

),

typed as (

    select
        'salesforce_api' as source_system,
        coalesce({{ clean_text(adapter.quote('Id')) }}, _file || '#' || {{ clean_text(adapter.quote('attributes.referenceId')) }}) as source_record_id,
        {{ normalize_email(adapter.quote('Email')) }} as email,
        {{ clean_text(adapter.quote('FirstName')) }} as first_name,
        {{ clean_text(adapter.quote('LastName')) }} as last_name,
        {{ clean_text(adapter.quote('Company')) }} as company_name,
        {{ clean_text(adapter.quote('Website')) }} as company_website,
        {{ clean_text(adapter.quote('Title')) }} as job_title,
        {{ clean_text(adapter.quote('Phone')) }} as phone,
        {{ clean_answer(adapter.quote('Country')) }} as country,
        cast(null as {{ dbt.type_string() }}) as city,
        {{ clean_answer(adapter.quote('Industry')) }} as industry,
        {{ safe_number(adapter.quote('NumberOfEmployees')) }} as employee_count,
        {{ safe_number(adapter.quote('AnnualRevenue')) }} as annual_revenue,
        {{ clean_answer(adapter.quote('LeadSource')) }} as lead_source,
        {{ clean_text(adapter.quote('OwnerId')) }} as owner_id,
        {{ clean_answer(adapter.quote('Status')) }} as crm_status,
        case
            when {{ safe_boolean(adapter.quote('IsConverted')) }} then 'opportunity'
            when lower(trim({{ adapter.quote('Status') }})) in ('open - not contacted', 'working - contacted', 'open', 'working', 'new') then 'lead'
            when lower(trim({{ adapter.quote('Status') }})) in ('qualified', 'sales qualified') then 'sql'
            when lower(trim({{ adapter.quote('Status') }})) = 'closed - converted' then 'opportunity'
            when lower(trim({{ adapter.quote('Status') }})) in ('closed - not converted', 'unqualified', 'disqualified') then 'disqualified'
            when lower(trim({{ adapter.quote('Status') }})) in ('nurturing', 'nurture') then 'nurture'
        end as crm_stage,
        {{ safe_timestamp(adapter.quote('CreatedDate'), iso_timestamp_formats()) }} as created_at,
        cast(null as timestamp) as crm_stage_changed_at,
        cast(null as timestamp) as mql_at,
        cast(null as timestamp) as sql_at,
        cast(null as timestamp) as opportunity_at,
        cast(null as timestamp) as customer_at,
        {{ safe_boolean(adapter.quote('IsConverted')) }} as is_converted,
        {{ safe_timestamp(adapter.quote('ConvertedDate'), iso_timestamp_formats()) }} as converted_at,
        cast(null as {{ dbt.type_string() }}) as converted_opportunity_id,
        {{ safe_boolean(adapter.quote('HasOptedOutOfEmail')) }} as do_not_email,
        cast(null as boolean) as email_bounced,
        cast(null as {{ dbt.type_string() }}) as bant_budget,
        cast(null as {{ dbt.type_string() }}) as bant_authority,
        cast(null as {{ dbt.type_string() }}) as bant_need,
        cast(null as {{ dbt.type_string() }}) as bant_timeline,
        cast(null as {{ dbt.type_float() }}) as web_visits,
        cast(null as {{ dbt.type_float() }}) as web_time_on_site,
        cast(null as {{ dbt.type_float() }}) as campaign_touches,
        cast(null as timestamp) as last_activity_at,
        cast(null as {{ dbt.type_string() }}) as disqualified_reason,
        cast(null as {{ dbt.type_string() }}) as lead_origin,
        cast(null as {{ dbt.type_string() }}) as occupation,
        cast(null as {{ dbt.type_string() }}) as last_activity_type,
        (
            {{ untyped(adapter.quote('CreatedDate'), safe_timestamp(adapter.quote('CreatedDate'), iso_timestamp_formats())) }}
            or {{ untyped(adapter.quote('NumberOfEmployees'), safe_number(adapter.quote('NumberOfEmployees'))) }}
            or {{ untyped(adapter.quote('AnnualRevenue'), safe_number(adapter.quote('AnnualRevenue'))) }}
            or {{ untyped(adapter.quote('IsConverted'), safe_boolean(adapter.quote('IsConverted'))) }}
        ) as has_untyped_values,
        _file,
        _file_sha256,
        _row_number,
        _loaded_at,
        _landed_on

    from source

)

select * from typed

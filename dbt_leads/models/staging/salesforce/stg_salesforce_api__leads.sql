with source as (

    select * from {{ source('raw', 'salesforce_api_leads') }}

),

typed as (

    select
        'salesforce_api' as source_system,
        coalesce({{ clean_text('"Id"') }}, _file || '#' || {{ clean_text('"attributes.referenceId"') }}) as source_record_id,
        {{ normalize_email('"Email"') }} as email,
        {{ clean_text('"FirstName"') }} as first_name,
        {{ clean_text('"LastName"') }} as last_name,
        {{ clean_text('"Company"') }} as company_name,
        {{ clean_text('"Website"') }} as company_website,
        {{ clean_text('"Title"') }} as job_title,
        {{ clean_text('"Phone"') }} as phone,
        {{ clean_answer('"Country"') }} as country,
        cast(null as {{ dbt.type_string() }}) as city,
        {{ clean_answer('"Industry"') }} as industry,
        {{ safe_number('"NumberOfEmployees"') }} as employee_count,
        {{ safe_number('"AnnualRevenue"') }} as annual_revenue,
        {{ clean_answer('"LeadSource"') }} as lead_source,
        {{ clean_text('"OwnerId"') }} as owner_id,
        {{ clean_answer('"Status"') }} as crm_status,
        case
            when {{ safe_boolean('"IsConverted"') }} then 'opportunity'
            when lower(trim("Status")) in ('open - not contacted', 'working - contacted', 'open', 'working', 'new') then 'lead'
            when lower(trim("Status")) in ('qualified', 'sales qualified') then 'sql'
            when lower(trim("Status")) = 'closed - converted' then 'opportunity'
            when lower(trim("Status")) in ('closed - not converted', 'unqualified', 'disqualified') then 'disqualified'
            when lower(trim("Status")) in ('nurturing', 'nurture') then 'nurture'
        end as crm_stage,
        {{ safe_timestamp('"CreatedDate"', iso_timestamp_formats()) }} as created_at,
        cast(null as timestamp) as crm_stage_changed_at,
        cast(null as timestamp) as mql_at,
        cast(null as timestamp) as sql_at,
        cast(null as timestamp) as opportunity_at,
        cast(null as timestamp) as customer_at,
        {{ safe_boolean('"IsConverted"') }} as is_converted,
        {{ safe_timestamp('"ConvertedDate"', iso_timestamp_formats()) }} as converted_at,
        cast(null as {{ dbt.type_string() }}) as converted_opportunity_id,
        {{ safe_boolean('"HasOptedOutOfEmail"') }} as do_not_email,
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
            {{ untyped('"CreatedDate"', safe_timestamp('"CreatedDate"', iso_timestamp_formats())) }}
            or {{ untyped('"NumberOfEmployees"', safe_number('"NumberOfEmployees"')) }}
            or {{ untyped('"AnnualRevenue"', safe_number('"AnnualRevenue"')) }}
            or {{ untyped('"IsConverted"', safe_boolean('"IsConverted"')) }}
        ) as has_untyped_values,
        _file,
        _row_number,
        _loaded_at

    from source

)

select * from typed

{%- set hubspot_formats = ['%Y-%m-%d %H:%M', '%Y-%m-%d %H:%M:%S', '%m/%d/%Y %H:%M', '%m/%d/%Y', '%Y-%m-%d'] -%}

with source as (

    select * from {{ source('raw', 'hubspot_contacts') }}
    where {{ landed_by_as_of() }}

),

typed as (

    select
        'hubspot' as source_system,
        {{ clean_text(adapter.quote('Record ID')) }} as source_record_id,
        {{ normalize_email(adapter.quote('Email')) }} as email,
        {{ clean_text(adapter.quote('First Name')) }} as first_name,
        {{ clean_text(adapter.quote('Last Name')) }} as last_name,
        {{ clean_text(adapter.quote('Company Name')) }} as company_name,
        {{ clean_text(adapter.quote('Website URL')) }} as company_website,
        {{ clean_text(adapter.quote('Job Title')) }} as job_title,
        {{ clean_text(adapter.quote('Phone Number')) }} as phone,
        {{ clean_answer(adapter.quote('Country/Region')) }} as country,
        cast(null as {{ dbt.type_string() }}) as city,
        {{ clean_answer(adapter.quote('Industry')) }} as industry,
        {{ safe_number(adapter.quote('Number of Employees')) }} as employee_count,
        {{ safe_number(adapter.quote('Annual Revenue')) }} as annual_revenue,
        {{ clean_answer(adapter.quote('Original Source')) }} as lead_source,
        {{ clean_text(adapter.quote('Contact owner')) }} as owner_id,
        coalesce({{ clean_answer(adapter.quote('Lead Status')) }}, {{ clean_answer(adapter.quote('Lifecycle Stage')) }}) as crm_status,
        case
            when lower(trim({{ adapter.quote('Lead Status') }})) = 'unqualified' then 'disqualified'
            when lower(trim({{ adapter.quote('Lead Status') }})) = 'bad timing' then 'nurture'
            else
                case lower(trim({{ adapter.quote('Lifecycle Stage') }}))
                    when 'subscriber' then 'subscriber'
                    when 'lead' then 'lead'
                    when 'marketing qualified lead' then 'mql'
                    when 'marketingqualifiedlead' then 'mql'
                    when 'sales qualified lead' then 'sql'
                    when 'salesqualifiedlead' then 'sql'
                    when 'opportunity' then 'opportunity'
                    when 'customer' then 'customer'
                    when 'evangelist' then 'customer'
                end
        end as crm_stage,
        {{ safe_timestamp(adapter.quote('Create Date'), hubspot_formats) }} as created_at,
        cast(null as timestamp) as crm_stage_changed_at,
        {{ safe_timestamp(adapter.quote('Became a Marketing Qualified Lead Date'), hubspot_formats) }} as mql_at,
        {{ safe_timestamp(adapter.quote('Became a Sales Qualified Lead Date'), hubspot_formats) }} as sql_at,
        {{ safe_timestamp(adapter.quote('Became an Opportunity Date'), hubspot_formats) }} as opportunity_at,
        {{ safe_timestamp(adapter.quote('Became a Customer Date'), hubspot_formats) }} as customer_at,
        lower(trim({{ adapter.quote('Lifecycle Stage') }})) in ('opportunity', 'customer', 'evangelist') as is_converted,
        cast(null as timestamp) as converted_at,
        cast(null as {{ dbt.type_string() }}) as converted_opportunity_id,
        {{ safe_boolean(adapter.quote('Unsubscribed from all email')) }} as do_not_email,
        cast(null as boolean) as email_bounced,
        {{ clean_answer(adapter.quote('Budget')) }} as bant_budget,
        {{ clean_answer(adapter.quote('Authority')) }} as bant_authority,
        {{ clean_answer(adapter.quote('Need')) }} as bant_need,
        {{ clean_answer(adapter.quote('Timeline')) }} as bant_timeline,
        cast(null as {{ dbt.type_float() }}) as web_visits,
        cast(null as {{ dbt.type_float() }}) as web_time_on_site,
        cast(null as {{ dbt.type_float() }}) as campaign_touches,
        {{ safe_timestamp(adapter.quote('Last Activity Date'), hubspot_formats) }} as last_activity_at,
        cast(null as {{ dbt.type_string() }}) as disqualified_reason,
        cast(null as {{ dbt.type_string() }}) as lead_origin,
        cast(null as {{ dbt.type_string() }}) as occupation,
        cast(null as {{ dbt.type_string() }}) as last_activity_type,
        (
            {{ untyped(adapter.quote('Create Date'), safe_timestamp(adapter.quote('Create Date'), hubspot_formats)) }}
            or {{ untyped(adapter.quote('Number of Employees'), safe_number(adapter.quote('Number of Employees'))) }}
            or {{ untyped(adapter.quote('Annual Revenue'), safe_number(adapter.quote('Annual Revenue'))) }}
            or {{ untyped(adapter.quote('Became a Marketing Qualified Lead Date'), safe_timestamp(adapter.quote('Became a Marketing Qualified Lead Date'), hubspot_formats)) }}
        ) as has_untyped_values,
        _file,
        _file_sha256,
        _row_number,
        _loaded_at,
        _landed_on

    from source

)

select * from typed

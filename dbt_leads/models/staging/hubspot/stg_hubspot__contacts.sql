{%- set hubspot_formats = ['%Y-%m-%d %H:%M', '%Y-%m-%d %H:%M:%S', '%m/%d/%Y %H:%M', '%m/%d/%Y', '%Y-%m-%d'] -%}

with source as (

    select * from {{ source('raw', 'hubspot_contacts') }}

),

typed as (

    select
        'hubspot' as source_system,
        {{ clean_text('"Record ID"') }} as source_record_id,
        {{ normalize_email('"Email"') }} as email,
        {{ clean_text('"First Name"') }} as first_name,
        {{ clean_text('"Last Name"') }} as last_name,
        {{ clean_text('"Company Name"') }} as company_name,
        {{ clean_text('"Website URL"') }} as company_website,
        {{ clean_text('"Job Title"') }} as job_title,
        {{ clean_text('"Phone Number"') }} as phone,
        {{ clean_answer('"Country/Region"') }} as country,
        cast(null as {{ dbt.type_string() }}) as city,
        {{ clean_answer('"Industry"') }} as industry,
        {{ safe_number('"Number of Employees"') }} as employee_count,
        {{ safe_number('"Annual Revenue"') }} as annual_revenue,
        {{ clean_answer('"Original Source"') }} as lead_source,
        {{ clean_text('"Contact owner"') }} as owner_id,
        coalesce({{ clean_answer('"Lead Status"') }}, {{ clean_answer('"Lifecycle Stage"') }}) as crm_status,
        case
            when lower(trim("Lead Status")) = 'unqualified' then 'disqualified'
            when lower(trim("Lead Status")) = 'bad timing' then 'nurture'
            else
                case lower(trim("Lifecycle Stage"))
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
        {{ safe_timestamp('"Create Date"', hubspot_formats) }} as created_at,
        cast(null as timestamp) as crm_stage_changed_at,
        {{ safe_timestamp('"Became a Marketing Qualified Lead Date"', hubspot_formats) }} as mql_at,
        {{ safe_timestamp('"Became a Sales Qualified Lead Date"', hubspot_formats) }} as sql_at,
        {{ safe_timestamp('"Became an Opportunity Date"', hubspot_formats) }} as opportunity_at,
        {{ safe_timestamp('"Became a Customer Date"', hubspot_formats) }} as customer_at,
        lower(trim("Lifecycle Stage")) in ('opportunity', 'customer', 'evangelist') as is_converted,
        cast(null as timestamp) as converted_at,
        cast(null as {{ dbt.type_string() }}) as converted_opportunity_id,
        {{ safe_boolean('"Unsubscribed from all email"') }} as do_not_email,
        cast(null as boolean) as email_bounced,
        {{ clean_answer('"Budget"') }} as bant_budget,
        {{ clean_answer('"Authority"') }} as bant_authority,
        {{ clean_answer('"Need"') }} as bant_need,
        {{ clean_answer('"Timeline"') }} as bant_timeline,
        cast(null as {{ dbt.type_float() }}) as web_visits,
        cast(null as {{ dbt.type_float() }}) as web_time_on_site,
        cast(null as {{ dbt.type_float() }}) as campaign_touches,
        {{ safe_timestamp('"Last Activity Date"', hubspot_formats) }} as last_activity_at,
        cast(null as {{ dbt.type_string() }}) as disqualified_reason,
        cast(null as {{ dbt.type_string() }}) as lead_origin,
        cast(null as {{ dbt.type_string() }}) as occupation,
        cast(null as {{ dbt.type_string() }}) as last_activity_type,
        (
            {{ untyped('"Create Date"', safe_timestamp('"Create Date"', hubspot_formats)) }}
            or {{ untyped('"Number of Employees"', safe_number('"Number of Employees"')) }}
            or {{ untyped('"Annual Revenue"', safe_number('"Annual Revenue"')) }}
            or {{ untyped('"Became a Marketing Qualified Lead Date"', safe_timestamp('"Became a Marketing Qualified Lead Date"', hubspot_formats)) }}
        ) as has_untyped_values,
        _file,
        _row_number,
        _loaded_at

    from source

)

select * from typed

{#- One row per person (lead_id): the most recent non-null value of each attribute across the
    records that formed them, CRM evidence (stages, dates, conversion) and enrichment. -#}

with ranked as (

    select * from {{ ref('int_lead_records__ranked') }}

),

firmographics as (

    select * from {{ ref('int_companies__firmographics') }}

),

company_intent as (

    select * from {{ source('enriched', 'company_intent') }}

),

people as (

    select
        lead_id,
        max(email) as email,
        bool_or(has_usable_email) as has_usable_email,
        {%- for column in ['first_name', 'last_name', 'company_name', 'job_title', 'phone_e164', 'country_code',
                           'city', 'industry', 'employee_count', 'annual_revenue', 'lead_source', 'owner_id',
                           'company_domain', 'email_domain', 'seniority', 'department', 'has_buying_authority',
                           'email_is_valid', 'email_is_free', 'email_is_disposable', 'email_is_role',
                           'bant_budget', 'bant_authority', 'bant_need', 'bant_timeline',
                           'lead_origin', 'occupation', 'last_activity_type', 'disqualified_reason'] %}
        {{ first_non_null(column, 'recency_rank') }} as {{ column }},
        {%- endfor %}
        {{ first_non_null('crm_stage', 'recency_rank') }} as crm_stage_latest,
        {{ first_non_null('crm_status', 'recency_rank') }} as crm_status_latest,
        max(crm_stage_order) as crm_stage_order_highest,
        max(web_visits) as web_visits,
        max(web_time_on_site) as web_time_on_site,
        max(campaign_touches) as campaign_touches,
        max(last_activity_at) as crm_last_activity_at,
        min(created_at) as created_at,
        min(_loaded_at) as first_loaded_at,
        min(mql_at) as crm_mql_at,
        min(sql_at) as crm_sql_at,
        coalesce(min(opportunity_at), min(crm_opportunity_created_at), min(case when is_converted and source_system like 'salesforce%' then converted_at end)) as crm_opportunity_at,
        coalesce(min(customer_at), min(case when crm_opportunity_won then crm_opportunity_closed_at end)) as crm_customer_at,
        min(case when crm_stage = 'disqualified' then coalesce(crm_stage_changed_at, created_at) end) as crm_disqualified_at,
        min(case when crm_stage = 'nurture' then coalesce(crm_stage_changed_at, created_at) end) as crm_nurture_at,
        bool_or(coalesce(is_converted, false)) as is_converted_in_export,
        bool_or(coalesce(crm_opportunity_won, false)) as has_won_opportunity,
        bool_or(coalesce(do_not_email, false)) as do_not_email,
        bool_or(coalesce(email_bounced, false)) as email_bounced,
        bool_or(coalesce(has_untyped_values, false)) as has_untyped_values,
        {{ first_non_null("case when source_system like 'salesforce%' then source_record_id end", 'recency_rank') }} as salesforce_id,
        {{ first_non_null("case when source_system = 'hubspot' then source_record_id end", 'recency_rank') }} as hubspot_record_id,
        {{ ordered_listagg('source_system', "','", 'source_system', distinct=true) }} as source_systems,
        count(*) as source_record_count
    from ranked
    group by lead_id

),

final as (

    select
        people.*,
        coalesce(people.industry, firmographics.industry) as company_industry,
        coalesce(people.employee_count, firmographics.employee_count) as company_employee_count,
        coalesce(people.annual_revenue, firmographics.annual_revenue_usd) as company_annual_revenue_usd,
        coalesce(people.country_code, firmographics.country_code) as company_country_code,
        firmographics.company_name as firmographic_company_name,
        firmographics.provider as firmographic_provider,
        firmographics.status as firmographic_status,
        firmographics.fetched_at as firmographic_fetched_at,
        company_intent.surging_topics,
        company_intent.max_surge_score,
        company_intent.latest_week as intent_latest_week
    from people
    left join firmographics
        on people.company_domain = firmographics.company_domain
    left join company_intent
        on people.company_domain = company_intent.company_domain

)

select * from final

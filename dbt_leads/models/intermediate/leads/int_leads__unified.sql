{#- One row per person (lead_id): their merged records (int_leads__merged) with their company's
    firmographics and intent. A view: company data can change for any person on any day, and the
    join is cheap next to writing every person again. -#}
{{ config(materialized='view') }}

with people as (

    select * from {{ ref('int_leads__merged') }}

),

firmographics as (

    select * from {{ ref('int_companies__firmographics') }}

),

company_intent as (

    select * from {{ source('enriched', 'company_intent') }}

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

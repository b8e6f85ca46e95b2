{#- One row per lead_id: who the lead is, how it scores and why, and where it stands in the funnel.
    Stage dates come from the append-only stage history, so once set they never move. -#}

with leads as (

    select * from {{ ref('int_leads__unified') }}

),

scores as (

    select * from {{ ref('int_leads__scored') }}

),

facts as (

    select * from {{ ref('int_leads__scoring_facts') }}

),

history as (

    select * from {{ ref('fct_lead_stage_history') }}

),

event_summary as (

    select * from {{ ref('int_leads__event_summary') }}

),

first_entries as (

    select
        lead_id,
        min(entered_at) as first_entered_at,
        {%- for stage in ['mql', 'sql', 'opportunity', 'customer', 'disqualified', 'nurture'] %}
        min(case when stage = '{{ stage }}' then entered_at end) as first_{{ stage }}_at{{ "," if not loop.last }}
        {%- endfor %}
    from history
    group by lead_id

),

-- The stage dates on the way up the funnel: the first entry of a stage that is not later than the
-- first entry of any later stage (a re-MQL after nurture does not reorder an earlier SQL).
funnel_dates as (

    select
        history.lead_id,
        min(case when history.stage = 'mql'
            and history.entered_at <= coalesce(least(first_entries.first_sql_at, first_entries.first_opportunity_at, first_entries.first_customer_at), history.entered_at)
            then history.entered_at end) as mql_at,
        min(case when history.stage = 'sql'
            and history.entered_at <= coalesce(least(first_entries.first_opportunity_at, first_entries.first_customer_at), history.entered_at)
            then history.entered_at end) as sql_at,
        min(case when history.stage = 'opportunity'
            and history.entered_at <= coalesce(first_entries.first_customer_at, history.entered_at)
            then history.entered_at end) as opportunity_at
    from history
    inner join first_entries
        on history.lead_id = first_entries.lead_id
    group by history.lead_id

),

current_stage as (

    select
        lead_id,
        stage as lifecycle_stage,
        entered_at as lifecycle_stage_entered_at,
        source_of_truth as lifecycle_source_of_truth
    from history
    where exited_at is null

),

final as (

    select
        cast(leads.lead_id as {{ dbt.type_string() }}) as lead_id,
        cast(leads.email as {{ dbt.type_string() }}) as email,
        cast(leads.first_name as {{ dbt.type_string() }}) as first_name,
        cast(leads.last_name as {{ dbt.type_string() }}) as last_name,
        cast(leads.job_title as {{ dbt.type_string() }}) as job_title,
        cast(leads.seniority as {{ dbt.type_string() }}) as seniority,
        cast(leads.department as {{ dbt.type_string() }}) as department,
        cast(leads.phone_e164 as {{ dbt.type_string() }}) as phone_e164,
        cast(coalesce(leads.company_name, leads.firmographic_company_name) as {{ dbt.type_string() }}) as company_name,
        cast(leads.company_domain as {{ dbt.type_string() }}) as company_domain,
        cast(leads.company_industry as {{ dbt.type_string() }}) as industry,
        cast(leads.company_employee_count as {{ scoring_type_double() }}) as employee_count,
        cast(leads.company_annual_revenue_usd as {{ scoring_type_double() }}) as annual_revenue_usd,
        cast(leads.company_country_code as {{ dbt.type_string() }}) as country_code,
        cast(leads.city as {{ dbt.type_string() }}) as city,
        cast(scores.fit_score as integer) as fit_score,
        cast(scores.engagement_score as integer) as engagement_score,
        cast(scores.lead_score as integer) as lead_score,
        cast(scores.fit_grade as {{ dbt.type_string() }}) as fit_grade,
        cast(scores.tier as {{ dbt.type_string() }}) as tier,
        cast(scores.score_reasons as {{ dbt.type_string() }}) as score_reasons,
        cast(current_stage.lifecycle_stage as {{ dbt.type_string() }}) as lifecycle_stage,
        cast(current_stage.lifecycle_stage_entered_at as timestamp) as lifecycle_stage_entered_at,
        cast(current_stage.lifecycle_source_of_truth as {{ dbt.type_string() }}) as lifecycle_source_of_truth,
        cast(funnel_dates.mql_at as timestamp) as mql_at,
        cast(funnel_dates.sql_at as timestamp) as sql_at,
        cast(funnel_dates.opportunity_at as timestamp) as opportunity_at,
        cast(first_entries.first_customer_at as timestamp) as customer_at,
        cast(first_entries.first_disqualified_at as timestamp) as disqualified_at,
        cast(first_entries.first_nurture_at as timestamp) as nurture_at,
        cast(leads.owner_id as {{ dbt.type_string() }}) as owner,
        cast(coalesce(leads.do_not_email, false) or facts.has_unsubscribed as boolean) as do_not_email,
        cast(facts.is_contactable as boolean) as is_contactable,
        cast(facts.lead_source_channel as {{ dbt.type_string() }}) as lead_source,
        cast(leads.lead_source as {{ dbt.type_string() }}) as lead_source_detail,
        cast(leads.source_systems as {{ dbt.type_string() }}) as source_systems,
        cast(
            first_entries.first_opportunity_at is not null
            or first_entries.first_customer_at is not null
            or coalesce(leads.is_converted_in_export, false)
            as boolean
        ) as is_converted,
        cast(leads.salesforce_id as {{ dbt.type_string() }}) as salesforce_id,
        cast(leads.hubspot_record_id as {{ dbt.type_string() }}) as hubspot_record_id,
        cast(
            coalesce(least(leads.created_at, event_summary.first_event_at), first_entries.first_entered_at)
            as timestamp
        ) as first_seen_at,
        cast(scores.scored_as_of as date) as scored_as_of
    from leads
    inner join scores
        on leads.lead_id = scores.lead_id
    inner join facts
        on leads.lead_id = facts.lead_id
    left join event_summary
        on leads.lead_id = event_summary.lead_id
    left join first_entries
        on leads.lead_id = first_entries.lead_id
    left join funnel_dates
        on leads.lead_id = funnel_dates.lead_id
    left join current_stage
        on leads.lead_id = current_stage.lead_id

)

select * from final

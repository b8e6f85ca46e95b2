{#- The state of every Salesforce lead ever synced, keyed by sync_key (the Salesforce Id when the
    lead came from Salesforce, else its email; incremental, never fully refreshed): current values,
    their sync_hash and when a synced value last moved. sync.salesforce_leads is its current rows. -#}
{%- set columns = [
    'sync_key', 'key_type', 'salesforce_id', 'lead_id', 'email',
    'first_name', 'last_name', 'company', 'title',
    'rating', 'status', 'is_converted', 'has_opted_out_of_email',
    'lead_tier', 'lead_score', 'fit_grade', 'score_reasons',
] -%}
{%- set synced_columns = [
    'email', 'first_name', 'last_name', 'company', 'title', 'rating', 'status',
    'has_opted_out_of_email', 'lead_tier', 'lead_score', 'fit_grade', 'score_reasons',
] -%}

{{ config(
    unique_key='sync_key',
    incremental_strategy=sync_state_strategy(),
    pre_hook="{{ copy_previous_sync_state() }}",
    on_schema_change='sync_all_columns',
) }}

with leads as (

    select * from {{ ref('dim_leads') }}

),

lead_funnel as (

    select * from {{ ref('fct_lead_funnel') }}

),

unified as (

    select * from {{ ref('int_leads__unified') }}

),

lead_activity as (

    select * from {{ ref('int_leads__event_summary') }}

),

candidates as (

    select
        leads.lead_id,
        -- Only a real Salesforce Id keys a row (an sfdx data-tree reference such as LeadRef4 is not one).
        case when {{ is_salesforce_id('unified.salesforce_id') }} then unified.salesforce_id end as salesforce_id,
        -- An invalid email is never pushed (and cannot key a lead).
        case when unified.has_usable_email and coalesce(unified.email_is_valid, false) then leads.email end as email,
        leads.first_name,
        leads.last_name,
        leads.company_name,
        leads.job_title,
        leads.tier,
        leads.lead_score,
        leads.fit_grade,
        leads.score_reasons,
        leads.lifecycle_stage,
        coalesce(leads.is_converted, false)
            or coalesce(lead_funnel.is_opportunity, false) as is_converted,
        coalesce(lead_funnel.is_sql, false) as is_sql,
        coalesce(leads.do_not_email, false) or coalesce(lead_activity.has_unsubscribed, false) as is_opted_out,
        coalesce(lead_activity.has_sales_touch, false) as has_sales_touch
    from leads
    inner join unified
        on leads.lead_id = unified.lead_id
    left join lead_funnel
        on leads.lead_id = lead_funnel.lead_id
    left join lead_activity
        on leads.lead_id = lead_activity.lead_id

),

current_leads as (

    select
        cast(coalesce(salesforce_id, email) as {{ dbt.type_string() }}) as sync_key,
        cast(case when salesforce_id is not null then 'salesforce_id' else 'email' end as {{ dbt.type_string() }}) as key_type,
        cast(salesforce_id as {{ dbt.type_string() }}) as salesforce_id,
        cast(lead_id as {{ dbt.type_string() }}) as lead_id,
        cast(email as {{ dbt.type_string() }}) as email,
        cast(first_name as {{ dbt.type_string() }}) as first_name,
        cast(last_name as {{ dbt.type_string() }}) as last_name,
        cast(company_name as {{ dbt.type_string() }}) as company,
        cast(job_title as {{ dbt.type_string() }}) as title,
        cast(case tier
            when 'hot' then 'Hot'
            when 'warm' then 'Warm'
            when 'cold' then 'Cold'
        end as {{ dbt.type_string() }}) as rating,
        cast(case
            when is_converted then 'Closed - Converted'
            when lifecycle_stage = 'disqualified' then 'Closed - Not Converted'
            when has_sales_touch or is_sql or lifecycle_stage = 'nurture' then 'Working - Contacted'
            else 'Open - Not Contacted'
        end as {{ dbt.type_string() }}) as status,
        is_converted,
        -- Only ever set the opt-out; never clear one Salesforce may hold.
        case when is_opted_out then true end as has_opted_out_of_email,
        cast(tier as {{ dbt.type_string() }}) as lead_tier,
        cast(round(lead_score) as {{ dbt.type_int() }}) as lead_score,
        cast(fit_grade as {{ dbt.type_string() }}) as fit_grade,
        cast(score_reasons as {{ dbt.type_string() }}) as score_reasons
    from candidates
    where coalesce(salesforce_id, email) is not null

),

{{ track_sync_changes('current_leads', 'sync_key', columns, synced_columns) }}

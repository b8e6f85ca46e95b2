{#- The state of every HubSpot contact ever synced, keyed by email (incremental, never fully
    refreshed): the current values, their sync_hash and when a synced value last moved.
    sync.hubspot_contacts is its current rows. -#}
{%- set stages = hubspot_lifecycle_stages() -%}
{%- set columns = [
    'email', 'lead_id', 'hubspot_record_id',
    'firstname', 'lastname', 'company', 'jobtitle',
    'lifecyclestage', 'hs_lead_status', 'hs_marketable_status', 'is_opted_out',
    'lead_tier', 'lead_score', 'fit_grade', 'score_reasons',
] -%}
{%- set synced_columns = [
    'firstname', 'lastname', 'company', 'jobtitle', 'lifecyclestage', 'hs_lead_status',
    'hs_marketable_status', 'is_opted_out', 'lead_tier', 'lead_score', 'fit_grade', 'score_reasons',
] -%}

{{ config(
    unique_key='email',
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

{% if is_incremental() -%}
previous_stages as (

    select
        email,
        lifecyclestage as previous_lifecyclestage
    from {{ previous_sync_state() }}

),
{%- endif %}

-- Only a valid, usable email can key a HubSpot contact.
contacts as (

    select
        leads.lead_id,
        leads.email,
        leads.hubspot_record_id,
        leads.first_name,
        leads.last_name,
        leads.company_name,
        leads.job_title,
        leads.lifecycle_stage,
        leads.tier,
        leads.lead_score,
        leads.fit_grade,
        leads.score_reasons,
        coalesce(leads.do_not_email, false) or coalesce(lead_activity.has_unsubscribed, false) as is_opted_out,
        coalesce(lead_activity.has_conversation, false) as has_conversation,
        coalesce(lead_activity.has_sales_touch, false) as has_sales_touch,
        -- The furthest stage this lead ever reached, in our data or in any CRM export.
        greatest(
            case
                when lead_funnel.is_customer then 6
                when lead_funnel.is_opportunity then 5
                when lead_funnel.is_sql then 4
                when lead_funnel.is_mql then 3
                when leads.lifecycle_stage = 'subscriber' then 1
                else 2
            end,
            coalesce(unified.crm_stage_order_highest, 0)
        ) as reached_stage_order
    from leads
    inner join unified
        on leads.lead_id = unified.lead_id
    left join lead_funnel
        on leads.lead_id = lead_funnel.lead_id
    left join lead_activity
        on leads.lead_id = lead_activity.lead_id
    where leads.email is not null
        and unified.has_usable_email
        and coalesce(unified.email_is_valid, false)

),

-- HubSpot only moves lifecyclestage forward: never send a stage below the one sent before.
floored as (

    select
        contacts.*,
        greatest(
            contacts.reached_stage_order,
            {%- if is_incremental() %}
            case previous_stages.previous_lifecyclestage
                {%- for canonical, order, hubspot_value in stages %}
                when '{{ hubspot_value }}' then {{ order }}
                {%- endfor %}
                else 0
            end
            {%- else %}
            0
            {%- endif %}
        ) as stage_order
    from contacts
    {%- if is_incremental() %}
    left join previous_stages
        on contacts.email = previous_stages.email
    {%- endif %}

),

current_contacts as (

    select
        cast(email as {{ dbt.type_string() }}) as email,
        cast(lead_id as {{ dbt.type_string() }}) as lead_id,
        cast(hubspot_record_id as {{ dbt.type_string() }}) as hubspot_record_id,
        cast(first_name as {{ dbt.type_string() }}) as firstname,
        cast(last_name as {{ dbt.type_string() }}) as lastname,
        cast(company_name as {{ dbt.type_string() }}) as company,
        cast(job_title as {{ dbt.type_string() }}) as jobtitle,
        cast(case stage_order
            {%- for canonical, order, hubspot_value in stages %}
            when {{ order }} then '{{ hubspot_value }}'
            {%- endfor %}
        end as {{ dbt.type_string() }}) as lifecyclestage,
        cast(case
            when lifecycle_stage = 'disqualified' then 'UNQUALIFIED'
            when lifecycle_stage = 'nurture' then 'BAD_TIMING'
            -- A customer has no open lead status: leave HubSpot's value alone.
            when stage_order >= 6 then null
            when stage_order = 5 then 'OPEN_DEAL'
            when stage_order = 4 then 'IN_PROGRESS'
            when has_conversation then 'CONNECTED'
            when has_sales_touch then 'ATTEMPTED_TO_CONTACT'
            when stage_order = 3 then 'OPEN'
            else 'NEW'
        end as {{ dbt.type_string() }}) as hs_lead_status,
        -- Never mark anyone marketable; only say "not marketable" for an opted-out contact.
        cast(case when is_opted_out then 'false' end as {{ dbt.type_string() }}) as hs_marketable_status,
        is_opted_out,
        cast(tier as {{ dbt.type_string() }}) as lead_tier,
        cast(round(lead_score) as {{ dbt.type_int() }}) as lead_score,
        cast(fit_grade as {{ dbt.type_string() }}) as fit_grade,
        cast(score_reasons as {{ dbt.type_string() }}) as score_reasons
    from floored

),

{{ track_sync_changes('current_contacts', 'email', columns, synced_columns) }}

{#- One row per person (lead_id): the most recent non-null value of each attribute across the
    records that formed them, and their CRM evidence (stages, dates, conversion). int_leads__unified
    adds the company's firmographics and intent.

    Incremental by person: merges again only the people int_lead_records__ranked ranked in a later
    run than their stored row (ranked_in_invocation); the post-hook removes the people who no longer
    have a record. -#}
{{ config(
    materialized=keyed_incremental_materialization(),
    unique_key='lead_id',
    incremental_strategy='delete+insert',
    post_hook="{% if is_incremental() %}{{ delete_people_missing_from(ref('int_lead_records__ranked')) }}{% endif %}",
) }}

with ranked as (

    select * from {{ ref('int_lead_records__ranked') }}
    {%- if is_incremental() %}
    where lead_id in (
        select ranked_people.lead_id
        from (
            select lead_id, max(ranked_in_invocation) as ranked_in_invocation
            from {{ ref('int_lead_records__ranked') }}
            group by lead_id
        ) as ranked_people
        left join {{ this }} as merged
            on ranked_people.lead_id = merged.lead_id
        where merged.lead_id is null
            or merged.ranked_in_invocation <> ranked_people.ranked_in_invocation
    )
    {%- endif %}

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
        count(*) as source_record_count,
        max(ranked_in_invocation) as ranked_in_invocation
    from ranked
    group by lead_id

)

select * from people

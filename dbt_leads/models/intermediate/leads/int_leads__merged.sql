{#- One row per person (lead_id): the most recent non-null value of each attribute across the
    records that formed them, and their CRM evidence (stages, dates, conversion). int_leads__unified
    adds the company's firmographics and intent.

    A person with one record takes its values as they are, and only the people with several records
    are grouped: grouping everyone cost more than the rows suggest (1M records, 642k people of whom
    256k have several: the model 6.3-6.6 s grouping everyone, 2.9-3.0 s so). The two kinds are told
    apart by int_lead_records__ranked's person_record_count, not by a join. The group-by is fast
    because the ranked records come out of their window a person's records together: the same
    records in scan order took 6.7 s.

    Incremental by person: merges again only the people int_lead_records__ranked ranked in a later
    run than their stored row (ranked_in_invocation); the post-hook removes the people who no longer
    have a record. -#}
{{ config(
    materialized=keyed_incremental_materialization(),
    unique_key='lead_id',
    incremental_strategy='delete+insert',
    post_hook="{% if is_incremental() %}{{ delete_people_missing_from(ref('int_lead_records__ranked')) }}{% endif %}",
) }}
{#- Each column of a person: (name, how a person's records combine, the record's expression). One
    list serves both kinds of people (person_value in macros/lead_record.sql). -#}
{%- set person_columns = [('email', 'max', 'email'), ('has_usable_email', 'bool_or', 'has_usable_email')] -%}
{%- for column in ['first_name', 'last_name', 'company_name', 'job_title', 'phone_e164', 'country_code',
                   'city', 'industry', 'employee_count', 'annual_revenue', 'lead_source', 'owner_id',
                   'company_domain', 'email_domain', 'seniority', 'department', 'has_buying_authority',
                   'email_is_valid', 'email_is_free', 'email_is_disposable', 'email_is_role',
                   'bant_budget', 'bant_authority', 'bant_need', 'bant_timeline',
                   'lead_origin', 'occupation', 'last_activity_type', 'disqualified_reason'] -%}
    {%- do person_columns.append((column, 'latest', column)) -%}
{%- endfor -%}
{%- do person_columns.extend([
    ('crm_stage_latest', 'latest', 'crm_stage'),
    ('crm_status_latest', 'latest', 'crm_status'),
    ('crm_stage_order_highest', 'max', 'crm_stage_order'),
    ('web_visits', 'max', 'web_visits'),
    ('web_time_on_site', 'max', 'web_time_on_site'),
    ('campaign_touches', 'max', 'campaign_touches'),
    ('crm_last_activity_at', 'max', 'last_activity_at'),
    ('created_at', 'min', 'created_at'),
    ('first_loaded_at', 'min', '_loaded_at'),
    ('crm_mql_at', 'min', 'mql_at'),
    ('crm_sql_at', 'min', 'sql_at'),
    ('crm_opportunity_at', 'min', ['opportunity_at', 'crm_opportunity_created_at',
                                   "case when is_converted and source_system like 'salesforce%' then converted_at end"]),
    ('crm_customer_at', 'min', ['customer_at', 'case when crm_opportunity_won then crm_opportunity_closed_at end']),
    ('crm_disqualified_at', 'min', "case when crm_stage = 'disqualified' then coalesce(crm_stage_changed_at, created_at) end"),
    ('crm_nurture_at', 'min', "case when crm_stage = 'nurture' then coalesce(crm_stage_changed_at, created_at) end"),
    ('is_converted_in_export', 'bool_or', 'coalesce(is_converted, false)'),
    ('has_won_opportunity', 'bool_or', 'coalesce(crm_opportunity_won, false)'),
    ('do_not_email', 'bool_or', 'coalesce(do_not_email, false)'),
    ('email_bounced', 'bool_or', 'coalesce(email_bounced, false)'),
    ('has_untyped_values', 'bool_or', 'coalesce(has_untyped_values, false)'),
    ('salesforce_id', 'latest', "case when source_system like 'salesforce%' then source_record_id end"),
    ('hubspot_record_id', 'latest', "case when source_system = 'hubspot' then source_record_id end"),
    ('source_systems', 'sorted_list', 'source_system'),
    ('source_record_count', 'count', '*'),
    ('ranked_in_invocation', 'max', 'ranked_in_invocation'),
]) -%}
{%- set merge_again_only_changed_people -%}
    {%- if is_incremental() %}
        and ranked.lead_id in (select lead_id from people_ranked_again)
    {%- endif %}
{%- endset %}

with

{% if is_incremental() -%}
-- A person's records are all ranked in the same invocation, so their latest record speaks for them:
-- one row per person without a group-by over every record (10M records, a string group-by).
people_ranked_again as (

    select ranked.lead_id
    from {{ ref('int_lead_records__ranked') }} as ranked
    left join {{ this }} as merged
        on ranked.lead_id = merged.lead_id
    where ranked.recency_rank = 1
        and (merged.lead_id is null or merged.ranked_in_invocation <> ranked.ranked_in_invocation)

),

{% endif -%}
people_with_one_record as (

    select
        ranked.lead_id,
        {%- for name, combine, expression in person_columns %}
        {{ person_value(combine, expression, one_record=true) }} as {{ name }}{{ ',' if not loop.last }}
        {%- endfor %}
    from {{ ref('int_lead_records__ranked') }} as ranked
    where ranked.person_record_count = 1{{ merge_again_only_changed_people }}

),

people_with_records_merged as (

    select
        ranked.lead_id,
        {%- for name, combine, expression in person_columns %}
        {{ person_value(combine, expression, one_record=false) }} as {{ name }}{{ ',' if not loop.last }}
        {%- endfor %}
    from {{ ref('int_lead_records__ranked') }} as ranked
    -- Rows ranked before records were counted have no count: grouped, which is right for any number.
    where coalesce(ranked.person_record_count, 2) > 1{{ merge_again_only_changed_people }}
    group by ranked.lead_id

),

people as (

    select * from people_with_one_record
    union all
    select * from people_with_records_merged

)

select * from people

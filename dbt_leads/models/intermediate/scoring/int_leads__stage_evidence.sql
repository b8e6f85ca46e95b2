{#- One row per lead per stage the evidence of this run supports: CRM evidence (stage dates, statuses,
    BANT answers, conversion, closed won) and computed evidence (MQL by score, auto-SQL, disqualifier
    rules). The append-only log int_lead_stages__logged decides which of these become stage entries.
    CRM evidence wins: a computed stage is only proposed where the CRM does not already show that stage
    or a later one (unless the CRM's current status is an exit, from which a lead may be re-MQL'd). -#}
{%- set stage_orders = {'subscriber': 1, 'lead': 2, 'mql': 3, 'sql': 4, 'opportunity': 5, 'customer': 6} -%}
{%- set seniority_ranks = {'individual_contributor': 1, 'manager': 2, 'director': 3, 'vp': 4, 'c_level': 5} -%}
{%- set undated = as_of_timestamp() -%}

with leads as (

    select * from {{ ref('int_leads__unified') }}

),

scores as (

    select * from {{ ref('int_leads__scored') }}

),

facts as (

    select * from {{ ref('int_leads__scoring_facts') }}

),

event_summary as (

    select * from {{ ref('int_leads__event_summary') }}

),

signals as (

    select
        leads.lead_id,
        leads.source_systems,
        leads.created_at,
        leads.crm_stage_latest,
        leads.crm_status_latest,
        leads.crm_stage_order_highest,
        leads.crm_mql_at,
        leads.crm_sql_at,
        leads.crm_opportunity_at,
        leads.crm_customer_at,
        leads.crm_disqualified_at,
        leads.crm_nurture_at,
        leads.disqualified_reason,
        leads.bant_budget,
        leads.bant_authority,
        leads.bant_need,
        leads.bant_timeline,
        leads.is_converted_in_export,
        leads.has_won_opportunity,
        scores.lead_score,
        scores.fit_grade,
        scores.score_reasons,
        scores.is_disqualified_by_rule,
        scores.disqualifier_reasons,
        facts.is_contactable,
        event_summary.first_event_at,
        event_summary.recent_demo_request_at,
        case leads.seniority
            {%- for seniority, rank in seniority_ranks.items() %}
            when '{{ seniority }}' then {{ rank }}
            {%- endfor %}
            else 0
        end as seniority_rank,
        (
            {%- for field in ['budget', 'authority', 'need', 'timeline'] %}
            case
                when leads.bant_{{ field }} is not null
                    and lower(trim(leads.bant_{{ field }})) not in ('{{ var("bant_negative_answers") | join("', '") }}')
                    then 1
                else 0
            end{% if not loop.last %} +{% endif %}
            {%- endfor %}
        ) as bant_answers,
        coalesce(leads.crm_stage_latest in ('disqualified', 'nurture'), false) as crm_is_in_exit,
        -- The furthest forward stage the CRM shows (dates, stage, conversion), 0 when none.
        case
            when leads.crm_customer_at is not null or leads.has_won_opportunity or leads.crm_stage_order_highest = 6 then 6
            when leads.crm_opportunity_at is not null or leads.crm_stage_order_highest = 5 or leads.is_converted_in_export then 5
            when leads.crm_sql_at is not null or leads.crm_stage_order_highest = 4 then 4
            when leads.crm_mql_at is not null or leads.crm_stage_order_highest = 3 then 3
            else 0
        end as crm_forward_order
    from leads
    inner join scores
        on leads.lead_id = scores.lead_id
    inner join facts
        on leads.lead_id = facts.lead_id
    left join event_summary
        on leads.lead_id = event_summary.lead_id

),

flagged as (

    select
        *,
        bant_answers >= {{ var('sql_bant_min_fields') }} as has_bant_evidence,
        -- CRM wins over computed stages unless the CRM's current status is an exit (nurture may be re-MQL'd).
        case when crm_is_in_exit then 0 else crm_forward_order end as crm_blocking_order,
        coalesce(crm_stage_latest = 'disqualified', false) as crm_is_disqualified
    from signals

),

first_seen as (

    select
        lead_id,
        case when crm_stage_order_highest = 1 then 'subscriber' else 'lead' end as stage,
        coalesce(created_at, first_event_at, {{ undated }}) as evidence_at,
        case when crm_stage_latest is not null then 'crm' else 'computed' end as source_of_truth,
        'first_seen' as evidence_type,
        'First seen in ' || source_systems as evidence,
        'first_seen' as evidence_key,
        false as is_repeatable
    from flagged

),

crm_mql as (

    select
        lead_id,
        'mql' as stage,
        coalesce(crm_mql_at, {{ undated }}) as evidence_at,
        'crm' as source_of_truth,
        'crm_stage' as evidence_type,
        'CRM: marketing qualified'
        || case when crm_mql_at is not null then ' on ' || {{ scoring_date_key('crm_mql_at') }} else ' (status ' || coalesce(crm_status_latest, 'mql') || ')' end as evidence,
        'crm:mql:' || {{ scoring_date_key('crm_mql_at') }} as evidence_key,
        crm_mql_at is null and crm_stage_latest = 'mql' as is_repeatable
    from flagged
    where crm_mql_at is not null
        or crm_stage_order_highest = 3

),

computed_mql as (

    select
        lead_id,
        'mql' as stage,
        {{ undated }} as evidence_at,
        'computed' as source_of_truth,
        'score_threshold' as evidence_type,
        'lead_score ' || cast(lead_score as {{ dbt.type_string() }})
        || ' >= {{ var("mql_threshold") }}: ' || score_reasons as evidence,
        'computed:mql' as evidence_key,
        true as is_repeatable
    from flagged
    where lead_score >= {{ var('mql_threshold') }}
        and is_contactable
        and not is_disqualified_by_rule
        and not crm_is_disqualified
        and crm_blocking_order < 3

),

crm_sql as (

    select
        lead_id,
        'sql' as stage,
        coalesce(crm_sql_at, {{ undated }}) as evidence_at,
        'crm' as source_of_truth,
        case
            when crm_sql_at is not null or crm_stage_order_highest = 4 then 'crm_stage'
            else 'bant'
        end as evidence_type,
        case
            when crm_sql_at is not null then 'CRM: sales qualified on ' || {{ scoring_date_key('crm_sql_at') }}
            when crm_stage_order_highest = 4 then 'CRM status: ' || coalesce(crm_status_latest, 'sql')
            else 'BANT'
        end
        || case
            when has_bant_evidence then
                '; BANT ' || cast(bant_answers as {{ dbt.type_string() }}) || '/4:'
                {%- for field in ['budget', 'authority', 'need', 'timeline'] %}
                || coalesce(' {{ field }}=' || bant_{{ field }}, '')
                {%- endfor %}
            else ''
        end as evidence,
        'crm:sql:' || {{ scoring_date_key('crm_sql_at') }} as evidence_key,
        crm_sql_at is null and not crm_is_in_exit as is_repeatable
    from flagged
    where crm_sql_at is not null
        or crm_stage_order_highest = 4
        or has_bant_evidence

),

auto_sql as (

    select
        lead_id,
        'sql' as stage,
        {{ undated }} as evidence_at,
        'computed' as source_of_truth,
        'auto_sql' as evidence_type,
        'Auto-SQL: demo request on ' || {{ scoring_date_key('recent_demo_request_at') }}
        || ' from a grade ' || fit_grade || ' lead at director level or above' as evidence,
        'computed:sql' as evidence_key,
        true as is_repeatable
    from flagged
    where recent_demo_request_at is not null
        and fit_grade in ('{{ var("auto_sql_grades") | join("', '") }}')
        and seniority_rank >= {{ seniority_ranks[var('auto_sql_min_seniority')] }}
        and not is_disqualified_by_rule
        and not crm_is_disqualified
        and crm_blocking_order < 4

),

crm_opportunity as (

    select
        lead_id,
        'opportunity' as stage,
        coalesce(crm_opportunity_at, {{ undated }}) as evidence_at,
        'crm' as source_of_truth,
        'conversion' as evidence_type,
        case
            when crm_opportunity_at is not null then 'CRM: opportunity since ' || {{ scoring_date_key('crm_opportunity_at') }}
            when is_converted_in_export then 'CRM: converted (' || source_systems || ')'
            else 'CRM status: ' || coalesce(crm_status_latest, 'opportunity')
        end as evidence,
        'crm:opportunity:' || {{ scoring_date_key('crm_opportunity_at') }} as evidence_key,
        crm_opportunity_at is null and not crm_is_in_exit as is_repeatable
    from flagged
    where crm_opportunity_at is not null
        or crm_stage_order_highest = 5
        or (is_converted_in_export and coalesce(crm_stage_order_highest, 0) < 5)

),

crm_customer as (

    select
        lead_id,
        'customer' as stage,
        coalesce(crm_customer_at, {{ undated }}) as evidence_at,
        'crm' as source_of_truth,
        'closed_won' as evidence_type,
        case
            when crm_customer_at is not null then 'CRM: customer since ' || {{ scoring_date_key('crm_customer_at') }}
            when has_won_opportunity then 'CRM: opportunity closed won'
            else 'CRM: customer (' || source_systems || ')'
        end as evidence,
        'crm:customer:' || {{ scoring_date_key('crm_customer_at') }} as evidence_key,
        crm_customer_at is null and not crm_is_in_exit as is_repeatable
    from flagged
    where crm_customer_at is not null
        or has_won_opportunity
        or crm_stage_order_highest = 6

),

disqualified as (

    select
        lead_id,
        'disqualified' as stage,
        case when crm_is_disqualified then coalesce(crm_disqualified_at, {{ undated }}) else {{ undated }} end as evidence_at,
        case when crm_is_disqualified then 'crm' else 'computed' end as source_of_truth,
        case when crm_is_disqualified then 'crm_stage' else 'disqualifier_rule' end as evidence_type,
        case
            when crm_is_disqualified then
                'CRM status: ' || coalesce(crm_status_latest, 'disqualified')
                || coalesce('; reason: ' || disqualified_reason, '')
            else 'Rule: ' || disqualifier_reasons
        end as evidence,
        case
            when crm_is_disqualified then 'crm:disqualified:' || {{ scoring_date_key('crm_disqualified_at') }}
            else 'computed:disqualified'
        end as evidence_key,
        false as is_repeatable
    from flagged
    where crm_is_disqualified
        or (is_disqualified_by_rule and crm_blocking_order < 3)

),

crm_nurture as (

    select
        lead_id,
        'nurture' as stage,
        coalesce(crm_nurture_at, {{ undated }}) as evidence_at,
        'crm' as source_of_truth,
        'crm_stage' as evidence_type,
        'CRM status: ' || coalesce(crm_status_latest, 'nurture') as evidence,
        'crm:nurture:' || {{ scoring_date_key('crm_nurture_at') }} as evidence_key,
        false as is_repeatable
    from flagged
    where crm_stage_latest = 'nurture'

),

candidates as (

    select * from first_seen
    union all
    select * from crm_mql
    union all
    select * from computed_mql
    union all
    select * from crm_sql
    union all
    select * from auto_sql
    union all
    select * from crm_opportunity
    union all
    select * from crm_customer
    union all
    select * from disqualified
    union all
    select * from crm_nurture

),

ordered as (

    select
        candidates.*,
        case candidates.stage
            {%- for stage, order in stage_orders.items() %}
            when '{{ stage }}' then {{ order }}
            {%- endfor %}
        end as stage_order,
        candidates.stage in ('disqualified', 'nurture') as is_exit,
        -- The CRM's current exit happened after everything else the CRM shows.
        max(case when candidates.source_of_truth = 'crm' and candidates.stage not in ('disqualified', 'nurture') then candidates.evidence_at end)
            over (partition by candidates.lead_id) as crm_forward_latest_at
    from candidates

),

final as (

    select
        lead_id,
        stage,
        stage_order,
        is_exit,
        case
            when is_exit and source_of_truth = 'crm' and crm_forward_latest_at > evidence_at then crm_forward_latest_at
            else evidence_at
        end as evidence_at,
        source_of_truth,
        evidence_type,
        evidence,
        evidence_key,
        is_repeatable
    from ordered

)

select * from final

{#- Score calibration, a backtest to rerun after changing a scoring rule: per tier and per score
    decile, among leads whose outcome is known, how many converted, the conversion rate and its
    lift over the base rate. A good score has deciles whose lift rises with the score.
    Outcome known: converted (opportunity, customer or a converted flag), disqualified, from a
    source whose export records the final outcome (var calibration_outcome_sources), or first seen
    at least var calibration_outcome_window_days before LEADS_AS_OF (no conversion by then = not converted). -#}

with leads as (

    select * from {{ ref('dim_leads') }}

),

lead_funnel as (

    select * from {{ ref('fct_lead_funnel') }}

),

outcomes as (

    select
        leads.lead_id,
        leads.tier,
        cast(leads.lead_score as {{ type_double() }}) as lead_score,
        coalesce(leads.is_converted, false) or lead_funnel.is_opportunity as is_converted,
        lead_funnel.disqualified_at is not null as is_disqualified,
        {%- set outcome_sources = var('calibration_outcome_sources') %}
        {%- if outcome_sources %}
        (
            {%- for source_system in outcome_sources %}
            {{ "or " if not loop.first }}leads.source_systems like '%{{ source_system }}%'
            {%- endfor %}
        ) as is_from_outcome_source,
        {%- else %}
        false as is_from_outcome_source,
        {%- endif %}
        leads.first_seen_at <= {{ dbt.dateadd('day', -1 * var('calibration_outcome_window_days'), as_of_timestamp()) }} as is_mature
    from leads
    inner join lead_funnel
        on leads.lead_id = lead_funnel.lead_id
    where leads.lead_score is not null

),

known as (

    select
        *,
        ntile(10) over (order by lead_score, lead_id) as score_decile
    from outcomes
    where is_converted
        or is_disqualified
        or is_from_outcome_source
        or coalesce(is_mature, false)

),

base as (

    select {{ safe_ratio('sum(case when is_converted then 1 else 0 end)', 'count(*)') }} as base_rate
    from known

),

by_tier as (

    select
        'tier' as dimension,
        coalesce(tier, '(none)') as bucket,
        case tier when 'cold' then 1 when 'warm' then 2 when 'hot' then 3 else 4 end as bucket_order,
        count(*) as leads,
        sum(case when is_converted then 1 else 0 end) as converted,
        min(lead_score) as min_lead_score,
        max(lead_score) as max_lead_score
    from known
    group by tier

),

by_decile as (

    select
        'score_decile' as dimension,
        cast(score_decile as {{ dbt.type_string() }}) as bucket,
        score_decile as bucket_order,
        count(*) as leads,
        sum(case when is_converted then 1 else 0 end) as converted,
        min(lead_score) as min_lead_score,
        max(lead_score) as max_lead_score
    from known
    group by score_decile

),

buckets as (

    select * from by_tier
    union all
    select * from by_decile

),

final as (

    select
        cast(buckets.dimension as {{ dbt.type_string() }}) as dimension,
        cast(buckets.bucket as {{ dbt.type_string() }}) as bucket,
        cast(buckets.bucket_order as {{ dbt.type_int() }}) as bucket_order,
        cast(buckets.leads as {{ dbt.type_bigint() }}) as leads,
        cast(buckets.converted as {{ dbt.type_bigint() }}) as converted,
        {{ safe_ratio('buckets.converted', 'buckets.leads') }} as conversion_rate,
        cast(base.base_rate as {{ type_double() }}) as base_rate,
        {{ safe_ratio(safe_ratio('buckets.converted', 'buckets.leads'), 'base.base_rate') }} as lift,
        cast(buckets.min_lead_score as {{ type_double() }}) as min_lead_score,
        cast(buckets.max_lead_score as {{ type_double() }}) as max_lead_score,
        cast({{ as_of_date() }} as date) as as_of_date
    from buckets
    cross join base

)

select * from final

{#- One row per lead: fit and engagement scores (group caps from seed scoring_groups), lead_score
    0..100, fit grade and tier (cut-offs are vars), the top reasons, and disqualifier hits.
    The two queries of the score points read the table itself: a CTE read twice is copied whole
    first (5M rows at 1M leads, 1.1 s of 7 s). -#}

with facts as (

    select * from {{ ref('int_leads__scoring_facts') }}

),

score_groups as (

    select * from {{ ref('scoring_groups') }}

),

group_caps as (

    select
        max(case when score_group = 'fit' then max_points end) as fit_cap,
        max(case when score_group = 'engagement' then max_points end) as engagement_cap,
        max(case when score_group = 'total' then max_points end) as total_cap
    from score_groups

),

lead_points as (

    select
        lead_id,
        sum(case when score_group = 'fit' then points else 0 end) as fit_points,
        sum(case when score_group = 'engagement' then points else 0 end) as engagement_points,
        max(case when is_disqualifier then 1 else 0 end) = 1 as is_disqualified_by_rule
    from {{ ref('int_lead_score_points__matched') }}
    group by lead_id

),

ranked_reasons as (

    select
        lead_id,
        is_disqualifier,
        reason
        || case when is_disqualifier then '' else
            ' (' || case when points > 0 then '+' else '' end
            || cast(cast(round(points) as integer) as {{ dbt.type_string() }}) || ')'
        end as reason_text,
        row_number() over (
            partition by lead_id
            order by case when is_disqualifier then 0 else 1 end, abs(points) desc, rule_id
        ) as reason_rank
    from {{ ref('int_lead_score_points__matched') }}
    where is_disqualifier or round(points) <> 0

),

-- The top reasons joined in rank order, one rank per term: an ordered string aggregate would hold
-- every lead's reasons in memory, where DuckDB cannot spill them (10M leads ran out at 2GB).
reasons as (

    select
        lead_id,
        {%- for rank in range(1, var('score_reasons_max') | int + 1) %}
        {% if not loop.first %}|| {% endif -%}
        coalesce({% if not loop.first %}'; ' || {% endif %}max(case when reason_rank = {{ rank }} then reason_text end), '')
        {%- endfor %} as score_reasons
    from ranked_reasons
    where reason_rank <= {{ var('score_reasons_max') }}
    group by lead_id

),

disqualifiers as (

    select
        lead_id,
        {{ ordered_listagg('reason_text', "'; '", 'reason_rank') }} as disqualifier_reasons
    from ranked_reasons
    where is_disqualifier
    group by lead_id

),

scores as (

    select
        facts.lead_id,
        cast(round({{ scoring_capped('coalesce(lead_points.fit_points, 0)', 'group_caps.fit_cap') }}) as integer) as fit_score,
        cast(round({{ scoring_capped('coalesce(lead_points.engagement_points, 0)', 'group_caps.engagement_cap') }}) as integer) as engagement_score,
        group_caps.total_cap,
        coalesce(lead_points.is_disqualified_by_rule, false) as is_disqualified_by_rule
    from facts
    cross join group_caps
    left join lead_points
        on facts.lead_id = lead_points.lead_id

),

graded as (

    select
        scores.lead_id,
        scores.fit_score,
        scores.engagement_score,
        cast(
            case
                when scores.fit_score + scores.engagement_score < 0 then 0
                when scores.fit_score + scores.engagement_score > scores.total_cap then scores.total_cap
                else scores.fit_score + scores.engagement_score
            end as integer
        ) as lead_score,
        case
            when scores.fit_score >= {{ var('grade_a_min_fit') }} then 'A'
            when scores.fit_score >= {{ var('grade_b_min_fit') }} then 'B'
            when scores.fit_score >= {{ var('grade_c_min_fit') }} then 'C'
            else 'D'
        end as fit_grade,
        coalesce(reasons.score_reasons, '') as score_reasons,
        scores.is_disqualified_by_rule,
        disqualifiers.disqualifier_reasons,
        {{ as_of_date() }} as scored_as_of
    from scores
    left join reasons
        on scores.lead_id = reasons.lead_id
    left join disqualifiers
        on scores.lead_id = disqualifiers.lead_id

),

final as (

    select
        *,
        case
            when lead_score >= {{ var('tier_hot_min_score') }} then 'hot'
            when lead_score >= {{ var('tier_warm_min_score') }} then 'warm'
            else 'cold'
        end as tier
    from graded

)

select * from final

{#- One row per lead per scoring rule that gave points: attribute rules (seed scoring_attribute_rules;
    in each rule family only the match with the largest absolute points counts) and event rules (seed
    scoring_event_rules; points per event, decayed by age relative to LEADS_AS_OF, capped per rule).
    Sales activities (calls, sales emails, meetings) are never scored: they happen after contact. -#}
{%- set max_alternatives = 20 -%}

with attribute_rules as (

    select * from {{ ref('scoring_attribute_rules') }}

),

event_rules as (

    select * from {{ ref('scoring_event_rules') }}

),

events as (

    select * from {{ ref('int_lead_events__resolved') }}

),

-- Facts in long form: one row per lead per attribute, typed three ways so one join serves every operator.
-- Text is compared lower-case and trimmed, like the rules' match values. Each branch reads only its
-- own column of the table: a CTE read by all 20 would first be materialised whole.
fact_values as (

    {%- for column, kind in scoring_fact_columns() %}
    select
        lead_id,
        '{{ column }}' as attribute,
        {% if kind == 'text' -%}
        lower(trim({{ column }})) as text_value,
        {%- else -%}
        cast(null as {{ dbt.type_string() }}) as text_value,
        {%- endif %}
        {% if kind == 'number' -%}
        cast({{ column }} as {{ scoring_type_double() }}) as number_value,
        {%- else -%}
        cast(null as {{ scoring_type_double() }}) as number_value,
        {%- endif %}
        {% if kind == 'boolean' -%}
        {{ column }} as bool_value
        {%- else -%}
        cast(null as boolean) as bool_value
        {%- endif %}
    from {{ ref('int_leads__scoring_facts') }}
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}

),

positions as (

    {%- for position in range(1, max_alternatives + 1) %}
    select {{ position }} as position{% if not loop.last %} union all{% endif %}
    {%- endfor %}

),

-- A rule's match_value holds alternatives separated by '|': one row per alternative.
rule_alternatives as (

    select
        attribute_rules.rule_id,
        attribute_rules.score_group,
        attribute_rules.rule_family,
        attribute_rules.attribute,
        attribute_rules.operator,
        lower(trim({{ split_part_at('attribute_rules.match_value', '|', 'positions.position') }})) as match_item,
        attribute_rules.min_value,
        attribute_rules.max_value,
        attribute_rules.points,
        attribute_rules.max_points,
        attribute_rules.is_disqualifier,
        attribute_rules.reason
    from attribute_rules
    inner join positions
        on positions.position = 1
        or attribute_rules.match_value like '%|%'

),

usable_alternatives as (

    select *
    from rule_alternatives
    where operator not in ('equals', 'in', 'contains')
        or (match_item is not null and match_item <> '')

),

attribute_matches as (

    select distinct
        fact_values.lead_id,
        usable_alternatives.rule_id,
        usable_alternatives.score_group,
        usable_alternatives.rule_family,
        usable_alternatives.is_disqualifier,
        usable_alternatives.reason,
        {{ scoring_rule_points('fact_values', 'usable_alternatives') }} as points
    from fact_values
    inner join usable_alternatives
        on fact_values.attribute = usable_alternatives.attribute
    where {{ scoring_rule_matches('fact_values', 'usable_alternatives') }}

),

-- Rules of one family are alternatives (bands, lists): the strongest match counts, so bands never add up.
attribute_points as (

    select
        lead_id,
        rule_id,
        score_group,
        rule_family,
        is_disqualifier,
        reason,
        points,
        cast(null as integer) as event_count,
        row_number() over (
            partition by lead_id, rule_family
            order by abs(points) desc, rule_id
        ) as family_rank
    from attribute_matches

),

scored_events as (

    select
        events.lead_id,
        events.event_type,
        events.occurred_at,
        event_rules.points,
        event_rules.max_points,
        event_rules.reason,
        {{ scoring_decay_factor(
            dbt.datediff('cast(events.occurred_at as date)', as_of_date(), 'day'),
            'event_rules.half_life_days'
        ) }} as decay_factor
    from events
    inner join event_rules
        on events.event_type = event_rules.event_type
    where events.lead_id is not null
        and not coalesce(events.is_sales_touch, false)
        and events.occurred_at < {{ as_of_timestamp() }}
        and (
            event_rules.lookback_days is null
            or {{ dbt.datediff('cast(events.occurred_at as date)', as_of_date(), 'day') }} <= event_rules.lookback_days
        )

),

event_points as (

    select
        lead_id,
        'event_' || event_type as rule_id,
        'engagement' as score_group,
        'event_' || event_type as rule_family,
        false as is_disqualifier,
        max(reason) as reason,
        {{ scoring_capped('sum(points * decay_factor)', 'max(max_points)') }} as points,
        cast(count(*) as integer) as event_count,
        1 as family_rank
    from scored_events
    group by lead_id, event_type

),

final as (

    select
        lead_id,
        rule_id,
        score_group,
        rule_family,
        is_disqualifier,
        reason,
        cast(points as {{ scoring_type_double() }}) as points,
        event_count
    from attribute_points
    -- A disqualifier rule is kept even when it is not its family's strongest match.
    where family_rank = 1
        or is_disqualifier
    union all
    select
        lead_id,
        rule_id,
        score_group,
        rule_family,
        is_disqualifier,
        reason,
        cast(points as {{ scoring_type_double() }}) as points,
        event_count
    from event_points

)

select * from final

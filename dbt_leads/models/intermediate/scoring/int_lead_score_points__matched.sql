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

-- Text facts, for the rules that compare a value (equals, in): one hash join on (attribute, value),
-- where a join on the attribute alone paired every fact with every alternative of its rules (1M
-- leads: 3.9M matches out of 9.7M pairs; the model 5.8 s -> 4.9 s with the narrow matches below).
-- Text is compared lower-case and trimmed, like the rules' match values. Each branch reads only its
-- own column of the table: a CTE read by every branch would first be materialised whole.
text_values as (

    {%- for column, kind in scoring_fact_columns() if kind == 'text' %}
    select
        lead_id,
        '{{ column }}' as attribute,
        lower(trim({{ column }})) as text_value
    from {{ ref('int_leads__scoring_facts') }}
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}

),

-- Every fact in long form, typed three ways, for the other operators (contains, between, is_true,
-- per_unit): few rules, so joining on the attribute alone stays small.
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

-- A text rule's match_value holds alternatives separated by '|': one row per distinct alternative,
-- so a value equals at most one of a rule's. The other operators read no match_value: one row.
rule_alternatives as (

    select distinct
        attribute_rules.rule_id,
        attribute_rules.attribute,
        attribute_rules.operator,
        lower(trim({{ split_part_at('attribute_rules.match_value', '|', 'positions.position') }})) as match_item,
        attribute_rules.min_value,
        attribute_rules.max_value
    from attribute_rules
    inner join positions
        on positions.position = 1
        or (
            attribute_rules.operator in ('equals', 'in', 'contains')
            and attribute_rules.match_value like '%|%'
        )

),

usable_alternatives as (

    select *
    from rule_alternatives
    where operator not in ('equals', 'in', 'contains')
        or (match_item is not null and match_item <> '')

),

-- The matches carry the rule's id and the fact's number (per_unit points) alone: the rule's text
-- joins once the strongest match of each family is known.
value_matches as (

    select
        text_values.lead_id,
        usable_alternatives.rule_id,
        cast(null as {{ scoring_type_double() }}) as number_value
    from text_values
    inner join usable_alternatives
        on text_values.attribute = usable_alternatives.attribute
        and text_values.text_value = usable_alternatives.match_item
    where usable_alternatives.operator in ('equals', 'in')

),

-- contains may match several alternatives of one rule: the rule counts once.
other_matches as (

    select distinct
        fact_values.lead_id,
        usable_alternatives.rule_id,
        fact_values.number_value
    from fact_values
    inner join usable_alternatives
        on fact_values.attribute = usable_alternatives.attribute
    where usable_alternatives.operator not in ('equals', 'in')
        and {{ scoring_rule_matches('fact_values', 'usable_alternatives') }}

),

attribute_matches as (

    select * from value_matches
    union all
    select * from other_matches

),

-- Rules of one family are alternatives (bands, lists): the strongest match counts, so bands never add up.
attribute_points as (

    select
        attribute_matches.lead_id,
        attribute_matches.rule_id,
        attribute_rules.is_disqualifier,
        {{ scoring_rule_points('attribute_matches', 'attribute_rules') }} as points,
        row_number() over (
            partition by attribute_matches.lead_id, attribute_rules.rule_family
            order by abs({{ scoring_rule_points('attribute_matches', 'attribute_rules') }}) desc, attribute_matches.rule_id
        ) as family_rank
    from attribute_matches
    inner join attribute_rules
        on attribute_matches.rule_id = attribute_rules.rule_id

),

-- A disqualifier rule is kept even when it is not its family's strongest match.
attribute_points_counted as (

    select
        attribute_points.lead_id,
        attribute_points.rule_id,
        attribute_rules.score_group,
        attribute_rules.rule_family,
        attribute_rules.is_disqualifier,
        attribute_rules.reason,
        attribute_points.points,
        cast(null as integer) as event_count
    from attribute_points
    inner join attribute_rules
        on attribute_points.rule_id = attribute_rules.rule_id
    where attribute_points.family_rank = 1
        or attribute_points.is_disqualifier

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
        cast(count(*) as integer) as event_count
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
    from attribute_points_counted
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

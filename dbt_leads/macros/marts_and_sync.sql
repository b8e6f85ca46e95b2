{#
  Helpers of the funnel marts (models/marts/funnel) and the CRM sync tables (models/sync).
  Engines differ in median, double and JSON, so those go through adapter.dispatch.
#}

{# An 8-byte float: DuckDB and Spark call it double, PostgreSQL double precision (dbt's type_float is 4 bytes on DuckDB). #}
{% macro type_double() -%}
    {{ return(adapter.dispatch('type_double', 'dbt_leads')()) }}
{%- endmacro %}

{% macro default__type_double() -%}double{%- endmacro %}

{% macro postgres__type_double() -%}double precision{%- endmacro %}

{# The median of a numeric expression (an aggregate; nulls skipped). #}
{% macro median(expression) -%}
    {{ return(adapter.dispatch('median', 'dbt_leads')(expression)) }}
{%- endmacro %}

{% macro default__median(expression) -%}
    median({{ expression }})
{%- endmacro %}

{% macro postgres__median(expression) -%}
    percentile_cont(0.5) within group (order by {{ expression }})
{%- endmacro %}

{% macro spark__median(expression) -%}
    percentile({{ expression }}, 0.5)
{%- endmacro %}

{# Elapsed time between two timestamps, in fractional hours / days (seconds precision). #}
{% macro hours_between(start_at, end_at) -%}
    ({{ dbt.datediff(start_at, end_at, 'second') }} / 3600.0)
{%- endmacro %}

{% macro days_between(start_at, end_at) -%}
    ({{ dbt.datediff(start_at, end_at, 'second') }} / 86400.0)
{%- endmacro %}

{# numerator / denominator as a double; null when the denominator is 0 or null (no rate, not 0 %). #}
{% macro safe_ratio(numerator, denominator) -%}
    case
        when coalesce({{ denominator }}, 0) = 0 then cast(null as {{ type_double() }})
        else cast({{ numerator }} as {{ type_double() }}) / ({{ denominator }})
    end
{%- endmacro %}

{#
  A JSON object of the given columns with null values left out, so a reverse-ETL tool that maps
  `properties` never blanks a value the CRM already has ("omit rather than null").
  `columns` is a list of (property name, SQL expression); keys keep the given order.
#}
{% macro json_properties(columns) -%}
    {{ return(adapter.dispatch('json_properties', 'dbt_leads')(columns)) }}
{%- endmacro %}

{% macro default__json_properties(columns) -%}
    '{' || concat_ws(','
        {%- for name, expression in columns %},
        case when {{ expression }} is not null then '"{{ name }}":' || cast(to_json({{ expression }}) as {{ dbt.type_string() }}) end
        {%- endfor %}
    ) || '}'
{%- endmacro %}

{# PostgreSQL has concat_ws and to_json too: the same text as DuckDB, keys in the given order
   (jsonb would sort the keys and add spaces, so the published text would differ by engine). #}
{% macro postgres__json_properties(columns) -%}
    {{ default__json_properties(columns) }}
{%- endmacro %}

{# Spark's to_json leaves null struct fields out by default. #}
{% macro spark__json_properties(columns) -%}
    to_json(named_struct(
        {%- for name, expression in columns %}
        '{{ name }}', {{ expression }}{{ "," if not loop.last }}
        {%- endfor %}
    ))
{%- endmacro %}

{#
  The change hash of a sync row: md5 over the synced values in a fixed order, a null spelled
  differently from any text, so it moves exactly when one of them moves.
#}
{% macro sync_hash(expressions) -%}
    {{ dbt.hash(dbt.concat(sync_hash_parts(expressions))) }}
{%- endmacro %}

{% macro sync_hash_parts(expressions) -%}
    {%- set parts = [] -%}
    {%- for expression in expressions -%}
        {%- do parts.append("coalesce(cast(" ~ expression ~ " as " ~ dbt.type_string() ~ "), '~null~')") -%}
        {%- if not loop.last %}{% do parts.append("'|'") %}{% endif -%}
    {%- endfor -%}
    {{ return(parts) }}
{%- endmacro %}

{# True when the text has the shape of a Salesforce record Id (15 or 18 letters and digits). #}
{% macro is_salesforce_id(expression) -%}
    {{ return(adapter.dispatch('is_salesforce_id', 'dbt_leads')(expression)) }}
{%- endmacro %}

{% macro default__is_salesforce_id(expression) -%}
    coalesce(regexp_matches({{ expression }}, '^[A-Za-z0-9]{15}([A-Za-z0-9]{3})?$'), false)
{%- endmacro %}

{% macro postgres__is_salesforce_id(expression) -%}
    coalesce({{ expression }} ~ '^[A-Za-z0-9]{15}([A-Za-z0-9]{3})?$', false)
{%- endmacro %}

{% macro spark__is_salesforce_id(expression) -%}
    coalesce({{ expression }} rlike '^[A-Za-z0-9]{15}([A-Za-z0-9]{3})?$', false)
{%- endmacro %}

{# Canonical lifecycle stages in funnel order; HubSpot's internal lifecyclestage value of each. #}
{% macro hubspot_lifecycle_stages() -%}
    {{ return([
        ('subscriber', 1, 'subscriber'),
        ('lead', 2, 'lead'),
        ('mql', 3, 'marketingqualifiedlead'),
        ('sql', 4, 'salesqualifiedlead'),
        ('opportunity', 5, 'opportunity'),
        ('customer', 6, 'customer'),
    ]) }}
{%- endmacro %}

{# The SLA target in hours for a tier expression, from var('sla_target_hours'). #}
{% macro sla_target_hours(tier_expression) -%}
    {%- set targets = var('sla_target_hours') -%}
    case {{ tier_expression }}
        {%- for tier, hours in targets.items() if tier != 'default' %}
        when '{{ tier }}' then {{ hours }}
        {%- endfor %}
        else {{ targets.get('default', targets.get('cold', 72)) }}
    end
{%- endmacro %}

{#
  The tail of a tracked sync-state model (an incremental model keyed by the sync key): adds
  `sync_hash` over the synced columns and `synced_fields_changed_at`, which keeps its previous value
  unless the hash moved (then it is the run's as-of time: never now(), so an unchanged rerun moves
  nothing). Keys that left the current set stay, with is_current = false, so the state of every key
  ever synced survives (a key that comes back keeps its history). `state_as_of` is the day of the
  run that wrote the state: a run for an earlier day (a backfill) keeps the state as it is.
  `current_cte` must select exactly `columns` (names, in order), one row per `key`.
#}
{% macro track_sync_changes(current_cte, key, columns, synced_columns) -%}

hashed as (

    select
        {%- for column in columns %}
        {{ current_cte }}.{{ column }},
        {%- endfor %}
        {{ sync_hash(synced_columns) }} as sync_hash
    from {{ current_cte }}

),

{% if is_incremental() -%}
{%- set previous_state = previous_sync_state() %}

-- The day the previous state was written (null for a state written before it was recorded).
state_day as (

    {% if has_column(previous_state, 'state_as_of') -%}
    select max(state_as_of) as state_as_of from {{ previous_state }}
    {%- else -%}
    select cast(null as date) as state_as_of
    {%- endif %}

),

-- One full join with the previous state, each side read once (a union of "current" and "gone"
-- rows read both twice).
tracked as (

    select
        {%- for column in columns %}
        case when hashed.{{ key }} is not null then hashed.{{ column }} else previous.{{ column }} end as {{ column }},
        {%- endfor %}
        case when hashed.{{ key }} is not null then hashed.sync_hash else previous.sync_hash end as sync_hash,
        case
            when hashed.{{ key }} is null or previous.sync_hash = hashed.sync_hash then previous.synced_fields_changed_at
            else {{ as_of_timestamp() }}
        end as synced_fields_changed_at,
        hashed.{{ key }} is not null as is_current,
        {{ as_of_date() }} as state_as_of
    from hashed
    full outer join {{ previous_state }} as previous
        on hashed.{{ key }} = previous.{{ key }}
    cross join state_day
    where coalesce(state_day.state_as_of <= {{ as_of_date() }}, true)

    union all

    -- What the CRMs were sent only moves forward: a run for a day before the state's day (a
    -- backfill into the past) keeps the state as it is, so the published sync tables never go back.
    select
        {%- for column in columns %}
        previous.{{ column }},
        {%- endfor %}
        previous.sync_hash,
        previous.synced_fields_changed_at,
        previous.is_current,
        state_day.state_as_of
    from {{ previous_state }} as previous
    cross join state_day
    where state_day.state_as_of > {{ as_of_date() }}

)

{%- else -%}

tracked as (

    select
        hashed.*,
        {{ as_of_timestamp() }} as synced_fields_changed_at,
        true as is_current,
        {{ as_of_date() }} as state_as_of
    from hashed

)

{%- endif %}

select * from tracked
{%- endmacro %}

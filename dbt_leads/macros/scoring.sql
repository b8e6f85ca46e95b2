{#
  Scoring helpers. The rules themselves are seeds (seeds/scoring_*.csv); these macros only say how a
  rule's operator is evaluated and how points decay, in SQL every engine runs (dbt cross-db macros).
#}

{#- The facts a scoring rule may read, with their kind. Only pre-contact attributes are listed: no
    stage, status, conversion or other field that sales fills in after contact, so no rule can score
    the outcome it predicts. A rule naming anything else fails the accepted_values test on the seed. -#}
{% macro scoring_fact_columns() -%}
    {{ return([
        ('company_industry', 'text'),
        ('country_code', 'text'),
        ('seniority', 'text'),
        ('department', 'text'),
        ('occupation', 'text'),
        ('lead_source_channel', 'text'),
        ('lead_origin', 'text'),
        ('last_activity_type', 'text'),
        ('company_employee_count', 'number'),
        ('company_annual_revenue_usd', 'number'),
        ('web_visits', 'number'),
        ('web_time_on_site', 'number'),
        ('campaign_touches', 'number'),
        ('max_surge_score', 'number'),
        ('email_is_free', 'boolean'),
        ('email_is_disposable', 'boolean'),
        ('email_is_role', 'boolean'),
        ('is_competitor', 'boolean'),
        ('do_not_email', 'boolean'),
        ('email_bounced', 'boolean'),
    ]) }}
{%- endmacro %}

{#- True when a fact row (text_value, number_value, bool_value) matches a rule row (operator,
    match_item = one '|'-separated alternative of match_value, min_value, max_value).
    Text comparisons are case-insensitive on trimmed text; `between` is min <= value < max. -#}
{% macro scoring_rule_matches(facts, rules) -%}
    case {{ rules }}.operator
        when 'equals' then {{ facts }}.text_value = {{ rules }}.match_item
        when 'in' then {{ facts }}.text_value = {{ rules }}.match_item
        when 'contains' then {{ dbt.position(rules ~ '.match_item', facts ~ '.text_value') }} > 0
        when 'between' then
            {{ facts }}.number_value >= coalesce({{ rules }}.min_value, {{ facts }}.number_value)
            and ({{ rules }}.max_value is null or {{ facts }}.number_value < {{ rules }}.max_value)
        when 'is_true' then coalesce({{ facts }}.bool_value, false)
        when 'per_unit' then coalesce({{ facts }}.number_value, 0) > 0
        else false
    end
{%- endmacro %}

{#- Points a matched attribute rule gives: fixed points, or points per unit up to max_points. -#}
{% macro scoring_rule_points(facts, rules) -%}
    case
        when {{ rules }}.operator = 'per_unit'
            then {{ scoring_capped(rules ~ '.points * ' ~ facts ~ '.number_value', rules ~ '.max_points') }}
        else {{ rules }}.points
    end
{%- endmacro %}

{#- Exponential decay: an event half_life_days old counts half. A blank half-life means no decay. -#}
{% macro scoring_decay_factor(age_days, half_life_days) -%}
    case
        when {{ half_life_days }} is null or {{ half_life_days }} <= 0 then 1.0
        else power(0.5, cast({{ age_days }} as {{ scoring_type_double() }}) / {{ half_life_days }})
    end
{%- endmacro %}

{#- A sum of points kept within +-cap (cap is an absolute number of points). -#}
{% macro scoring_capped(points, cap) -%}
    case
        when {{ cap }} is null then {{ points }}
        when {{ points }} > {{ cap }} then {{ cap }}
        when {{ points }} < -{{ cap }} then -{{ cap }}
        else {{ points }}
    end
{%- endmacro %}

{#- Evidence keys hold dates as text; one format on every engine. -#}
{% macro scoring_date_key(timestamp_expression) -%}
    coalesce(cast(cast({{ timestamp_expression }} as date) as {{ dbt.type_string() }}), 'undated')
{%- endmacro %}

{#- An 8-byte float. dbt.type_float() is 4 bytes on DuckDB, too coarse for revenue in dollars. -#}
{% macro scoring_type_double() -%}
    {{ return(adapter.dispatch('scoring_type_double', 'dbt_leads')()) }}
{%- endmacro %}

{% macro default__scoring_type_double() -%}
    double precision
{%- endmacro %}

{% macro spark__scoring_type_double() -%}
    double
{%- endmacro %}

{#- Each combination of `columns` appears once (rows with a null among them are not checked, as
    dbt's `unique` skips nulls). Returns each repeated combination with its count. -#}
{% test unique_combination(model, columns) %}
    {{ return(adapter.dispatch('test_unique_combination', 'dbt_leads')(model, columns)) }}
{% endtest %}

{% macro default__test_unique_combination(model, columns) %}
select {{ columns | join(', ') }}, count(*) as n_records
from {{ model }}
where {{ _keys_present(columns) }}
group by {{ columns | join(', ') }}
having count(*) > 1
{% endmacro %}

{#- DuckDB's group-by on text keys needs memory in proportion to the rows it reads, not the groups it
    keeps (duckdb issue #22474): at 10M leads the score points' 80M rows did not fit in 1GB. Grouped
    on a 64-bit hash of the keys they do; only rows whose hash repeats are grouped on the keys. -#}
{% macro duckdb__test_unique_combination(model, columns) %}
{%- set key_hash = 'hash(' ~ columns | join(', ') ~ ')' %}
with repeated_hashes as (

    select {{ key_hash }} as key_hash
    from {{ model }}
    where {{ _keys_present(columns) }}
    group by 1
    having count(*) > 1

),

candidates as (

    select *
    from {{ model }}
    where {{ _keys_present(columns) }}
        and {{ key_hash }} in (select key_hash from repeated_hashes)

)

{{ default__test_unique_combination('candidates', columns) }}
{% endmacro %}

{% macro _keys_present(columns) -%}
    {{ columns | join(' is not null and ') }} is not null
{%- endmacro %}

{#- The delete+insert strategy on DuckDB, as dbt-duckdb writes it, but for a key of several columns
    the stored rows are deleted where a new row `exists` with their key (a semi join that holds only
    the new rows' keys) instead of `using` the new rows (an inner join): a daily run at 10M leads
    ran out of memory at the 1GB default deleting from the 200M resolved events that way
    (docs/benchmarks.md, session 15). A single-column key keeps dbt-duckdb's `in` list. -#}
{% macro duckdb__get_delete_insert_merge_sql(target, source, unique_key, dest_columns, incremental_predicates) -%}
    {%- set dest_cols_csv = get_quoted_csv(dest_columns | map(attribute="name")) -%}
    {%- if unique_key %}
        {%- if unique_key is sequence and unique_key is not string %}
    delete from {{ target }} as dbt_incremental_target
    where exists (
        select 1
        from {{ source }} as dbt_incremental_source
        where {% for key in unique_key -%}
            dbt_incremental_source.{{ key }} = dbt_incremental_target.{{ key }}{{ " and " if not loop.last }}
        {%- endfor %}
    )
            {%- for predicate in incremental_predicates or [] %}
        and {{ predicate }}
            {%- endfor %};
        {%- else %}
    delete from {{ target }}
    where ({{ unique_key }}) in (select ({{ unique_key }}) from {{ source }})
            {%- for predicate in incremental_predicates or [] %}
        and {{ predicate }}
            {%- endfor %};
        {%- endif %}
    {%- endif %}

    insert into {{ target }} ({{ dest_cols_csv }})
    (
        select {{ dest_cols_csv }}
        from {{ source }}
    )
{%- endmacro %}

{#- Every column the model's contract declares `not_null`, checked in one query: returns the rows
    with a null in any of them. For models whose materialisation cannot enforce constraints (a view:
    the sync tables on DuckDB, see sync_table_materialization); on a table it is a cheap double check. -#}
{% test declared_not_null(model) %}
{%- set columns = [] -%}
{%- if execute -%}
    {%- set nodes = graph.nodes.values() | selectattr('resource_type', 'equalto', 'model')
                    | selectattr('alias', 'equalto', model.identifier) | selectattr('schema', 'equalto', model.schema)
                    | list -%}
    {%- if nodes | length != 1 -%}
        {%- do exceptions.raise_compiler_error('declared_not_null: no single model is ' ~ model) -%}
    {%- endif -%}
    {%- for column in nodes[0].columns.values()
            if column.constraints | selectattr('type', 'equalto', 'not_null') | list -%}
        {%- do columns.append(column.name) -%}
    {%- endfor -%}
{%- endif %}
select *
from {{ model }}
where {% for column in columns %}{{ column }} is null{% if not loop.last %} or {% endif %}{% else %}false{% endfor %}
{% endtest %}

{#- Every column the model's contract declares `not_null`, checked in one query: returns the rows
    with a null in any of them. For models whose materialisation cannot enforce constraints (a view:
    the sync tables on DuckDB, see sync_table_materialization); on a table it is a cheap double check. -#}
{% test declared_not_null(model) %}
{%- set columns = [] -%}
{%- if execute -%}
    {%- for node in graph.nodes.values()
            if node.resource_type == 'model' and node.alias == model.identifier and node.schema == model.schema -%}
        {%- for column in node.columns.values()
                if column.constraints | selectattr('type', 'equalto', 'not_null') | list -%}
            {%- do columns.append(column.name) -%}
        {%- endfor -%}
    {%- endfor -%}
{%- endif %}
select *
from {{ model }}
where {% for column in columns %}{{ column }} is null{% if not loop.last %} or {% endif %}{% else %}false{% endfor %}
{% endtest %}

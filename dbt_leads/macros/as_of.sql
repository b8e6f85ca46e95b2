{# The run date (LEADS_AS_OF, else today in UTC) as a SQL date: every "now" in the project comes from here. #}
{% macro as_of_date() -%}
    {%- set configured = var('as_of', '') | string | trim -%}
    {%- if configured == '' -%}
        {%- set configured = modules.datetime.datetime.now(modules.pytz.utc).date().isoformat() -%}
    {%- endif -%}
    cast('{{ configured }}' as date)
{%- endmacro %}

{# End of the run date: events up to the end of LEADS_AS_OF count as "now". #}
{% macro as_of_timestamp() -%}
    ({{ dbt.dateadd('day', 1, 'cast(' ~ as_of_date() ~ ' as timestamp)') }})
{%- endmacro %}

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

{# Rows a run may see: landed on or before its as-of date (see ops.ingest_log.landed_on), so a re-run
   of an old day reproduces that day. Rows landed before the column existed count as always landed. #}
{% macro landed_by_as_of(landed_on_column='_landed_on') -%}
    ({{ landed_on_column }} is null or {{ landed_on_column }} <= {{ as_of_date() }})
{%- endmacro %}

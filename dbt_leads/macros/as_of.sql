{# The run date as a SQL date: every "now" in the project comes from here. `--vars '{as_of: ...}'`
   wins, else LEADS_AS_OF, else today in UTC. Read only when executing, not as a project var or while
   parsing: dbt re-parses whatever read a variable that changed, and this one changes every day. #}
{% macro as_of_date() -%}
    {%- set configured = (var('as_of', env_var('LEADS_AS_OF', '')) if execute else '') | string | trim -%}
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

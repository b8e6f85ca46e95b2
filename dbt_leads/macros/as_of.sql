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

{# A filter keeping the rows of the landed files (`_file_sha256`) that `target_relation` does not hold yet,
   as a constant list looked up when the model is compiled: an engine pushes a constant list down to
   the scan (and skips the other files' rows), where a subquery would be joined after a view computed
   every row. Compiling comes before the pre-hooks: `target_kept_if` says which of its rows a
   pre-hook will leave. #}
{% macro landed_files_not_in(source_relation, target_relation, target_kept_if='1 = 1') -%}
    {%- set files = [] -%}
    {%- if execute -%}
        {%- set query -%}
            select distinct _file_sha256 from {{ source_relation }}
            where _file_sha256 is not null and {{ landed_by_as_of() }}
            except
            select distinct _file_sha256 from {{ target_relation }}
            where _file_sha256 is not null and {{ target_kept_if }}
        {%- endset -%}
        {%- set files = run_query(query).columns[0].values() | sort -%}
    {%- endif -%}
    {%- if files | length == 0 -%}
        (1 = 0)
    {%- else -%}
        _file_sha256 in ({%- for file in files %}'{{ file | replace("'", "''") }}'{{ ", " if not loop.last }}{% endfor -%})
    {%- endif -%}
{%- endmacro %}

{# True when `relation` holds rows whose `day_column` (the day a run resolved or landed them) is
   after the run's as-of date: the run re-runs an earlier day, and starts from scratch. #}
{% macro has_rows_after_as_of(relation, day_column) -%}
    exists (select 1 from {{ relation }} as later where later.{{ day_column }} > {{ as_of_date() }})
{%- endmacro %}

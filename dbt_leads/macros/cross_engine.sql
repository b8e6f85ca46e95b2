{#
  Portability helpers: one SQL text for DuckDB (default__), PostgreSQL (postgres__) and Spark (spark__)
  where dbt's cross-database macros do not cover the case. README "Other engines" lists the differences.
#}

{# The part_number-th piece (1-based) of text split on a one-character delimiter, where part_number
   is a column (dbt.split_part needs a literal on PostgreSQL and Spark). Past the last piece: '' or null. #}
{% macro split_part_at(string_text, delimiter_char, part_number) -%}
    {{ return(adapter.dispatch('split_part_at', 'dbt_leads')(string_text, delimiter_char, part_number)) }}
{%- endmacro %}

{% macro default__split_part_at(string_text, delimiter_char, part_number) -%}
    {{ dbt.split_part(string_text, "'" ~ delimiter_char ~ "'", part_number) }}
{%- endmacro %}

{% macro postgres__split_part_at(string_text, delimiter_char, part_number) -%}
    split_part({{ string_text }}, '{{ delimiter_char }}', {{ part_number }})
{%- endmacro %}

{# Spark's split takes a regex: the delimiter goes in a character class; [i] past the end is null (ANSI off). #}
{% macro spark__split_part_at(string_text, delimiter_char, part_number) -%}
    split({{ string_text }}, '[{{ delimiter_char }}]')[({{ part_number }}) - 1]
{%- endmacro %}

{#- ------------------------------------------------------------------------------------------------
  Typing untrusted text without raising (see typing.sql). DuckDB has try_cast / try_strptime.
  PostgreSQL has neither: two small plpgsql functions (created on-run-start, see engine_setup) cast
  inside an exception block and return null on failure; a regex mirrors strptime's full-match rule.
  Spark (ANSI mode off, dbt-spark's default) returns null from cast / to_timestamp on bad input.
------------------------------------------------------------------------------------------------ -#}

{# The pieces of a strptime format: a list of (directive or literal text). #}
{% macro _strptime_tokens(format) -%}
    {%- set tokens = [] -%}
    {%- set state = {'escape': false} -%}
    {%- for char in format -%}
        {%- if state.escape -%}
            {%- do tokens.append('%' ~ char) -%}
            {%- do state.update({'escape': false}) -%}
        {%- elif char == '%' -%}
            {%- do state.update({'escape': true}) -%}
        {%- else -%}
            {%- do tokens.append(char) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(tokens) }}
{%- endmacro %}

{# A strptime format as a PostgreSQL to_timestamp template and an anchored regex of what DuckDB's
   strptime accepts (1-2 digit fields, 4-digit year, 1-3 digit milliseconds, any case for %b and %p). #}
{% macro _strptime_to_postgres(format) -%}
    {%- set directives = {
        '%Y': ('YYYY', '[0-9]{4}'), '%m': ('MM', '[0-9]{1,2}'), '%d': ('DD', '[0-9]{1,2}'),
        '%H': ('HH24', '[0-9]{1,2}'), '%I': ('HH12', '[0-9]{1,2}'), '%M': ('MI', '[0-9]{1,2}'),
        '%S': ('SS', '[0-9]{1,2}'), '%g': ('MS', '[0-9]{1,3}'), '%b': ('Mon', '[A-Za-z]{3}'),
        '%p': ('AM', '[AaPp][Mm]'),
    } -%}
    {%- set template = [] -%}
    {%- set pattern = ['^'] -%}
    {%- for token in _strptime_tokens(format) -%}
        {%- if token in directives -%}
            {%- do template.append(directives[token][0]) -%}
            {%- do pattern.append(directives[token][1]) -%}
        {%- elif token == ' ' -%}
            {%- do template.append(' ') -%}
            {%- do pattern.append('\\s+') -%}
        {%- elif token.startswith('%') -%}
            {{ exceptions.raise_compiler_error('safe_timestamp: no PostgreSQL translation for ' ~ token) }}
        {%- else -%}
            {%- do template.append('"' ~ token ~ '"' if token.isalpha() else token) -%}
            {%- do pattern.append('[' ~ token ~ ']' if token not in '^\\]' else '\\' ~ token) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- do pattern.append('$') -%}
    {{ return((template | join(''), pattern | join(''))) }}
{%- endmacro %}

{# A strptime format as a Spark (java.time) pattern: 1-2 digit fields, 1-3 digit fraction. #}
{% macro _strptime_to_spark(format) -%}
    {%- set directives = {
        '%Y': 'yyyy', '%m': 'M', '%d': 'd', '%H': 'H', '%I': 'h', '%M': 'm', '%S': 's', '%g': 'SSS',
        '%b': 'MMM', '%p': 'a',
    } -%}
    {%- set pattern = [] -%}
    {%- for token in _strptime_tokens(format) -%}
        {%- if token in directives -%}
            {%- do pattern.append(directives[token]) -%}
        {%- elif token.startswith('%') -%}
            {{ exceptions.raise_compiler_error('safe_timestamp: no Spark translation for ' ~ token) }}
        {%- elif token.isalpha() -%}
            {%- do pattern.append("'" ~ token ~ "'") -%}
        {%- else -%}
            {%- do pattern.append(token) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(pattern | join('')) }}
{%- endmacro %}

{# Run before every dbt invocation (on-run-start): what an engine needs before the models run. #}
{% macro engine_setup() -%}
    {{ return(adapter.dispatch('engine_setup', 'dbt_leads')()) }}
{%- endmacro %}

{% macro default__engine_setup() -%}
{%- endmacro %}

{# Where the PostgreSQL helper functions live: a schema the project creates anyway (PostgreSQL 15+
   lets only the database owner create in `public`). #}
{% macro leads_functions_schema() -%}staging{%- endmacro %}

{# Not `parallel safe`: an exception block starts a subtransaction, which parallel workers cannot. #}
{% macro postgres__engine_setup() -%}
    create schema if not exists {{ leads_functions_schema() }};
    create or replace function {{ leads_functions_schema() }}.leads_try_double(value text) returns double precision
    language plpgsql immutable as $fn$
    begin
        return cast(value as double precision);
    exception when others then
        return null;
    end
    $fn$;
    create or replace function {{ leads_functions_schema() }}.leads_try_timestamp(value text, template text, pattern text)
    returns timestamp language plpgsql immutable set timezone = 'UTC' as $fn$
    begin
        if value is null or value !~ pattern then
            return null;
        end if;
        return cast(to_timestamp(value, template) as timestamp);
    exception when others then
        return null;
    end
    $fn$;
{%- endmacro %}

{# Spark runs one statement per call: each is run here, and the hook itself is empty. #}
{% macro spark__engine_setup() -%}
    {%- if execute -%}
        {%- for statement in register_parquet_sources() -%}
            {%- do run_query(statement) -%}
        {%- endfor -%}
    {%- endif -%}
{%- endmacro %}

{#- Spark: the dbt sources raw.* and enriched.* are external tables over the Parquet files that
    dagster_project/parquet_export.py writes (<LEADS_PARQUET_DIR>/<schema>/<table>/). Every source
    table declared in the project is (re)registered, so a re-export is seen without a metastore refresh. -#}
{% macro register_parquet_sources() -%}
    {%- set root = env_var('LEADS_PARQUET_DIR', '../warehouse/parquet') | replace('\\', '/') -%}
    {%- set statements = [] -%}
    {%- set schemas = [] -%}
    {%- for node in graph.sources.values() if node.source_name in ('raw', 'enriched') -%}
        {%- if node.schema not in schemas -%}
            {%- do schemas.append(node.schema) -%}
            {%- do statements.append('create schema if not exists ' ~ node.schema) -%}
        {%- endif -%}
        {%- set relation = node.schema ~ '.' ~ node.identifier -%}
        {%- do statements.append('drop table if exists ' ~ relation) -%}
        {%- do statements.append("create table " ~ relation ~ " using parquet location '"
            ~ root ~ '/' ~ node.schema ~ '/' ~ node.identifier ~ "'") -%}
    {%- endfor -%}
    {{ return(statements) }}
{%- endmacro %}

{# Text values of a group joined in order (nulls skipped; null for a group without values).
   dbt.listagg drops the order on Spark, so Spark sorts (order key, value) pairs itself.
   distinct=true: each value once, sorted by the value (order_by is then the value itself). #}
{% macro ordered_listagg(value, delimiter_text, order_by, distinct=false) -%}
    {{ return(adapter.dispatch('ordered_listagg', 'dbt_leads')(value, delimiter_text, order_by, distinct)) }}
{%- endmacro %}

{% macro default__ordered_listagg(value, delimiter_text, order_by, distinct) -%}
    {{ dbt.listagg(('distinct ' if distinct else '') ~ value, delimiter_text, 'order by ' ~ order_by) }}
{%- endmacro %}

{# DuckDB plans a distinct aggregate apart from the others of its query, on a copy of the whole input
   (int_leads__merged: every lead record; 6.9 s at 1M leads, 6.0 s without). A plain list, sorted
   after grouping, stays in the one group-by. #}
{% macro duckdb__ordered_listagg(value, delimiter_text, order_by, distinct) -%}
    {%- if distinct -%}
    case when count({{ value }}) > 0 then array_to_string(list_sort(list_distinct(list({{ value }}))), {{ delimiter_text }}) end
    {%- else -%}
    {{ default__ordered_listagg(value, delimiter_text, order_by, distinct) }}
    {%- endif -%}
{%- endmacro %}

{% macro spark__ordered_listagg(value, delimiter_text, order_by, distinct) -%}
    case when count({{ value }}) > 0 then
    {%- if distinct %}
        array_join(array_sort(collect_set({{ value }})), {{ delimiter_text }})
    {%- else %}
        array_join(transform(
            array_sort(collect_list(struct({{ order_by }} as sort_key, {{ value }} as item))),
            entry -> entry.item
        ), {{ delimiter_text }})
    {%- endif %}
    end
{%- endmacro %}

{# Models that replace some of their rows each run (the resolved events; the records and people
   of the leads whose records changed): incremental with deletes, which Spark without Delta Lake
   cannot do; there each is a table rebuilt each run. #}
{% macro keyed_incremental_materialization() -%}
    {{ return(adapter.dispatch('keyed_incremental_materialization', 'dbt_leads')()) }}
{%- endmacro %}

{% macro default__keyed_incremental_materialization() -%}
    {{ return('incremental') }}
{%- endmacro %}

{% macro spark__keyed_incremental_materialization() -%}
    {{ return('table') }}
{%- endmacro %}

{# The sync tables (models/sync): on DuckDB views, since nobody reads the warehouse itself: analysts
   and reverse-ETL tools read the published copy, which materialises them (dagster_project/assets/
   sync.py). As tables they were written twice a run (1M leads: about 2 s each). Other engines'
   readers query the warehouse: tables there. A view enforces no constraints: the sync models'
   declared not-nulls are tested instead (test declared_not_null). #}
{% macro sync_table_materialization() -%}
    {{ return(adapter.dispatch('sync_table_materialization', 'dbt_leads')()) }}
{%- endmacro %}

{% macro default__sync_table_materialization() -%}
    {{ return('table') }}
{%- endmacro %}

{% macro duckdb__sync_table_materialization() -%}
    {{ return('view') }}
{%- endmacro %}

{# Post-hook of a model incremental by person (lead_id): removes the people `people_relation` no
   longer has, whom a keyed delete+insert cannot see (they bring no new rows). #}
{% macro delete_people_missing_from(people_relation) -%}
    delete from {{ this }} as kept
    where not exists (
        select 1 from {{ people_relation }} as current_people
        where current_people.lead_id = kept.lead_id
    )
{%- endmacro %}

{# A fingerprint of a row's values (nulls included), for telling which rows changed since the last
   run: equal values give equal fingerprints. DuckDB's hash takes the values themselves (8 bytes,
   no text built); elsewhere md5 of their text, as sync_hash. #}
{% macro row_fingerprint(expressions) -%}
    {{ return(adapter.dispatch('row_fingerprint', 'dbt_leads')(expressions)) }}
{%- endmacro %}

{% macro default__row_fingerprint(expressions) -%}
    {{ sync_hash(expressions) }}
{%- endmacro %}

{% macro duckdb__row_fingerprint(expressions) -%}
    hash({{ expressions | join(', ') }})
{%- endmacro %}

{#- ------------------------------------------------------------------------------------------------
  Sync state (models/sync/state): incremental models that rewrite every key each run and read their
  previous state from themselves. Each run's result is the whole new state, so DuckDB and
  PostgreSQL replace the table's rows in one transaction (`replace_state` below): a keyed
  delete+insert would look up every key to delete rows that all go anyway. Spark without Delta Lake
  has no transactions: insert_overwrite replaces the whole table, and since Spark cannot overwrite
  a table the same query reads, a pre-hook first copies the previous state to <model>__previous,
  which the model then reads instead of itself.
------------------------------------------------------------------------------------------------ -#}
{% macro sync_state_strategy() -%}
    {{ return(adapter.dispatch('sync_state_strategy', 'dbt_leads')()) }}
{%- endmacro %}

{# A custom incremental strategy (dbt looks up get_incremental_<name>_sql): all rows out, the new
   state in, inside the materialization's transaction. #}
{% macro get_incremental_replace_state_sql(arg_dict) -%}
    {%- set columns = arg_dict['dest_columns'] | map(attribute='quoted') | join(', ') -%}
    delete from {{ arg_dict['target_relation'] }};
    insert into {{ arg_dict['target_relation'] }} ({{ columns }})
    select {{ columns }} from {{ arg_dict['temp_relation'] }}
{%- endmacro %}

{% macro default__sync_state_strategy() -%}
    {{ return('replace_state') }}
{%- endmacro %}

{% macro spark__sync_state_strategy() -%}
    {{ return('insert_overwrite') }}
{%- endmacro %}

{# The relation holding the previous run's state (use inside `if is_incremental()`). #}
{% macro previous_sync_state() -%}
    {{ return(adapter.dispatch('previous_sync_state', 'dbt_leads')()) }}
{%- endmacro %}

{% macro default__previous_sync_state() -%}
    {{ return(this) }}
{%- endmacro %}

{% macro spark__previous_sync_state() -%}
    {#- In a unit test `this` is the given rows (text), not a table. -#}
    {%- if this is string -%}
        {{ return(this) }}
    {%- endif -%}
    {{ return(this.incorporate(path={'identifier': this.identifier ~ '__previous'})) }}
{%- endmacro %}

{# Pre-hook of the sync state models: on Spark, copy the previous state aside (see above). #}
{% macro copy_previous_sync_state() -%}
    {{ return(adapter.dispatch('copy_previous_sync_state', 'dbt_leads')()) }}
{%- endmacro %}

{% macro default__copy_previous_sync_state() -%}
{%- endmacro %}

{% macro spark__copy_previous_sync_state() -%}
    {%- if execute and is_incremental() -%}
        {%- set previous = previous_sync_state() -%}
        {%- do run_query('drop table if exists ' ~ previous) -%}
        {%- do run_query('create table ' ~ previous ~ ' using parquet as select * from ' ~ this) -%}
    {%- endif -%}
{%- endmacro %}

{# Whether a relation has a column: a table written by an earlier version of a model may lack one
   the model now adds. In a unit test `this` is the given rows (text), which carry every column. #}
{% macro has_column(relation, column) -%}
    {%- if relation is string -%}
        {{ return(true) }}
    {%- endif -%}
    {{ return(column in adapter.get_columns_in_relation(relation) | map(attribute='name') | map('lower') | list) }}
{%- endmacro %}

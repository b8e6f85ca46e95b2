{#- Every row of the events export, in the order it landed, with the person it was matched to then.

    Append-only, because this is the largest table (20 events per person) and the one that stores
    the export (stg_activity__events is a view): a run adds the rows of newly landed files and never
    deletes or updates an older row. DuckDB keeps a transaction id for every row of each 2,048-row
    vector a delete touches, so deleting the few events a new record can re-match, scattered over
    the whole table, took 8 bytes per row of the table: 1.9 GB at 200M events, out of memory at the
    1GB default (docs/benchmarks.md, session 15).

    An event matched by email when it lands keeps that person for good (lead_id is a function of the
    email, and records only accumulate). The others (an address no record has yet, a CRM id, no key)
    are matched again each run by int_lead_events__rematched, which reads them from here; readers
    take int_lead_events__resolved, the union of the two. A re-run of an earlier day (a backfill)
    deletes the rows later runs appended (the pre-hook): each run leaves only rows resolved by its
    as-of day or before and appends its own after them, so those rows are the table's tail and the
    delete is cheap. The rows it keeps are those the earlier runs stored, as the daily runs keep
    them. Reloading every row instead ran a 10M warehouse out of disk: dbt-duckdb's append stages
    the 200M rows in a temporary table first (docs/benchmarks.md, session 17). Spark without Delta
    Lake cannot delete rows: there it is a table, rebuilt each run (macros/cross_engine.sql).

    Only the rows not matched by email keep the event's email and CRM id, the keys they are matched
    again by. A person's email is stored on the lead, not on each of their events (at 1M leads, 19M
    copies: 130 MB of this table's 720 MB). No model reads the export's event_id and url: they stay
    in raw.activity_events, one join away on (_file_sha256, _row_number). -#}
-- depends_on: {{ source('raw', 'activity_events') }}
{{ config(
    materialized=keyed_incremental_materialization(),
    incremental_strategy='append',
    pre_hook="{% if is_incremental() %}
        delete from {{ this }} where resolved_as_of > {{ as_of_date() }}
    {% endif %}",
) }}

with records as (

    select * from {{ ref('int_lead_records__unioned') }}

),

new_events as (

    select email, crm_id, event_type, occurred_at, is_sales_touch, actor, _file_sha256, _row_number, _landed_on
    from {{ ref('stg_activity__events') }}
    where {{ landed_by_as_of() }}
        and occurred_at is not null
    {% if is_incremental() %}
        and {{ landed_files_not_in(source('raw', 'activity_events'), this, 'resolved_as_of <= ' ~ as_of_date()) }}
    {% endif %}

),

final as (

    select
        matched.*,
        {{ as_of_date() }} as resolved_as_of
    from ({{ events_matched_to_people('new_events', 'records') }}) as matched

)

select * from final

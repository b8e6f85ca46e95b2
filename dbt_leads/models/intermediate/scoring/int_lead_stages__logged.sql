{#- The stage log: one row per lead per stage entry, append-only. Each run appends only the entries
    today's evidence adds to what is already logged; nothing is ever updated or deleted, so history
    survives re-runs, `--full-refresh` (full_refresh=false below) and exports that drop an old status.

    Rules, applied per lead in time order (existing log first, then today's candidates):
    - a forward stage is entered only when it is beyond the furthest forward stage of the current cycle
      (a cycle starts at each exit: disqualified or nurture), so a lead never moves backward except
      through an exit;
    - computed stages (MQL by score, auto-SQL) need no exit in the cycle, or a nurture exit older than
      the cool-down (var nurture_cooldown_days); after disqualified only CRM evidence re-opens a lead;
    - dated CRM evidence and exits are applied once (evidence_key), so a status the CRM still shows is
      not re-entered every day;
    - entered_at never precedes the lead's last logged entry, and once written it never changes;
    - the log moves forward in time: a run for a day before the latest day logged (a backfill) marks
      its entries is_backfill, and only that day's stage tables read them.

    Append is the one incremental strategy every target runs (DuckDB, PostgreSQL, Spark without Delta).
    Materialisation is set here, not per folder, so the full_refresh guard cannot be lost by moving files. -#}
{{ config(
    materialized='incremental',
    incremental_strategy='append',
    full_refresh=false,
    on_schema_change='append_new_columns',
) }}

with evidence as (

    select * from {{ ref('int_leads__stage_evidence') }}

),

logged as (

    {% if is_incremental() %}
    select
        lead_id,
        entry_number,
        stage,
        stage_order,
        is_exit,
        entered_at,
        evidence_key
    from {{ this }}
    -- The log as it stood on the as-of day: a re-run of an old day neither sees nor repeats later
    -- entries. Backfill entries (below) count only on their own day.
    where recorded_as_of <= {{ as_of_date() }}
    {#- A log written before backfills were marked has no such column, nor such entries. #}
    {%- if has_column(this, 'is_backfill') %}
        and (not coalesce(is_backfill, false) or recorded_as_of = {{ as_of_date() }})
    {%- endif %}
    {% else %}
    select
        lead_id,
        cast(null as integer) as entry_number,
        stage,
        stage_order,
        is_exit,
        evidence_at as entered_at,
        evidence_key
    from evidence
    where 1 = 0
    {% endif %}

),

-- The latest day the log has a record of (null on the first run).
latest_recorded as (

    {% if is_incremental() %}
    select max(recorded_as_of) as recorded_as_of from {{ this }}
    {% else %}
    select cast(null as date) as recorded_as_of
    {% endif %}

),

logged_cycles as (

    select
        *,
        sum(case when is_exit then 1 else 0 end) over (
            partition by lead_id
            order by entry_number
            rows between unbounded preceding and current row
        ) as cycle_number,
        row_number() over (partition by lead_id order by entry_number desc) as recency_rank
    from logged

),

current_cycle as (

    select
        lead_id,
        max(cycle_number) as cycle_number
    from logged_cycles
    group by lead_id

),

cycle_orders as (

    select
        logged_cycles.lead_id,
        max(logged_cycles.stage_order) as cycle_highest_order
    from logged_cycles
    inner join current_cycle
        on logged_cycles.lead_id = current_cycle.lead_id
        and logged_cycles.cycle_number = current_cycle.cycle_number
    where not logged_cycles.is_exit
    group by logged_cycles.lead_id

),

-- One row per logged lead: where it stands now.
lead_state as (

    select
        logged_cycles.lead_id,
        logged_cycles.entry_number as last_entry_number,
        logged_cycles.stage as last_stage,
        logged_cycles.is_exit as last_is_exit,
        logged_cycles.entered_at as last_entered_at,
        cycle_orders.cycle_highest_order
    from logged_cycles
    left join cycle_orders
        on logged_cycles.lead_id = cycle_orders.lead_id
    where logged_cycles.recency_rank = 1

),

logged_keys as (

    select distinct
        lead_id,
        evidence_key
    from logged

),

-- Today's evidence not yet applied: keyed evidence is applied once; repeatable evidence (computed, or
-- the CRM's undated current stage) is checked against the funnel position below instead.
new_evidence as (

    select
        evidence.*,
        lead_state.last_entered_at
    from evidence
    left join lead_state
        on evidence.lead_id = lead_state.lead_id
    left join logged_keys
        on evidence.lead_id = logged_keys.lead_id
        and evidence.evidence_key = logged_keys.evidence_key
    where (evidence.is_repeatable or logged_keys.evidence_key is null)
        -- An exit the lead is already in is not entered again.
        and not (evidence.is_exit and evidence.stage = coalesce(lead_state.last_stage, ''))

),

timeline as (

    select
        lead_id,
        0 as is_candidate,
        last_entered_at as entered_at,
        0 as source_rank,
        case when last_is_exit then 1 else 0 end as exit_rank,
        last_stage as stage,
        case when last_is_exit then null else cycle_highest_order end as stage_order,
        last_is_exit as is_exit,
        cast(null as {{ dbt.type_string() }}) as source_of_truth,
        cast(null as {{ dbt.type_string() }}) as evidence_type,
        cast(null as {{ dbt.type_string() }}) as evidence,
        cast(null as {{ dbt.type_string() }}) as evidence_key
    from lead_state

    union all

    select
        lead_id,
        1 as is_candidate,
        -- Never before the last logged entry: a logged date is final, later evidence comes after it.
        case
            when last_entered_at is not null and last_entered_at > evidence_at then last_entered_at
            else evidence_at
        end as entered_at,
        case when source_of_truth = 'crm' then 0 else 1 end as source_rank,
        case when is_exit then 1 else 0 end as exit_rank,
        stage,
        stage_order,
        is_exit,
        source_of_truth,
        evidence_type,
        evidence,
        evidence_key
    from new_evidence

),

sequenced as (

    select
        *,
        row_number() over (
            partition by lead_id
            order by is_candidate, entered_at, source_rank, exit_rank, stage_order, stage
        ) as position
    from timeline

),

cycles as (

    select
        *,
        sum(case when is_exit then 1 else 0 end) over (
            partition by lead_id
            order by position
            rows between unbounded preceding and current row
        ) as cycle_number
    from sequenced

),

gated as (

    select
        *,
        max(case when is_exit then stage end) over (partition by lead_id, cycle_number) as cycle_exit_stage,
        max(case when is_exit then entered_at end) over (partition by lead_id, cycle_number) as cycle_exit_at
    from cycles

),

allowed as (

    select
        *,
        case
            when is_exit or source_of_truth = 'crm' or is_candidate = 0 then true
            when cycle_exit_stage is null then true
            when cycle_exit_stage = 'nurture'
                then {{ dbt.datediff('cast(cycle_exit_at as date)', as_of_date(), 'day') }} >= {{ var('nurture_cooldown_days') }}
            else false
        end as passes_gate
    from gated

),

positioned as (

    select
        *,
        max(case when passes_gate and not is_exit then stage_order end) over (
            partition by lead_id, cycle_number
            order by position
            rows between unbounded preceding and 1 preceding
        ) as cycle_order_before
    from allowed

),

appended as (

    select
        *,
        row_number() over (partition by lead_id order by position) as batch_number
    from positioned
    where is_candidate = 1
        and passes_gate
        and (is_exit or stage_order > coalesce(cycle_order_before, 0))

),

final as (

    select
        appended.lead_id,
        cast(coalesce(lead_state.last_entry_number, 0) + appended.batch_number as integer) as entry_number,
        appended.lead_id || ':' || cast(coalesce(lead_state.last_entry_number, 0) + appended.batch_number as {{ dbt.type_string() }}) as stage_entry_id,
        appended.stage,
        appended.stage_order,
        appended.is_exit,
        appended.entered_at,
        appended.source_of_truth,
        appended.evidence_type,
        appended.evidence,
        appended.evidence_key,
        {{ as_of_date() }} as recorded_as_of,
        -- A run for a day before the latest day logged (a backfill into the past) writes its entries
        -- apart: they hold numbers later days already gave, so only that day's stage tables read them.
        coalesce(latest_recorded.recorded_as_of > {{ as_of_date() }}, false) as is_backfill
    from appended
    left join lead_state
        on appended.lead_id = lead_state.lead_id
    cross join latest_recorded

)

select * from final

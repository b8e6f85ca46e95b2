-- A row here is a stage entry that moves a lead backward (a forward stage not beyond the furthest one since the last exit) or back in time.
with history as (

    select
        *,
        case stage
            when 'subscriber' then 1
            when 'lead' then 2
            when 'mql' then 3
            when 'sql' then 4
            when 'opportunity' then 5
            when 'customer' then 6
        end as stage_order,
        sum(case when stage in ('disqualified', 'nurture') then 1 else 0 end) over (
            partition by lead_id
            order by entry_number
            rows between unbounded preceding and current row
        ) as cycle_number
    from {{ ref('fct_lead_stage_history') }}

),

checked as (

    select
        *,
        max(stage_order) over (
            partition by lead_id, cycle_number
            order by entry_number
            rows between unbounded preceding and 1 preceding
        ) as furthest_before,
        lag(entered_at) over (partition by lead_id order by entry_number) as previous_entered_at
    from history

)

select
    stage_entry_id,
    lead_id,
    stage,
    entered_at,
    exited_at,
    furthest_before,
    previous_entered_at
from checked
where stage_order <= furthest_before
    or entered_at < previous_entered_at
    or exited_at < entered_at

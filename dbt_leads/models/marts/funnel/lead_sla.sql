{#- Speed to lead: per MQL, the first sales touch after it became an MQL (a call, sales email or
    meeting, or a CRM status change by sales), against the SLA target of its tier
    (var sla_target_hours). A lead with no touch yet is open, with its age. Calendar hours. -#}

with lead_funnel as (

    select * from {{ ref('fct_lead_funnel') }}

),

events as (

    select * from {{ ref('int_lead_events__resolved') }}

),

records as (

    select * from {{ ref('int_lead_records__unioned') }}

),

mqls as (

    select
        lead_id,
        owner,
        tier,
        lead_source,
        mql_reached_at as sla_started_at,
        {{ sla_target_hours('tier') }} as sla_target_hours
    from lead_funnel
    where mql_reached_at is not null

),

sales_touches as (

    select
        mqls.lead_id,
        events.occurred_at as touched_at,
        events.event_type as touch_type
    from mqls
    inner join events
        on mqls.lead_id = events.lead_id
    where events.is_sales_touch
        and events.occurred_at >= mqls.sla_started_at
        and events.occurred_at <= {{ as_of_timestamp() }}

),

-- A CRM status that only sales sets (qualified, converted, nurture, disqualified) is a touch too.
crm_status_changes as (

    select
        mqls.lead_id,
        records.crm_stage_changed_at as touched_at,
        'crm_status_change' as touch_type
    from mqls
    inner join records
        on mqls.lead_id = records.lead_id
    where records.crm_stage in ('sql', 'opportunity', 'customer', 'nurture', 'disqualified')
        and records.crm_stage_changed_at >= mqls.sla_started_at
        and records.crm_stage_changed_at <= {{ as_of_timestamp() }}

),

touches as (

    select * from sales_touches
    union all
    select * from crm_status_changes

),

ranked_touches as (

    select
        lead_id,
        touched_at,
        touch_type,
        row_number() over (partition by lead_id order by touched_at, touch_type) as touch_rank
    from touches

),

first_touches as (

    select
        lead_id,
        touched_at as first_touch_at,
        touch_type as first_touch_type
    from ranked_touches
    where touch_rank = 1

),

measured as (

    select
        mqls.*,
        first_touches.first_touch_at,
        first_touches.first_touch_type,
        {{ hours_between('mqls.sla_started_at', 'first_touches.first_touch_at') }} as hours_to_first_touch,
        case
            when first_touches.first_touch_at is null
                then {{ hours_between('mqls.sla_started_at', as_of_timestamp()) }}
        end as open_age_hours
    from mqls
    left join first_touches
        on mqls.lead_id = first_touches.lead_id

),

final as (

    select
        cast(lead_id as {{ dbt.type_string() }}) as lead_id,
        cast(owner as {{ dbt.type_string() }}) as owner,
        cast(tier as {{ dbt.type_string() }}) as tier,
        cast(lead_source as {{ dbt.type_string() }}) as lead_source,
        cast(sla_started_at as {{ dbt.type_timestamp() }}) as mql_at,
        cast({{ dbt.date_trunc('month', 'sla_started_at') }} as date) as mql_month,
        cast(sla_target_hours as {{ type_double() }}) as sla_target_hours,
        cast(first_touch_at as {{ dbt.type_timestamp() }}) as first_touch_at,
        cast(first_touch_type as {{ dbt.type_string() }}) as first_touch_type,
        cast(hours_to_first_touch as {{ type_double() }}) as hours_to_first_touch,
        cast(open_age_hours as {{ type_double() }}) as open_age_hours,
        first_touch_at is not null as is_touched,
        first_touch_at is not null and hours_to_first_touch <= sla_target_hours as is_within_sla,
        (first_touch_at is not null and hours_to_first_touch > sla_target_hours)
            or (first_touch_at is null and open_age_hours > sla_target_hours) as is_breached,
        cast(case
            when first_touch_at is not null and hours_to_first_touch <= sla_target_hours then 'met'
            when first_touch_at is not null then 'breached'
            when open_age_hours > sla_target_hours then 'open_breached'
            else 'open'
        end as {{ dbt.type_string() }}) as sla_status,
        cast({{ as_of_date() }} as date) as as_of_date
    from measured

)

select * from final

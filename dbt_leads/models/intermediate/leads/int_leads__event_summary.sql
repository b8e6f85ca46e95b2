{#- One row per person with an event before the end of LEADS_AS_OF: the facts about their events that
    scoring, stages, dim_leads and the sync states read. One pass over the resolved events, which
    are the largest table (20 per person), where each of those models grouped them itself. -#}

with events as (

    select * from {{ ref('int_lead_events__resolved') }}
    where lead_id is not null
        and occurred_at < {{ as_of_timestamp() }}

),

final as (

    select
        lead_id,
        min(occurred_at) as first_event_at,
        max(
            case
                when event_type = 'demo_request'
                    and {{ dbt.datediff('cast(occurred_at as date)', as_of_date(), 'day') }} <= {{ var('auto_sql_demo_lookback_days') }}
                    then occurred_at
            end
        ) as recent_demo_request_at,
        max(case when event_type = 'unsubscribe' then 1 else 0 end) = 1 as has_unsubscribed,
        max(case when event_type = 'email_bounce' then 1 else 0 end) = 1 as has_bounced_event,
        max(case when is_sales_touch then 1 else 0 end) = 1 as has_sales_touch,
        max(case when event_type in ('call_logged', 'meeting_booked') then 1 else 0 end) = 1 as has_conversation
    from events
    group by lead_id

)

select * from final

{#- Per lead, the activity facts the CRM statuses depend on (up to LEADS_AS_OF): a sales touch,
    a two-way conversation (call or meeting), an unsubscribe. -#}

with events as (

    select * from {{ ref('int_lead_events__resolved') }}
    where lead_id is not null
        and occurred_at <= {{ as_of_timestamp() }}

),

final as (

    select
        lead_id,
        max(case when is_sales_touch then 1 else 0 end) = 1 as has_sales_touch,
        max(case when event_type in ('call_logged', 'meeting_booked') then 1 else 0 end) = 1 as has_conversation,
        max(case when event_type = 'unsubscribe' then 1 else 0 end) = 1 as has_unsubscribed
    from events
    group by lead_id

)

select * from final

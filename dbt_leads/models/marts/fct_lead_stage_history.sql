{#- The stage history users query: every entry of the append-only stage log, with exited_at = the
    entered_at of the lead's next entry (null while the lead is still in that stage).

    Only the entries of today's people: a person can join another when a later file links their
    records (a Salesforce report Lead, which has no email, and the API export of the same Id, which
    has one). The log keeps what it recorded under the id they had; the history goes on under the
    person they joined. -#}

with stage_log as (

    select * from {{ ref('int_lead_stages__logged') }}
    where recorded_as_of <= {{ as_of_date() }}
        -- A backfill day's entries belong to that day only (int_lead_stages__logged).
        and (not coalesce(is_backfill, false) or recorded_as_of = {{ as_of_date() }})
        and lead_id in (select lead_id from {{ ref('int_leads__merged') }})

),

final as (

    select
        cast(stage_entry_id as {{ dbt.type_string() }}) as stage_entry_id,
        cast(lead_id as {{ dbt.type_string() }}) as lead_id,
        cast(entry_number as integer) as entry_number,
        cast(stage as {{ dbt.type_string() }}) as stage,
        cast(entered_at as timestamp) as entered_at,
        cast(
            lead(entered_at) over (partition by lead_id order by entry_number) as timestamp
        ) as exited_at,
        cast(source_of_truth as {{ dbt.type_string() }}) as source_of_truth,
        cast(evidence_type as {{ dbt.type_string() }}) as evidence_type,
        cast(evidence as {{ dbt.type_string() }}) as evidence,
        cast(recorded_as_of as date) as recorded_as_of
    from stage_log

)

select * from final

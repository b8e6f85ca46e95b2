{#- The activity whose person a later record can still change, matched again each run: the export's
    events not matched by email when they landed (an address no record had then, a CRM id, no key),
    read from int_lead_events__landed, and the Zoom registrations and attendance and web-form
    submissions, which are small and rebuilt whole.

    A table rebuilt each run rather than rows deleted and inserted again: a new table is written
    in one pass, in bounded memory, where deletes scattered over a large table are not (see
    int_lead_events__landed). An event matched here by email loses its email, as on landing. -#}

with records as (

    select * from {{ ref('int_lead_records__unioned') }}

),

unmatched_on_landing as (

    select * from {{ ref('int_lead_events__landed') }}
    where not resolved_by_email

),

attendance as (

    select * from {{ ref('stg_zoom__webinar_attendance') }}

),

email_ids as (

    select distinct email, lead_id
    from records
    where has_usable_email

),

activity as (

    {{ events_matched_to_people('unmatched_on_landing', 'records') }}

),

webinar as (

    select
        email_ids.lead_id,
        case when attendance.attended then 'webinar_attended' else 'webinar_registered' end as event_type,
        case when attendance.attended then attendance.joined_at else attendance.registered_at end as occurred_at,
        false as is_sales_touch,
        'automation' as actor,
        'zoom_webinar_attendees' as event_source,
        cast(null as {{ dbt.type_string() }}) as email,
        cast(null as {{ dbt.type_string() }}) as crm_id,
        true as resolved_by_email,
        cast(null as {{ dbt.type_string() }}) as _file_sha256,
        cast(null as bigint) as _row_number,
        attendance._landed_on
    from attendance
    inner join email_ids
        on attendance.email = email_ids.email
    where coalesce(attendance.joined_at, attendance.registered_at) is not null

),

form_submissions as (

    select
        lead_id,
        'form_submit' as event_type,
        created_at as occurred_at,
        false as is_sales_touch,
        'automation' as actor,
        'webform_leads' as event_source,
        case when not has_usable_email then email end as email,
        cast(null as {{ dbt.type_string() }}) as crm_id,
        has_usable_email as resolved_by_email,
        cast(null as {{ dbt.type_string() }}) as _file_sha256,
        cast(null as bigint) as _row_number,
        _landed_on
    from records
    where source_system = 'webform'
        and created_at is not null

),

final as (

    select * from activity
    union all
    select * from webinar
    union all
    select * from form_submissions

)

select
    final.*,
    {{ as_of_date() }} as resolved_as_of
from final

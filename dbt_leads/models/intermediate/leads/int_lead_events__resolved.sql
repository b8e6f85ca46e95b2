{#- Every activity of a person with the lead_id it belongs to: the events export (by email, else by
    a HubSpot or Salesforce record id), Zoom registrations and attendance, and web-form submissions. -#}

with events as (

    select * from {{ ref('stg_activity__events') }}
    where {{ landed_by_as_of() }}

),

attendance as (

    select * from {{ ref('stg_zoom__webinar_attendance') }}

),

records as (

    select * from {{ ref('int_lead_records__unioned') }}

),

crm_ids as (

    select distinct source_record_id as crm_id, lead_id
    from records
    where source_system in ('hubspot', 'salesforce_api', 'salesforce_report')
        and source_record_id is not null

),

email_ids as (

    select distinct email, lead_id
    from records
    where has_usable_email

),

activity as (

    select
        events.event_id,
        coalesce(email_ids.lead_id, crm_ids.lead_id) as lead_id,
        events.event_type,
        events.occurred_at,
        events.is_sales_touch,
        events.actor,
        events.url,
        'activity_events' as event_source
    from events
    left join email_ids
        on events.email = email_ids.email
    left join crm_ids
        on events.crm_id = crm_ids.crm_id
    where events.occurred_at is not null

),

webinar as (

    select
        'zoom:' || coalesce(attendance.webinar_id, attendance._file) || ':' || cast(attendance._row_number as {{ dbt.type_string() }}) as event_id,
        email_ids.lead_id,
        case when attendance.attended then 'webinar_attended' else 'webinar_registered' end as event_type,
        case when attendance.attended then attendance.joined_at else attendance.registered_at end as occurred_at,
        false as is_sales_touch,
        'automation' as actor,
        cast(null as {{ dbt.type_string() }}) as url,
        'zoom_webinar_attendees' as event_source
    from attendance
    inner join email_ids
        on attendance.email = email_ids.email
    where coalesce(attendance.joined_at, attendance.registered_at) is not null

),

form_submissions as (

    select
        'webform:' || record_key as event_id,
        lead_id,
        'form_submit' as event_type,
        created_at as occurred_at,
        false as is_sales_touch,
        'automation' as actor,
        cast(null as {{ dbt.type_string() }}) as url,
        'webform_leads' as event_source
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

select * from final

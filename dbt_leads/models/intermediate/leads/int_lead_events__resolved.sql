{#- Every activity of a person with the lead_id it belongs to: the events export (by email, else by
    a HubSpot or Salesforce record id), Zoom registrations and attendance, and web-form submissions.

    Incremental, because the events export is the largest input, and this is the one table that
    stores it (stg_activity__events is a view). An event matched by email keeps its lead_id for good:
    lead_id is a function of the email, and records only accumulate. So a run resolves the rows of
    newly landed files, and again the rows not matched by email whose address or CRM id is on a
    record landed since the last run (an unknown address can become known, a CRM id's person can
    change); it rebuilds the small Zoom and web-form parts whole (the pre-hook drops them). A re-run
    of an earlier day than the rows were resolved on starts from scratch, so it sees only what had
    landed by its as-of date. Spark without Delta Lake cannot delete rows: there it is a table,
    rebuilt each run (macros/cross_engine.sql).

    Only the rows not matched by email keep the event's email and CRM id, the keys they are resolved
    again by. A person's email is stored on the lead, not on each of their events (at 1M leads, 19M
    copies: 130 MB of this table's 720 MB). No model reads the export's event_id and url: they stay
    in raw.activity_events, one join away on (_file_sha256, _row_number). Storing them again here
    took 5 of this model's 21 s at 1M leads; a table an earlier version wrote drops them
    (sync_all_columns). -#}
-- depends_on: {{ source('raw', 'activity_events') }}
{{ config(
    materialized=keyed_incremental_materialization(),
    unique_key=['_file_sha256', '_row_number'],
    incremental_strategy='delete+insert',
    on_schema_change='sync_all_columns',
    pre_hook="{% if is_incremental() %}
        delete from {{ this }}
        where event_source <> 'activity_events' or {{ has_rows_after_as_of(this, 'resolved_as_of') }}
    {% endif %}",
) }}
{%- set event_columns = ['email', 'crm_id', 'event_type', 'occurred_at', 'is_sales_touch', 'actor',
                         '_file_sha256', '_row_number', '_landed_on'] -%}

with records as (

    select * from {{ ref('int_lead_records__unioned') }}

),

new_events as (

    select {{ event_columns | join(', ') }}
    from {{ ref('stg_activity__events') }}
    where {{ landed_by_as_of() }}
    {% if is_incremental() %}
        and {{ landed_files_not_in(source('raw', 'activity_events'), this, 'not ' ~ has_rows_after_as_of(this, 'resolved_as_of')) }}
    {% endif %}

),

{% if is_incremental() -%}
-- Records landed since the last run: only they can give an event not matched by email a person.
recent_records as (

    select email, has_usable_email, source_record_id
    from records
    where _landed_on > (select max(resolved_as_of) from {{ this }})

),

{% endif -%}
events as (

    select * from new_events
    {% if is_incremental() %}
    union all
    select {{ event_columns | join(', ') }}
    from {{ this }}
    where event_source = 'activity_events'
        and not resolved_by_email
        and (
            email in (select email from recent_records where has_usable_email)
            or crm_id in (select source_record_id from recent_records where source_record_id is not null)
        )
    {% endif %}

),

attendance as (

    select * from {{ ref('stg_zoom__webinar_attendance') }}

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
        coalesce(email_ids.lead_id, crm_ids.lead_id) as lead_id,
        events.event_type,
        events.occurred_at,
        events.is_sales_touch,
        events.actor,
        'activity_events' as event_source,
        case when email_ids.lead_id is null then events.email end as email,
        case when email_ids.lead_id is null then events.crm_id end as crm_id,
        email_ids.lead_id is not null as resolved_by_email,
        events._file_sha256,
        events._row_number,
        events._landed_on
    from events
    left join email_ids
        on events.email = email_ids.email
    left join crm_ids
        on events.crm_id = crm_ids.crm_id
    where events.occurred_at is not null

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

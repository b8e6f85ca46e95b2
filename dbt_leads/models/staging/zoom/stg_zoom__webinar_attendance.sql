{#- One row per attendee-section row: registration and attendance as activity events. -#}
{%- set zoom_formats = zoom_timestamp_formats() -%}

with source as (

    select * from {{ source('raw', 'zoom_webinar_attendees') }}
    where {{ adapter.quote('Section') }} = 'Attendee Details'
        and {{ landed_by_as_of() }}

),

typed as (

    select
        {{ clean_answer(adapter.quote('Webinar ID')) }} as webinar_id,
        {{ clean_answer(adapter.quote('Webinar Topic')) }} as webinar_topic,
        {{ normalize_email(adapter.quote('Email')) }} as email,
        lower(trim({{ adapter.quote('Attended') }})) = 'yes' as attended,
        {{ safe_timestamp(adapter.quote('Registration Time'), zoom_formats) }} as registered_at,
        {{ safe_timestamp(adapter.quote('Join Time'), zoom_formats) }} as joined_at,
        {{ safe_timestamp(adapter.quote('Leave Time'), zoom_formats) }} as left_at,
        {{ safe_number(adapter.quote('Time in Session (minutes)')) }} as minutes_in_session,
        _file,
        _row_number,
        _landed_on

    from source

)

select * from typed

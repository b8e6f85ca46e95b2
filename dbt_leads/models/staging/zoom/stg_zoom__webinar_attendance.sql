{#- One row per attendee-section row: registration and attendance as activity events. -#}
{%- set zoom_formats = zoom_timestamp_formats() -%}

with source as (

    select * from {{ source('raw', 'zoom_webinar_attendees') }}
    where "Section" = 'Attendee Details'

),

typed as (

    select
        {{ clean_answer('"Webinar ID"') }} as webinar_id,
        {{ clean_answer('"Webinar Topic"') }} as webinar_topic,
        {{ normalize_email('"Email"') }} as email,
        lower(trim("Attended")) = 'yes' as attended,
        {{ safe_timestamp('"Registration Time"', zoom_formats) }} as registered_at,
        {{ safe_timestamp('"Join Time"', zoom_formats) }} as joined_at,
        {{ safe_timestamp('"Leave Time"', zoom_formats) }} as left_at,
        {{ safe_number('"Time in Session (minutes)"') }} as minutes_in_session,
        _file,
        _row_number

    from source

)

select * from typed

{#- Attendee-section rows of Zoom webinar reports: registrants (attended or not) as lead records. -#}
{%- set zoom_formats = zoom_timestamp_formats() -%}

with source as (

    select * from {{ source('raw', 'zoom_webinar_attendees') }}
    where "Section" = 'Attendee Details'

),

typed as (

    select
        {{ lead_record({
            'source_system': "'zoom_webinar'",
            'source_record_id': "coalesce(" ~ clean_answer('"Webinar ID"') ~ ", _file) || ':' || coalesce(lower(trim(\"Email\")), trim(\"User Name (Original Name)\"))",
            'email': normalize_email('"Email"'),
            'first_name': clean_answer('"First Name"'),
            'last_name': clean_answer('"Last Name"'),
            'company_name': clean_answer('"Organization"'),
            'job_title': clean_answer('"Job Title"'),
            'country': clean_answer('"Country/Region Name"'),
            'lead_source': "'webinar'",
            'crm_stage': "'lead'",
            'created_at': safe_timestamp('"Registration Time"', zoom_formats),
            'last_activity_at': safe_timestamp('"Leave Time"', zoom_formats),
            'last_activity_type': "case when lower(trim(\"Attended\")) = 'yes' then 'webinar_attended' else 'webinar_registered' end",
            'has_untyped_values': untyped('"Registration Time"', safe_timestamp('"Registration Time"', zoom_formats)),
            '_file': '_file',
            '_row_number': '_row_number',
            '_loaded_at': '_loaded_at',
        }) }}

    from source

)

select * from typed

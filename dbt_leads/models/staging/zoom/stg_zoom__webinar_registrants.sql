{#- Attendee-section rows of Zoom webinar reports: registrants (attended or not) as lead records. -#}
{%- set zoom_formats = zoom_timestamp_formats() -%}

with source as (

    select * from {{ source('raw', 'zoom_webinar_attendees') }}
    where {{ adapter.quote('Section') }} = 'Attendee Details'
        and {{ landed_by_as_of() }}

),

typed as (

    select
        {{ lead_record({
            'source_system': "'zoom_webinar'",
            'source_record_id': "coalesce(" ~ clean_answer(adapter.quote('Webinar ID')) ~ ", _file) || ':' || coalesce(lower(trim(" ~ adapter.quote('Email') ~ ")), trim(" ~ adapter.quote('User Name (Original Name)') ~ "))",
            'email': normalize_email(adapter.quote('Email')),
            'first_name': clean_answer(adapter.quote('First Name')),
            'last_name': clean_answer(adapter.quote('Last Name')),
            'company_name': clean_answer(adapter.quote('Organization')),
            'job_title': clean_answer(adapter.quote('Job Title')),
            'country': clean_answer(adapter.quote('Country/Region Name')),
            'lead_source': "'webinar'",
            'crm_stage': "'lead'",
            'created_at': safe_timestamp(adapter.quote('Registration Time'), zoom_formats),
            'last_activity_at': safe_timestamp(adapter.quote('Leave Time'), zoom_formats),
            'last_activity_type': "case when lower(trim(" ~ adapter.quote('Attended') ~ ")) = 'yes' then 'webinar_attended' else 'webinar_registered' end",
            'has_untyped_values': untyped(adapter.quote('Registration Time'), safe_timestamp(adapter.quote('Registration Time'), zoom_formats)),
            '_file': '_file',
            '_file_sha256': '_file_sha256',
            '_row_number': '_row_number',
            '_loaded_at': '_loaded_at',
            '_landed_on': '_landed_on',
        }) }}

    from source

)

select * from typed

{%- set webform_formats = iso_timestamp_formats() -%}

with source as (

    select * from {{ source('raw', 'webform_leads') }}
    where {{ landed_by_as_of() }}

),

typed as (

    select
        {{ lead_record({
            'source_system': "'webform'",
            'source_record_id': "md5(coalesce(lower(trim(email)), '') || '|' || coalesce(trim(submitted_at), '') || '|' || coalesce(trim(form_name), ''))",
            'email': normalize_email('email'),
            'first_name': clean_text('first_name'),
            'last_name': clean_text('last_name'),
            'company_name': clean_text('company'),
            'company_website': clean_text('website'),
            'job_title': clean_text('job_title'),
            'phone': clean_text('phone'),
            'country': clean_answer('country'),
            'lead_source': "lower(" ~ clean_answer('utm_source') ~ ")",
            'crm_stage': "'lead'",
            'created_at': safe_timestamp('submitted_at', webform_formats),
            'do_not_email': "not " ~ safe_boolean('consent_marketing'),
            'lead_origin': clean_answer('form_name'),
            'has_untyped_values': untyped('submitted_at', safe_timestamp('submitted_at', webform_formats)),
            '_file': '_file',
            '_file_sha256': '_file_sha256',
            '_row_number': '_row_number',
            '_loaded_at': '_loaded_at',
            '_landed_on': '_landed_on',
        }) }}

    from source

)

select * from typed

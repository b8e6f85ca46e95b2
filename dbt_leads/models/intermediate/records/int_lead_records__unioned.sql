{#- Every lead record of every source in one shape, with the lead_id that unifies people.
    lead_id comes from the normalised email, so it is stable across runs and independent of file
    order; a record without a usable email keeps an id scoped to its source record.

    Incremental: a run adds the rows of newly landed files, and keys again the Salesforce records
    whose Id is on one of them (a record without an email takes the person of the record with that
    Id that has one). A run for an earlier day than a row landed on starts from scratch, so it sees
    only what had landed by its as-of date. -#}
{{ config(
    materialized=keyed_incremental_materialization(),
    unique_key=['staging_model', '_file_sha256', '_row_number'],
    incremental_strategy='delete+insert',
    on_schema_change='append_new_columns',
    pre_hook="{% if is_incremental() %}
        delete from {{ this }}
        {% if has_column(this, '_file_sha256') %} where {{ has_rows_after_as_of(this, '_landed_on') }} {% endif %}
    {% endif %}",
) }}
{#- The staging models and the raw table each reads. -#}
{%- set lead_models = {
    'stg_salesforce_report__leads': 'salesforce_report_leads',
    'stg_salesforce_api__leads': 'salesforce_api_leads',
    'stg_hubspot__contacts': 'hubspot_contacts',
    'stg_x_education__leads': 'x_education_leads',
    'stg_webform__leads': 'webform_leads',
    'stg_zoom__webinar_registrants': 'zoom_webinar_attendees',
} -%}
{#- A table written before rows carried their file's hash is rebuilt whole (the pre-hook empties it). -#}
{%- set add_to_existing = is_incremental() and has_column(this, '_file_sha256') -%}
{%- set salesforce_systems = "('salesforce_api', 'salesforce_report')" -%}

with new_rows as (

    {% for model, raw_table in lead_models.items() %}
    select
        {%- for name, type in lead_record_columns() %}
        {{ name }},
        {%- endfor %}
        '{{ model }}' as staging_model
    from {{ ref(model) }}
    {%- if add_to_existing %}
    where {{ landed_files_not_in(source('raw', raw_table), this, 'not ' ~ has_rows_after_as_of(this, '_landed_on')) }}
    {%- endif %}
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

unioned as (

    select * from new_rows
    {%- if add_to_existing %}
    union all
    -- Salesforce records kept from earlier runs that share an Id with a new one: keyed again.
    select
        {%- for name, type in lead_record_columns() %}
        {{ name }},
        {%- endfor %}
        staging_model
    from {{ this }}
    where source_system in {{ salesforce_systems }}
        and source_record_id in (
            select source_record_id from new_rows where source_system in {{ salesforce_systems }}
        )
    {%- endif %}

),

keyed as (

    select
        *,
        source_system || ':' || coalesce(source_record_id, _file || '#' || cast(_row_number as {{ dbt.type_string() }})) as record_key,
        email is not null and email like '%_@_%._%' and email not like '% %' as has_usable_email
    from unioned

),

-- A Salesforce record without an email (report exports carry none) is the same person as the
-- Salesforce record with the same Id that has one. Every record with such an Id is in `keyed`.
salesforce_emails as (

    select
        source_record_id as salesforce_id,
        min(email) as email
    from keyed
    where source_system in {{ salesforce_systems }}
        and has_usable_email
    group by source_record_id

),

final as (

    select
        keyed.*,
        case
            when keyed.has_usable_email then 'L' || substr(md5('email:' || keyed.email), 1, 16)
            when salesforce_emails.email is not null then 'L' || substr(md5('email:' || salesforce_emails.email), 1, 16)
            else 'L' || substr(md5('record:' || keyed.record_key), 1, 16)
        end as lead_id,
        {{ as_of_date() }} as keyed_as_of
    from keyed
    left join salesforce_emails
        on keyed.source_system in {{ salesforce_systems }}
        and keyed.source_record_id = salesforce_emails.salesforce_id

)

select * from final

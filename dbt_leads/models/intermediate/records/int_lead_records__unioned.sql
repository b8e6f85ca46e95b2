{#- Every lead record of every source in one shape, with the lead_id that unifies people.
    lead_id comes from the normalised email, so it is stable across runs and independent of file
    order; a record without a usable email keeps an id scoped to its source record. -#}
{%- set lead_models = [
    'stg_salesforce_report__leads',
    'stg_salesforce_api__leads',
    'stg_hubspot__contacts',
    'stg_x_education__leads',
    'stg_webform__leads',
    'stg_zoom__webinar_registrants',
] -%}

with unioned as (

    {% for model in lead_models %}
    select
        {%- for name, type in lead_record_columns() %}
        {{ name }},
        {%- endfor %}
        '{{ model }}' as staging_model
    from {{ ref(model) }}
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

keyed as (

    select
        *,
        source_system || ':' || coalesce(source_record_id, _file || '#' || cast(_row_number as {{ dbt.type_string() }})) as record_key,
        email is not null and email like '%_@_%._%' and email not like '% %' as has_usable_email
    from unioned

),

-- A Salesforce record without an email (report exports carry none) is the same person as the
-- Salesforce record with the same Id that has one.
salesforce_emails as (

    select
        source_record_id as salesforce_id,
        min(email) as email
    from keyed
    where source_system in ('salesforce_api', 'salesforce_report')
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
        end as lead_id
    from keyed
    left join salesforce_emails
        on keyed.source_system in ('salesforce_api', 'salesforce_report')
        and keyed.source_record_id = salesforce_emails.salesforce_id

)

select * from final

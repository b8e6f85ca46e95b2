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

final as (

    select
        *,
        case
            when has_usable_email then 'L' || substr(md5('email:' || email), 1, 16)
            else 'L' || substr(md5('record:' || record_key), 1, 16)
        end as lead_id
    from keyed

)

select * from final

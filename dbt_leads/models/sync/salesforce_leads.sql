{#- What a reverse-ETL tool upserts into Salesforce Leads, one row per sync_key (the Salesforce Id
    when the lead came from Salesforce, else its email), in Salesforce's own picklist values.
    A null means "leave Salesforce's value alone" (map `properties`, which omits nulls). -#}

with tracked as (

    select * from {{ ref('int_salesforce_leads__tracked') }}
    where is_current

),

final as (

    select
        sync_key,
        key_type,
        salesforce_id,
        lead_id,
        email,
        first_name,
        last_name,
        company,
        title,
        rating,
        status,
        is_converted,
        has_opted_out_of_email,
        lead_tier,
        lead_score,
        fit_grade,
        score_reasons,
        properties,
        sync_hash,
        synced_fields_changed_at
    from tracked

)

select * from final

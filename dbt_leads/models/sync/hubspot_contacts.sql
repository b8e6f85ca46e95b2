{#- What a reverse-ETL tool upserts into HubSpot contacts, one row per email (the key), in
    HubSpot's internal property values. A null means "leave HubSpot's value alone" (map
    `properties`, which omits nulls, or tell the tool to skip nulls). -#}

{{ config(materialized=sync_table_materialization()) }}

with tracked as (

    select * from {{ ref('int_hubspot_contacts__tracked') }}
    where is_current

),

final as (

    select
        email,
        lead_id,
        hubspot_record_id,
        firstname,
        lastname,
        company,
        jobtitle,
        lifecyclestage,
        hs_lead_status,
        hs_marketable_status,
        is_opted_out,
        lead_tier,
        lead_score,
        fit_grade,
        score_reasons,
        -- Built here, from the state's values: stored in the state too it was written twice a run.
        {{ json_properties([
            ('email', 'email'),
            ('firstname', 'firstname'),
            ('lastname', 'lastname'),
            ('company', 'company'),
            ('jobtitle', 'jobtitle'),
            ('lifecyclestage', 'lifecyclestage'),
            ('hs_lead_status', 'hs_lead_status'),
            ('hs_marketable_status', 'hs_marketable_status'),
            ('lead_tier', 'lead_tier'),
            ('lead_score', 'lead_score'),
            ('fit_grade', 'fit_grade'),
            ('score_reasons', 'score_reasons'),
        ]) }} as properties,
        sync_hash,
        synced_fields_changed_at
    from tracked

)

select * from final

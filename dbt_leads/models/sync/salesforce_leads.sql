{#- What a reverse-ETL tool upserts into Salesforce Leads, one row per sync_key (the Salesforce Id
    when the lead came from Salesforce, else its email), in Salesforce's own picklist values.
    A null means "leave Salesforce's value alone" (map `properties`, which omits nulls). -#}

{{ config(materialized=sync_table_materialization()) }}

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
        -- Built here, from the state's values: stored in the state too it was written twice a run.
        {{ json_properties([
            ('Email', 'email'),
            ('FirstName', 'first_name'),
            ('LastName', 'last_name'),
            ('Company', 'company'),
            ('Title', 'title'),
            ('Rating', 'rating'),
            ('Status', 'status'),
            ('HasOptedOutOfEmail', 'has_opted_out_of_email'),
            ('Lead_Tier__c', 'lead_tier'),
            ('Lead_Score__c', 'lead_score'),
            ('Fit_Grade__c', 'fit_grade'),
            ('Score_Reasons__c', 'score_reasons'),
        ]) }} as properties,
        sync_hash,
        synced_fields_changed_at
    from tracked

)

select * from final

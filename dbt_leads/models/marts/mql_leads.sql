{#- Leads currently in the MQL stage, with the evidence that put them there (score and reasons, or
    the CRM's own MQL status) and when. -#}

with leads as (

    select * from {{ ref('dim_leads') }}

),

history as (

    select * from {{ ref('fct_lead_stage_history') }}

),

current_entries as (

    select * from history
    where stage = 'mql'
        and exited_at is null

),

final as (

    select
        leads.lead_id,
        current_entries.stage_entry_id,
        current_entries.entered_at as mql_entered_at,
        current_entries.source_of_truth,
        current_entries.evidence_type,
        current_entries.evidence,
        leads.lead_score,
        leads.fit_score,
        leads.engagement_score,
        leads.fit_grade,
        leads.tier,
        leads.score_reasons,
        leads.email,
        leads.first_name,
        leads.last_name,
        leads.job_title,
        leads.company_name,
        leads.country_code,
        leads.owner,
        leads.lead_source,
        leads.source_systems,
        leads.is_contactable,
        leads.scored_as_of
    from current_entries
    inner join leads
        on current_entries.lead_id = leads.lead_id

)

select * from final

{#- Leads currently in the SQL stage, with what qualified them (BANT answers, a CRM status meaning
    qualified, or the auto-SQL rule) and when. -#}

with leads as (

    select * from {{ ref('dim_leads') }}

),

unified as (

    select * from {{ ref('int_leads__unified') }}

),

history as (

    select * from {{ ref('fct_lead_stage_history') }}

),

current_entries as (

    select * from history
    where stage = 'sql'
        and exited_at is null

),

final as (

    select
        leads.lead_id,
        current_entries.stage_entry_id,
        current_entries.entered_at as sql_entered_at,
        current_entries.source_of_truth,
        current_entries.evidence_type as qualified_by,
        current_entries.evidence,
        cast(unified.bant_budget as {{ dbt.type_string() }}) as bant_budget,
        cast(unified.bant_authority as {{ dbt.type_string() }}) as bant_authority,
        cast(unified.bant_need as {{ dbt.type_string() }}) as bant_need,
        cast(unified.bant_timeline as {{ dbt.type_string() }}) as bant_timeline,
        cast(unified.crm_status_latest as {{ dbt.type_string() }}) as crm_status,
        leads.mql_at,
        leads.lead_score,
        leads.fit_grade,
        leads.tier,
        leads.score_reasons,
        leads.seniority,
        leads.email,
        leads.first_name,
        leads.last_name,
        leads.job_title,
        leads.company_name,
        leads.owner,
        leads.lead_source,
        leads.source_systems,
        leads.scored_as_of
    from current_entries
    inner join leads
        on current_entries.lead_id = leads.lead_id
    inner join unified
        on current_entries.lead_id = unified.lead_id

)

select * from final

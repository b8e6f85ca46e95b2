{#- Per owner (rep): leads assigned, MQLs touched within the SLA, and how their MQLs and SQLs
    convert to the next stage, as of LEADS_AS_OF. -#}

with lead_funnel as (

    select * from {{ ref('fct_lead_funnel') }}

),

lead_sla as (

    select * from {{ ref('lead_sla') }}

),

per_lead as (

    select
        lead_funnel.owner,
        lead_funnel.is_mql,
        lead_funnel.is_sql,
        lead_funnel.is_opportunity,
        lead_funnel.is_customer,
        coalesce(lead_sla.is_touched, false) as is_touched,
        coalesce(lead_sla.is_within_sla, false) as is_within_sla,
        coalesce(lead_sla.sla_status in ('met', 'breached', 'open_breached'), false) as is_sla_decided,
        lead_sla.hours_to_first_touch
    from lead_funnel
    left join lead_sla
        on lead_funnel.lead_id = lead_sla.lead_id

),

counted as (

    select
        owner,
        count(*) as leads_assigned,
        sum(case when is_mql then 1 else 0 end) as mqls,
        sum(case when is_touched then 1 else 0 end) as mqls_touched,
        sum(case when is_within_sla then 1 else 0 end) as touched_within_sla,
        sum(case when is_sla_decided then 1 else 0 end) as mqls_sla_decided,
        sum(case when is_sql then 1 else 0 end) as sqls,
        sum(case when is_opportunity then 1 else 0 end) as opportunities,
        sum(case when is_customer then 1 else 0 end) as customers,
        {{ median('hours_to_first_touch') }} as median_hours_to_first_touch
    from per_lead
    group by owner

),

final as (

    select
        cast(owner as {{ dbt.type_string() }}) as owner,
        cast(leads_assigned as {{ dbt.type_bigint() }}) as leads_assigned,
        cast(mqls as {{ dbt.type_bigint() }}) as mqls,
        cast(mqls_touched as {{ dbt.type_bigint() }}) as mqls_touched,
        cast(touched_within_sla as {{ dbt.type_bigint() }}) as touched_within_sla,
        {{ safe_ratio('touched_within_sla', 'mqls_sla_decided') }} as sla_compliance_rate,
        cast(median_hours_to_first_touch as {{ type_double() }}) as median_hours_to_first_touch,
        cast(sqls as {{ dbt.type_bigint() }}) as sqls,
        {{ safe_ratio('sqls', 'mqls') }} as mql_to_sql_rate,
        cast(opportunities as {{ dbt.type_bigint() }}) as opportunities,
        {{ safe_ratio('opportunities', 'sqls') }} as sql_to_opportunity_rate,
        cast(customers as {{ dbt.type_bigint() }}) as customers,
        cast({{ as_of_date() }} as date) as as_of_date
    from counted

)

select * from final

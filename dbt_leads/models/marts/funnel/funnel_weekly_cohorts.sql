{#- Weekly cohorts by the week a lead was first seen: how far each cohort has come through the
    funnel as of LEADS_AS_OF. -#}

with lead_funnel as (

    select * from {{ ref('fct_lead_funnel') }}

),

counted as (

    select
        cohort_week,
        count(*) as leads,
        sum(case when is_mql then 1 else 0 end) as mqls,
        sum(case when is_sql then 1 else 0 end) as sqls,
        sum(case when is_opportunity then 1 else 0 end) as opportunities,
        sum(case when is_customer then 1 else 0 end) as customers,
        {{ median('days_lead_to_mql') }} as median_days_lead_to_mql,
        {{ median('days_mql_to_sql') }} as median_days_mql_to_sql,
        {{ median('days_sql_to_opportunity') }} as median_days_sql_to_opportunity
    from lead_funnel
    group by cohort_week

),

final as (

    select
        cast(cohort_week as date) as cohort_week,
        cast({{ dbt.datediff('cohort_week', as_of_date(), 'day') }} as {{ dbt.type_int() }}) as cohort_age_days,
        cast(leads as {{ dbt.type_bigint() }}) as leads,
        cast(mqls as {{ dbt.type_bigint() }}) as mqls,
        cast(sqls as {{ dbt.type_bigint() }}) as sqls,
        cast(opportunities as {{ dbt.type_bigint() }}) as opportunities,
        cast(customers as {{ dbt.type_bigint() }}) as customers,
        {{ safe_ratio('mqls', 'leads') }} as lead_to_mql_rate,
        {{ safe_ratio('sqls', 'mqls') }} as mql_to_sql_rate,
        {{ safe_ratio('opportunities', 'sqls') }} as sql_to_opportunity_rate,
        {{ safe_ratio('customers', 'opportunities') }} as opportunity_to_customer_rate,
        {{ safe_ratio('customers', 'leads') }} as lead_to_customer_rate,
        cast(median_days_lead_to_mql as {{ type_double() }}) as median_days_lead_to_mql,
        cast(median_days_mql_to_sql as {{ type_double() }}) as median_days_mql_to_sql,
        cast(median_days_sql_to_opportunity as {{ type_double() }}) as median_days_sql_to_opportunity,
        cast({{ as_of_date() }} as date) as as_of_date
    from counted

)

select * from final

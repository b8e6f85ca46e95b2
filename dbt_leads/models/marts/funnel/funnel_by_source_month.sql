{#- The funnel per lead source and created month: stage counts, step conversion rates and median
    step durations, as of LEADS_AS_OF. -#}

with lead_funnel as (

    select * from {{ ref('fct_lead_funnel') }}

),

counted as (

    select
        lead_source,
        created_month,
        count(*) as leads,
        sum(case when is_mql then 1 else 0 end) as mqls,
        sum(case when is_sql then 1 else 0 end) as sqls,
        sum(case when is_opportunity then 1 else 0 end) as opportunities,
        sum(case when is_customer then 1 else 0 end) as customers,
        {{ median('days_lead_to_mql') }} as median_days_lead_to_mql,
        {{ median('days_mql_to_sql') }} as median_days_mql_to_sql,
        {{ median('days_sql_to_opportunity') }} as median_days_sql_to_opportunity
    from lead_funnel
    group by
        lead_source,
        created_month

),

final as (

    select
        cast(lead_source as {{ dbt.type_string() }}) as lead_source,
        cast(created_month as date) as created_month,
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

{#- One row per lead: when it reached each funnel stage (as of LEADS_AS_OF) and how long each step
    took. The funnel marts aggregate this table, so their counts always reconcile with dim_leads. -#}

with leads as (

    select * from {{ ref('dim_leads') }}

),

-- Stage dates after the run date do not count yet, so a run as of an earlier day is reproducible.
bounded as (

    select
        lead_id,
        lead_source,
        owner,
        tier,
        lead_score,
        fit_grade,
        lifecycle_stage,
        first_seen_at,
        case when mql_at <= {{ as_of_timestamp() }} then mql_at end as mql_at,
        case when sql_at <= {{ as_of_timestamp() }} then sql_at end as sql_at,
        case when opportunity_at <= {{ as_of_timestamp() }} then opportunity_at end as opportunity_at,
        case when customer_at <= {{ as_of_timestamp() }} then customer_at end as customer_at,
        case when disqualified_at <= {{ as_of_timestamp() }} then disqualified_at end as disqualified_at
    from leads

),

-- A lead that reached a later stage passed the earlier ones, even when the earlier date is
-- unknown (a CRM that jumped straight to SQL), so funnel counts never grow from one step to the next.
reached as (

    select
        *,
        coalesce(mql_at, sql_at, opportunity_at, customer_at) as mql_reached_at,
        coalesce(sql_at, opportunity_at, customer_at) as sql_reached_at,
        coalesce(opportunity_at, customer_at) as opportunity_reached_at,
        customer_at as customer_reached_at
    from bounded

),

final as (

    select
        cast(lead_id as {{ dbt.type_string() }}) as lead_id,
        cast(coalesce(lead_source, '(unknown)') as {{ dbt.type_string() }}) as lead_source,
        cast(coalesce(owner, '(unassigned)') as {{ dbt.type_string() }}) as owner,
        cast(tier as {{ dbt.type_string() }}) as tier,
        cast(lead_score as {{ type_double() }}) as lead_score,
        cast(fit_grade as {{ dbt.type_string() }}) as fit_grade,
        cast(lifecycle_stage as {{ dbt.type_string() }}) as lifecycle_stage,
        cast(first_seen_at as {{ dbt.type_timestamp() }}) as first_seen_at,
        cast({{ dbt.date_trunc('month', 'first_seen_at') }} as date) as created_month,
        cast({{ dbt.date_trunc('week', 'first_seen_at') }} as date) as cohort_week,
        cast(mql_at as {{ dbt.type_timestamp() }}) as mql_at,
        cast(sql_at as {{ dbt.type_timestamp() }}) as sql_at,
        cast(opportunity_at as {{ dbt.type_timestamp() }}) as opportunity_at,
        cast(customer_at as {{ dbt.type_timestamp() }}) as customer_at,
        cast(disqualified_at as {{ dbt.type_timestamp() }}) as disqualified_at,
        cast(mql_reached_at as {{ dbt.type_timestamp() }}) as mql_reached_at,
        cast(sql_reached_at as {{ dbt.type_timestamp() }}) as sql_reached_at,
        cast(opportunity_reached_at as {{ dbt.type_timestamp() }}) as opportunity_reached_at,
        cast(customer_reached_at as {{ dbt.type_timestamp() }}) as customer_reached_at,
        mql_reached_at is not null as is_mql,
        sql_reached_at is not null as is_sql,
        opportunity_reached_at is not null as is_opportunity,
        customer_reached_at is not null as is_customer,
        -- Step durations only where both dates are known and in order.
        cast(case when mql_at >= first_seen_at then {{ days_between('first_seen_at', 'mql_at') }} end as {{ type_double() }}) as days_lead_to_mql,
        cast(case when sql_at >= mql_at then {{ days_between('mql_at', 'sql_at') }} end as {{ type_double() }}) as days_mql_to_sql,
        cast(case when opportunity_at >= sql_at then {{ days_between('sql_at', 'opportunity_at') }} end as {{ type_double() }}) as days_sql_to_opportunity,
        cast({{ as_of_date() }} as date) as as_of_date
    from reached

)

select * from final

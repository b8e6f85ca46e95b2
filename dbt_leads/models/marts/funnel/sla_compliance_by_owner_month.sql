{#- SLA compliance per owner and MQL month: met, breached, still open (within or past the target),
    and the compliance rate over the MQLs whose SLA is decided (met or breached). -#}

with lead_sla as (

    select * from {{ ref('lead_sla') }}

),

counted as (

    select
        owner,
        mql_month,
        count(*) as mqls,
        sum(case when sla_status = 'met' then 1 else 0 end) as met,
        sum(case when sla_status = 'breached' then 1 else 0 end) as breached_touched,
        sum(case when sla_status = 'open_breached' then 1 else 0 end) as open_breached,
        sum(case when sla_status = 'open' then 1 else 0 end) as open_within_sla,
        {{ median('hours_to_first_touch') }} as median_hours_to_first_touch,
        max(open_age_hours) as oldest_open_age_hours
    from lead_sla
    group by
        owner,
        mql_month

),

final as (

    select
        cast(owner as {{ dbt.type_string() }}) as owner,
        cast(mql_month as date) as mql_month,
        cast(mqls as {{ dbt.type_bigint() }}) as mqls,
        cast(met as {{ dbt.type_bigint() }}) as met,
        cast(breached_touched as {{ dbt.type_bigint() }}) as breached_touched,
        cast(open_breached as {{ dbt.type_bigint() }}) as open_breached,
        cast(open_within_sla as {{ dbt.type_bigint() }}) as open_within_sla,
        cast(breached_touched + open_breached as {{ dbt.type_bigint() }}) as breached,
        {{ safe_ratio('met', 'met + breached_touched + open_breached') }} as compliance_rate,
        cast(median_hours_to_first_touch as {{ type_double() }}) as median_hours_to_first_touch,
        cast(oldest_open_age_hours as {{ type_double() }}) as oldest_open_age_hours,
        cast({{ as_of_date() }} as date) as as_of_date
    from counted

)

select * from final

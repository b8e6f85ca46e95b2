{#- Lead velocity: qualified leads (MQLs and SQLs) reached per calendar month and their growth
    over the month before, from the first month with a qualified lead up to the LEADS_AS_OF month. -#}

with lead_funnel as (

    select * from {{ ref('fct_lead_funnel') }}

),

month_numbers as (

    {{ dbt.generate_series(var('lead_velocity_max_months')) }}

),

qualified as (

    select
        cast({{ dbt.date_trunc('month', 'mql_reached_at') }} as date) as mql_month,
        cast({{ dbt.date_trunc('month', 'sql_reached_at') }} as date) as sql_month
    from lead_funnel
    where mql_reached_at is not null

),

first_month as (

    select min(mql_month) as first_month
    from qualified

),

-- Every month from the first qualified lead to the run date, so a month with none shows 0.
months as (

    select
        cast({{ dbt.dateadd('month', '1 - month_numbers.generated_number', 'cast(' ~ dbt.date_trunc('month', as_of_date()) ~ ' as date)') }} as date) as month
    from month_numbers

),

spine as (

    select months.month
    from months
    cross join first_month
    where months.month >= first_month.first_month

),

mqls_per_month as (

    select
        mql_month as month,
        count(*) as mqls
    from qualified
    group by mql_month

),

sqls_per_month as (

    select
        sql_month as month,
        count(*) as sqls
    from qualified
    where sql_month is not null
    group by sql_month

),

monthly as (

    select
        spine.month,
        coalesce(mqls_per_month.mqls, 0) as mqls,
        coalesce(sqls_per_month.sqls, 0) as sqls
    from spine
    left join mqls_per_month
        on spine.month = mqls_per_month.month
    left join sqls_per_month
        on spine.month = sqls_per_month.month

),

with_previous as (

    select
        month,
        mqls,
        sqls,
        lag(mqls) over (order by month) as mqls_previous_month,
        lag(sqls) over (order by month) as sqls_previous_month
    from monthly

),

final as (

    select
        cast(month as date) as month,
        cast(mqls as {{ dbt.type_bigint() }}) as mqls,
        cast(mqls_previous_month as {{ dbt.type_bigint() }}) as mqls_previous_month,
        {{ safe_ratio('mqls - mqls_previous_month', 'mqls_previous_month') }} as mql_growth_rate,
        cast(sqls as {{ dbt.type_bigint() }}) as sqls,
        cast(sqls_previous_month as {{ dbt.type_bigint() }}) as sqls_previous_month,
        {{ safe_ratio('sqls - sqls_previous_month', 'sqls_previous_month') }} as sql_growth_rate,
        month = cast({{ dbt.date_trunc('month', as_of_date()) }} as date) as is_partial_month,
        cast({{ as_of_date() }} as date) as as_of_date
    from with_previous

)

select * from final

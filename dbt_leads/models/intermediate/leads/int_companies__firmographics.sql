{#- One firmographic answer per company domain: the most recently fetched match of any provider. -#}

with answers as (

    select * from {{ source('enriched', 'firmographics') }}
    where status = 'matched'

),

ranked as (

    select
        *,
        row_number() over (partition by domain order by fetched_at desc, provider) as answer_rank
    from answers

),

final as (

    select
        domain as company_domain,
        provider,
        status,
        fetched_at,
        company_name,
        industry,
        cast(employee_count as {{ dbt.type_float() }}) as employee_count,
        cast(annual_revenue_usd as {{ dbt.type_float() }}) as annual_revenue_usd,
        country_code,
        city
    from ranked
    where answer_rank = 1

)

select * from final

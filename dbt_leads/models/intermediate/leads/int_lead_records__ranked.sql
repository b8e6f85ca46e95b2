{#- Every lead record with its enrichment and linked opportunity, ranked per person, most recent
    first (recency_rank 1): int_leads__unified takes each attribute from the best-ranked record that
    has it.

    A table of its own rather than a CTE of int_leads__unified, because DuckDB ran that one query
    (this window, then 33 aggregates per person) out of memory at 10M records and a 1GB limit;
    in two steps each fits (docs/benchmarks.md, session 7). -#}
{%- set stage_order = {'subscriber': 1, 'lead': 2, 'mql': 3, 'sql': 4, 'opportunity': 5, 'customer': 6} -%}

with records as (

    select * from {{ ref('int_lead_records__unioned') }}

),

record_attributes as (

    select * from {{ source('enriched', 'lead_records') }}

),

opportunities as (

    select * from {{ ref('stg_salesforce_report__opportunities') }}

),

final as (

    select
        records.*,
        record_attributes.email_is_valid,
        record_attributes.email_is_free,
        record_attributes.email_is_disposable,
        record_attributes.email_is_role,
        record_attributes.email_domain,
        record_attributes.company_domain,
        record_attributes.seniority,
        record_attributes.department,
        record_attributes.has_buying_authority,
        record_attributes.phone_e164,
        record_attributes.country_code,
        opportunities.created_at as crm_opportunity_created_at,
        opportunities.is_won as crm_opportunity_won,
        opportunities.closed_at as crm_opportunity_closed_at,
        opportunities.stage_name as crm_opportunity_stage,
        case records.crm_stage
            {%- for stage, order in stage_order.items() %}
            when '{{ stage }}' then {{ order }}
            {%- endfor %}
        end as crm_stage_order,
        -- Most recent record first: its values win over older ones. The same CRM record exported on
        -- two days: the later drop wins, so a daily run and a full refresh pick the same values.
        row_number() over (
            partition by records.lead_id
            order by
                coalesce(records.crm_stage_changed_at, records.last_activity_at, records.created_at) desc nulls last,
                records.record_key,
                records._landed_on desc nulls last,
                records._file desc,
                records._row_number desc
        ) as recency_rank
    from records
    left join record_attributes
        on records.record_key = record_attributes.record_key
    left join opportunities
        on records.converted_opportunity_id = opportunities.opportunity_id

)

select * from final

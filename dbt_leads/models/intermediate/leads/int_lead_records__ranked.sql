{#- Every lead record with its enrichment and linked opportunity, ranked per person, most recent
    first (recency_rank 1), with the number of records the person has (person_record_count):
    int_leads__merged takes each attribute from the best-ranked record that has it.

    A table of its own rather than a CTE of int_leads__merged, because DuckDB ran that one query
    (this window, then 33 aggregates per person) out of memory at 10M records and a 1GB limit;
    in two steps each fits (docs/benchmarks.md, session 7).

    Incremental by person: a run compares each record's fingerprint (its values, enrichment and
    opportunity included) with the one stored, and ranks again, whole, only the people whose records
    changed in any way: a new record, one that moved to another person, new enrichment or
    opportunity data, or a record a backfill of an earlier day does not see yet. The post-hook
    removes the people who no longer have a record. -#}
{{ config(
    materialized=keyed_incremental_materialization(),
    unique_key='lead_id',
    incremental_strategy='delete+insert',
    on_schema_change='append_new_columns',
    post_hook="{% if is_incremental() %}{{ delete_people_missing_from(ref('int_lead_records__unioned')) }}{% endif %}",
) }}
{#- A table written before records had fingerprints is ranked again whole, and gains the columns. -#}
{%- set compare_fingerprints = is_incremental() and has_column(this, 'record_fingerprint') -%}
{%- set stage_order = {'subscriber': 1, 'lead': 2, 'mql': 3, 'sql': 4, 'opportunity': 5, 'customer': 6} -%}
{%- set attribute_columns = ['email_is_valid', 'email_is_free', 'email_is_disposable', 'email_is_role',
                             'email_domain', 'company_domain', 'seniority', 'department', 'has_buying_authority',
                             'phone_e164', 'country_code'] -%}
{%- set opportunity_columns = {'created_at': 'crm_opportunity_created_at', 'is_won': 'crm_opportunity_won',
                               'closed_at': 'crm_opportunity_closed_at', 'stage_name': 'crm_opportunity_stage'} -%}
{%- set fingerprinted = ['records.lead_id', 'records.record_key', 'records.has_usable_email', 'records.staging_model'] -%}
{%- for name, type in lead_record_columns() %}{% do fingerprinted.append('records.' ~ name) %}{% endfor -%}
{%- for name in attribute_columns %}{% do fingerprinted.append('record_attributes.' ~ name) %}{% endfor -%}
{%- for name in opportunity_columns %}{% do fingerprinted.append('opportunities.' ~ name) %}{% endfor -%}
{#- Read where each is used, not through shared CTEs: DuckDB materialises a CTE read twice, here a
    copy of every record. -#}
{%- set joined_records -%}
    {{ ref('int_lead_records__unioned') }} as records
    left join {{ source('enriched', 'lead_records') }} as record_attributes
        on records.record_key = record_attributes.record_key
    left join {{ ref('stg_salesforce_report__opportunities') }} as opportunities
        on records.converted_opportunity_id = opportunities.opportunity_id
{%- endset %}

with

{% if compare_fingerprints -%}
-- People with a record whose fingerprint is not stored, or with a stored one no record has now.
fingerprints as (

    select
        records.lead_id,
        {{ row_fingerprint(fingerprinted) }} as record_fingerprint
    from {{ joined_records }}

),

-- Anti joins, not `except`: a set difference first makes each side distinct, and DuckDB's group-by
-- over 10M (lead_id, fingerprint) pairs ran out of memory at the 1GB default in a daily run. Both
-- columns are never null, so `=` matches as `except` would.
changed_leads as (

    select fingerprints.lead_id
    from fingerprints
    where not exists (
        select 1 from {{ this }} as ranked
        where ranked.lead_id = fingerprints.lead_id and ranked.record_fingerprint = fingerprints.record_fingerprint
    )
    union all
    select ranked.lead_id
    from {{ this }} as ranked
    where not exists (
        select 1 from fingerprints
        where fingerprints.lead_id = ranked.lead_id and fingerprints.record_fingerprint = ranked.record_fingerprint
    )

),

{% endif -%}
final as (

    select
        records.*,
        {%- for name in attribute_columns %}
        record_attributes.{{ name }},
        {%- endfor %}
        {%- for name, alias in opportunity_columns.items() %}
        opportunities.{{ name }} as {{ alias }},
        {%- endfor %}
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
        ) as recency_rank,
        -- In the same window (one sort): int_leads__merged groups only the people with several records.
        count(*) over (partition by records.lead_id) as person_record_count,
        {{ row_fingerprint(fingerprinted) }} as record_fingerprint,
        -- Every record of a person is ranked in the same run: int_leads__merged merges again the
        -- people this run ranked.
        '{{ invocation_id }}' as ranked_in_invocation
    from {{ joined_records }}
    {%- if compare_fingerprints %}
    where records.lead_id in (select lead_id from changed_leads)
    {%- endif %}

)

select * from final

-- A row here is a lead in marts.mql_leads / marts.sql_leads whose dim_leads lifecycle_stage differs, or an MQL/SQL lead missing from its stage table.
with staged as (

    select lead_id, 'mql' as stage from {{ ref('mql_leads') }}
    union all
    select lead_id, 'sql' as stage from {{ ref('sql_leads') }}

),

expected as (

    select lead_id, lifecycle_stage as stage
    from {{ ref('dim_leads') }}
    where lifecycle_stage in ('mql', 'sql')

)

select
    coalesce(staged.lead_id, expected.lead_id) as lead_id,
    staged.stage as in_stage_table,
    expected.stage as lifecycle_stage
from staged
full outer join expected
    on staged.lead_id = expected.lead_id
    and staged.stage = expected.stage
where staged.lead_id is null
    or expected.lead_id is null

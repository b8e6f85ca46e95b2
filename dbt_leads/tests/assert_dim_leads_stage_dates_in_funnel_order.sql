-- A row here is a lead whose stage dates are out of funnel order (mql_at <= sql_at <= opportunity_at <= customer_at, where set).
select
    lead_id,
    mql_at,
    sql_at,
    opportunity_at,
    customer_at
from {{ ref('dim_leads') }}
where mql_at > coalesce(sql_at, opportunity_at, customer_at)
    or sql_at > coalesce(opportunity_at, customer_at)
    or opportunity_at > customer_at

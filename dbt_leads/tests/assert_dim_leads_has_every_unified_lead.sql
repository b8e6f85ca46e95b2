-- A row here is a lead of intermediate.int_leads__unified missing from marts.dim_leads, or one dim_leads has on its own.
select
    coalesce(unified.lead_id, dim_leads.lead_id) as lead_id,
    unified.lead_id is null as only_in_dim_leads
from {{ ref('int_leads__unified') }} as unified
full outer join {{ ref('dim_leads') }} as dim_leads
    on unified.lead_id = dim_leads.lead_id
where unified.lead_id is null
    or dim_leads.lead_id is null

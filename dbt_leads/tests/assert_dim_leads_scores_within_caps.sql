-- A row here is a lead whose scores break the caps of seed scoring_groups (lead_score outside 0..total, a group beyond +-its cap).
with caps as (

    select
        max(case when score_group = 'fit' then max_points end) as fit_cap,
        max(case when score_group = 'engagement' then max_points end) as engagement_cap,
        max(case when score_group = 'total' then max_points end) as total_cap
    from {{ ref('scoring_groups') }}

)

select
    dim_leads.lead_id,
    dim_leads.fit_score,
    dim_leads.engagement_score,
    dim_leads.lead_score
from {{ ref('dim_leads') }} as dim_leads
cross join caps
where dim_leads.lead_score < 0
    or dim_leads.lead_score > caps.total_cap
    or abs(dim_leads.fit_score) > caps.fit_cap
    or abs(dim_leads.engagement_score) > caps.engagement_cap

{#- One row per lead: the pre-contact facts scoring rules may read (macro scoring_fact_columns), plus
    contactability. Outcome and after-contact fields (stages, statuses, conversion, Tags, Lead Quality,
    Last Notable Activity, Dead Reason) are deliberately not selected here. -#}

with leads as (

    select * from {{ ref('int_leads__unified') }}

),

event_summary as (

    select * from {{ ref('int_leads__event_summary') }}

),

channels as (

    select * from {{ ref('scoring_lead_source_channels') }}

),

competitors as (

    select * from {{ ref('scoring_competitor_domains') }}

),

competitor_leads as (

    select distinct leads.lead_id
    from leads
    inner join competitors
        on lower(trim(competitors.domain)) in (leads.email_domain, leads.company_domain)

),

final as (

    select
        leads.lead_id,
        lower(trim(leads.company_industry)) as company_industry,
        upper(trim(leads.company_country_code)) as country_code,
        leads.seniority,
        leads.department,
        lower(trim(leads.occupation)) as occupation,
        case
            when leads.lead_source is null then null
            else coalesce(channels.channel, 'other')
        end as lead_source_channel,
        lower(trim(leads.lead_origin)) as lead_origin,
        lower(trim(leads.last_activity_type)) as last_activity_type,
        leads.company_employee_count,
        leads.company_annual_revenue_usd,
        leads.web_visits,
        leads.web_time_on_site,
        leads.campaign_touches,
        leads.max_surge_score,
        coalesce(leads.email_is_free, false) as email_is_free,
        coalesce(leads.email_is_disposable, false) as email_is_disposable,
        coalesce(leads.email_is_role, false) as email_is_role,
        competitor_leads.lead_id is not null as is_competitor,
        coalesce(leads.do_not_email, false) as do_not_email,
        -- The export's bounce flag; bounce events score through the event rules instead (no double count).
        coalesce(leads.email_bounced, false) as email_bounced,
        coalesce(event_summary.has_unsubscribed, false) as has_unsubscribed,
        -- Contactable: a valid address we may email. Export-only leads without email never are.
        (
            coalesce(leads.has_usable_email, false)
            and coalesce(leads.email_is_valid, false)
            and not coalesce(leads.email_is_disposable, false)
            and not coalesce(leads.do_not_email, false)
            and not coalesce(leads.email_bounced, false)
            and not coalesce(event_summary.has_bounced_event, false)
            and not coalesce(event_summary.has_unsubscribed, false)
        ) as is_contactable
    from leads
    left join channels
        on lower(trim(leads.lead_source)) = lower(trim(channels.lead_source))
    left join event_summary
        on leads.lead_id = event_summary.lead_id
    left join competitor_leads
        on leads.lead_id = competitor_leads.lead_id

)

select * from final

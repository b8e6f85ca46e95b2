{#- Every activity of a person with the lead_id it belongs to: the events matched by email when they
    landed, as they were stored, and the rest as this run matched them again. A view: its two parts
    are stored once each (int_lead_events__landed, int_lead_events__rematched). -#}
{{ config(materialized='view') }}
{%- set columns = ['lead_id', 'event_type', 'occurred_at', 'is_sales_touch', 'actor', 'event_source', 'email',
                   'crm_id', 'resolved_by_email', '_file_sha256', '_row_number', '_landed_on', 'resolved_as_of'] %}

select {{ columns | join(', ') }}
from {{ ref('int_lead_events__landed') }}
where resolved_by_email
union all
select {{ columns | join(', ') }}
from {{ ref('int_lead_events__rematched') }}

{#
  The shape every lead-record staging model has, so intermediate can union them.
  `lead_record(values)` selects each column from `values` (name -> SQL) or a typed null.
#}
{% macro lead_record_columns() -%}
    {%- set text = dbt.type_string() -%}
    {%- set number = dbt.type_float() -%}
    {{ return([
        ('source_system', text), ('source_record_id', text), ('email', text), ('first_name', text),
        ('last_name', text), ('company_name', text), ('company_website', text), ('job_title', text),
        ('phone', text), ('country', text), ('city', text), ('industry', text),
        ('employee_count', number), ('annual_revenue', number), ('lead_source', text), ('owner_id', text),
        ('crm_status', text), ('crm_stage', text), ('created_at', 'timestamp'),
        ('crm_stage_changed_at', 'timestamp'), ('mql_at', 'timestamp'), ('sql_at', 'timestamp'),
        ('opportunity_at', 'timestamp'), ('customer_at', 'timestamp'), ('is_converted', 'boolean'),
        ('converted_at', 'timestamp'), ('converted_opportunity_id', text), ('do_not_email', 'boolean'),
        ('email_bounced', 'boolean'), ('bant_budget', text), ('bant_authority', text), ('bant_need', text),
        ('bant_timeline', text), ('web_visits', number), ('web_time_on_site', number),
        ('campaign_touches', number), ('last_activity_at', 'timestamp'), ('disqualified_reason', text),
        ('lead_origin', text), ('occupation', text), ('last_activity_type', text),
        ('has_untyped_values', 'boolean'), ('_file', text), ('_file_sha256', text), ('_row_number', 'bigint'),
        ('_loaded_at', 'timestamp'),
        ('_landed_on', 'date'),
    ]) }}
{%- endmacro %}

{% macro lead_record(values) -%}
    {%- for name, type in lead_record_columns() %}
        {{ values.get(name, 'cast(null as ' ~ type ~ ')') }} as {{ name }}{{ "," if not loop.last }}
    {%- endfor %}
{%- endmacro %}

{#- One column of a person (int_leads__merged) from their records: `combine` is how several records
    give one value (latest: the most recent record's non-null value; max, min, bool_or; sorted_list:
    the distinct values in name order; count), `expression` what each record gives (a list: the
    first of their combinations that is not null). A person with one record (`one_record`) takes the
    record's own value, which each combination gives for one row, with no grouping. -#}
{% macro person_value(combine, expression, one_record) -%}
    {%- if expression is string -%}
        {%- set expressions = [expression] -%}
    {%- else -%}
        {%- set expressions = expression -%}
    {%- endif -%}
    {%- set values = [] -%}
    {%- for value in expressions -%}
        {%- if combine == 'count' -%}
            {%- do values.append('cast(1 as bigint)' if one_record else 'count(' ~ value ~ ')') -%}
        {%- elif one_record -%}
            {%- do values.append(('cast(' ~ value ~ ' as ' ~ dbt.type_string() ~ ')') if combine == 'sorted_list' else value) -%}
        {%- elif combine == 'latest' -%}
            {%- do values.append(first_non_null(value, 'recency_rank')) -%}
        {%- elif combine == 'sorted_list' -%}
            {%- do values.append(ordered_listagg(value, "','", value, distinct=true)) -%}
        {%- else -%}
            {%- do values.append(combine ~ '(' ~ value ~ ')') -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if values | length == 1 -%}
        {{ values[0] }}
    {%- else -%}
        coalesce({{ values | join(', ') }})
    {%- endif -%}
{%- endmacro %}

{#- Events of the export (`events`: a relation or CTE with the staged event columns) matched to the
    person they belong to, from the lead records (`records`): the record with the event's email,
    else the CRM record with its id. Only an event not matched by email keeps its email and CRM id,
    the keys a later run matches it again by (int_lead_events__landed, int_lead_events__rematched). -#}
{% macro events_matched_to_people(events, records) -%}
    select
        coalesce(email_ids.lead_id, crm_ids.lead_id) as lead_id,
        {{ events }}.event_type,
        {{ events }}.occurred_at,
        {{ events }}.is_sales_touch,
        {{ events }}.actor,
        'activity_events' as event_source,
        case when email_ids.lead_id is null then {{ events }}.email end as email,
        case when email_ids.lead_id is null then {{ events }}.crm_id end as crm_id,
        email_ids.lead_id is not null as resolved_by_email,
        {{ events }}._file_sha256,
        {{ events }}._row_number,
        {{ events }}._landed_on
    from {{ events }}
    left join (
        select distinct email, lead_id
        from {{ records }}
        where has_usable_email
    ) as email_ids
        on {{ events }}.email = email_ids.email
    left join (
        select distinct source_record_id as crm_id, lead_id
        from {{ records }}
        where source_system in ('hubspot', 'salesforce_api', 'salesforce_report')
            and source_record_id is not null
    ) as crm_ids
        on {{ events }}.crm_id = crm_ids.crm_id
{%- endmacro %}

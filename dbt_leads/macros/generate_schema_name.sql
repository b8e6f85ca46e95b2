{# Schemas are exactly the names of PRODUCT.md (raw, staging, marts ...), never prefixed with the target's. #}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {{ (custom_schema_name or target.schema) | trim }}
{%- endmacro %}

-- Parsers for text that arrives in bulk payloads: each answers NULL instead of raising, so the
-- caller can report the row and the field instead of failing the whole request.
set local role wellflow_owner;

-- Never-raising parsers: a bad value becomes NULL and the row is rejected with a reason.
-- These three carry no SET clause and call only immutable functions (text::date is only
-- stable), so the planner inlines them: as separate calls they cost seconds per 50,000 rows.
create function app.parse_date(value text) returns date
language sql immutable
as $$
    -- A day past the month's end rolls into the next month, so it no longer matches its own day.
    select case when value ~ '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$' and value >= '0001'
                 and extract(day from make_date(substr(value, 1, 4)::int, substr(value, 6, 2)::int, 1)
                                      + (substr(value, 9, 2)::int - 1)) = substr(value, 9, 2)::int
           then make_date(substr(value, 1, 4)::int, substr(value, 6, 2)::int, substr(value, 9, 2)::int) end
$$;
comment on function app.parse_date(text) is 'A YYYY-MM-DD calendar date, or NULL for anything else (never raises).';

create function app.parse_numeric(value text) returns numeric
language sql immutable
as $$
    -- What is left of the value once its digits are removed decides the usual cases (a regular
    -- expression on every value costs three times as much); the rest, such as surrounding
    -- whitespace or garbage, goes to the regular expression that states the rule.
    select case translate(value, '0123456789', '')
               when '' then case when value <> '' then value::numeric end
               when '.' then case when value <> '.' then value::numeric end
               when '-' then case when left(value, 1) = '-' and value <> '-' then value::numeric end
               when '-.' then case when left(value, 1) = '-' and length(value) > 2 then value::numeric end
               when '+' then case when left(value, 1) = '+' and value <> '+' then value::numeric end
               when '+.' then case when left(value, 1) = '+' and length(value) > 2 then value::numeric end
               else case when value ~ '^\s*[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)\s*$' then value::numeric end
           end
$$;
comment on function app.parse_numeric(text) is 'A plain decimal number, or NULL for anything else (never raises).';

-- One CSV line into its fields (RFC 4180 quoting within a line; "" is a quote).
create function app.csv_fields(line text) returns text[]
language sql immutable
as $$
    select case when strpos(line, '"') = 0 then string_to_array(line, ',')
    else (select array_agg(case when m[1] like '"%' then replace(substr(m[1], 2, length(m[1]) - 2), '""', '"')
                                else m[1] end order by n)
            from regexp_matches(line || ',', '("(?:[^"]|"")*"|[^,"]*),', 'g') with ordinality as t (m, n))
    end
$$;
comment on function app.csv_fields(text) is 'Splits one CSV line into fields, honouring double-quoted fields.';

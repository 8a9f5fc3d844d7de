"""Input parsing (sql/core/parsing.sql): app.parse_numeric against the rule it implements."""

import random


def test_parse_numeric_accepts_exactly_plain_decimal_numbers(db):
    """Property test: the digit-stripping parser agrees with the rule's regular expression."""
    rng = random.Random(20261126)
    alphabet = "0123456789..+-- \te5x"
    samples = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 6))) for _ in range(4000)]
    samples += ["1", "1.", ".5", "-.5", "+7.25", ".", "-", "-.", "1-2", " 12 ", "\t3\n", "1e5", "NaN", "Infinity"]
    disagreements = db.execute("""
        select value, app.parse_numeric(value), rule
          from unnest(%s::text[]) value,
               lateral (select case when value ~ '^\\s*[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)\\s*$'
                                    then value::numeric end as rule) r
         where app.parse_numeric(value) is distinct from rule""", [samples]).fetchall()
    assert disagreements == []
    accepted = db.execute("select count(*) from unnest(%s::text[]) v where app.parse_numeric(v) is not null",
                          [samples]).fetchone()[0]
    assert 200 < accepted < len(samples) - 200  # both outcomes are exercised

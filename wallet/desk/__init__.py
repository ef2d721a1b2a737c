"""The issuing desk: a pilot organisation's staff issue credentials from its templates."""

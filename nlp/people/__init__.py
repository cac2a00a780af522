"""People: the officer's caseload, name matching, caseload people named in text, and whom a
note or prompt is about."""

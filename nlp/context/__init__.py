"""Whether a cue holds: ConText assertion status (rules, trigger scope, token patterns) and
whose clause a cue stands in."""

"""Extraction library: contact notes and chat prompts to contract-shaped case entries.

No web, no database. `nlp.load(settings)` builds an `Extractor` once; its `extract` and
`interpret` methods return dataclasses whose `to_json()` is contract case-entry/1 and
interpretation/1.
"""

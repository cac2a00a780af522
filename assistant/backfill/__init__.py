"""`assistant backfill`: years of historical contact notes read in bulk, resumably.

`sources` reads JSONL, nDelius CSV and Parquet into batch items; `checkpoint` records finished
partitions so a rerun does only the rest; `engines` runs the one extraction function
(`assistant.cli_nlp.extract_chunk`) on a local process pool or a Dask cluster; `into_db`
stores the results as historical entries and rebuilds each person's section drafts.
"""

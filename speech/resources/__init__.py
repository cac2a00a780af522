"""Word lists for the speech engine's post-processing (speech/wording.py)."""

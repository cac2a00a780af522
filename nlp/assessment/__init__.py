"""The Strengths and Needs (SAN) assessment pre-filled from a person's contact notes.

`questions` holds SAN's questions as data, `findings` reads answers out of one note,
`answers` merges them over a person's history (newer evidence wins, disagreements kept as
conflicts), `analysis` drafts the practitioner analysis, `drafts` writes each area's section
as an assessor would, and `checks` tests those drafts. `build.assess` ties them together.
"""

from nlp.assessment.build import assess
from nlp.assessment.findings import Note

__all__ = ["Note", "assess"]

"""The chat interpreter: an officer's short prompt to an intent, a person, dates and slots."""

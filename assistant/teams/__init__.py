"""Microsoft Teams: Bot Framework endpoint, outgoing webhook and channel notifications."""

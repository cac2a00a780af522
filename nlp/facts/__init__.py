"""The facts of a case entry read from an analysed note: contact, next appointment, needs,
risk flags, substances and actions."""

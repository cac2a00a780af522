"""Dates and clock times written in notes and prompts, UK day-first."""

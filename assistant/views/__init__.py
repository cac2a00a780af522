"""HTML pages: one module per area, each with a `routes` table."""

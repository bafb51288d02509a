"""Speaker identity across articles, and statements across reports."""

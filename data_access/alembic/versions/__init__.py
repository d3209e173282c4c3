"""One revision per schema version: ``0002`` (the baseline) to the head."""

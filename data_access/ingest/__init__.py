"""Getting data in: read files safely, map headers, coerce values, validate, diff and commit."""

"""Steerco core package: configuration, analytics, charts and exports (no Streamlit)."""

"""Page data: one plain-Python call per page (queries + analytics), no Streamlit."""

"""Streamlit widgets and cached data access shared by the pages."""

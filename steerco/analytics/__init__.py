"""Pure analytics on DataFrames: RAG rules, earned value, RAG changes (no I/O, no Streamlit)."""

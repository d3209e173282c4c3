"""Pure figure builders: DataFrame in, plotly Figure out, one theme for page and slide."""

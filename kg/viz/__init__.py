"""The interactive graph page: nodes and edges from the store, rendered offline and escaped."""
from kg.viz.graph import graph_data
from kg.viz.page import render_page

__all__ = ["graph_data", "render_page"]

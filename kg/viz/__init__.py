"""The interactive graph page: nodes, edges and camps from the store, rendered offline and escaped."""
from kg.viz.graph import camp_data, graph_data
from kg.viz.page import render_page

__all__ = ["camp_data", "graph_data", "render_page"]

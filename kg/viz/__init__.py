"""The interactive graph page: nodes, edges and camps from the store, rendered offline and escaped."""

from kg.analysis.network import camp_data  # kept here for callers of kg.viz.camp_data; /camps uses kg.analysis
from kg.viz.graph import graph_data
from kg.viz.page import render_page

__all__ = ["camp_data", "graph_data", "render_page"]

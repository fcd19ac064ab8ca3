"""Graph analysis on what kg.query reads: camps (signed-graph clustering) and centrality."""

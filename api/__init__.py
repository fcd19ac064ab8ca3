"""The HTTP API over the conflict knowledge graph (FastAPI); build it with `api.main.create_app`."""

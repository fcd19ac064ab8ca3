"""/graph: the interactive page is served as HTML."""


def test_graph_serves_html(client):
    response = client.get("/graph", params={"relation": "backs", "depth": 2})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "<html" in response.text


def test_graph_bad_depth_gives_422(client):
    response = client.get("/graph", params={"depth": 99})
    assert response.status_code == 422 and "depth" in response.json()["detail"]


def test_graph_unknown_relation_gives_400(client):
    response = client.get("/graph", params={"relation": "hugs"})
    assert response.status_code == 400 and "backs" in response.json()["detail"]


def test_graph_accepts_every_filter_together(client):
    params = {"relation": "backs", "actor": "iran", "depth": 2, "since": "2017-05-01", "until": "2017-06-30"}
    response = client.get("/graph", params=params)
    assert response.status_code == 200 and '"actor":"iran"' in response.text and '"since":"2017-05-01"' in response.text

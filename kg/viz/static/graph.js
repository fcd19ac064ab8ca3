/* conflict-kg graph page: filters, search, legend and evidence panel around a vis Network.
   Every piece of article text goes through textContent, never innerHTML. */
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("graph-data").textContent);
  var UMBRELLAS = ["backs", "strikes", "warns", "fights", "other"];
  var nodeInfo = new Map(data.nodes.map(function (n) { return [n.id, n]; }));
  var edgeInfo = new Map(data.edges.map(function (e) { return [e.id, e]; }));
  var campInfo = new Map(data.camps.map(function (c) { return [c.id, c]; }));
  var shown = { nodes: new Set(nodeInfo.keys()), edges: new Set(edgeInfo.keys()) };
  var $ = function (id) { return document.getElementById(id); };
  var state = { focus: null };  // the actor that the hops control counts from

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }

  function humanise(name) {
    return name.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
  }

  function visNode(n) {
    var ring = n.ring || "#3b4252";  // the camp's colour as the node's border
    var node = {
      id: n.id, label: n.label, title: n.title, size: n.size, borderWidth: n.ring ? 5 : 1.5,
      borderWidthSelected: n.ring ? 6 : 3,
      color: { background: n.color, border: ring, highlight: { background: n.color, border: n.ring || "#111" },
               hover: { background: n.color, border: n.ring || "#111" } }
    };
    if (typeof n.x === "number") { node.x = n.x; node.y = n.y; }  // a large graph starts grouped by camp
    return node;
  }

  function visEdge(e) {
    return { id: e.id, from: e.from, to: e.to, label: e.label, title: e.title, color: e.color,
             width: e.width, arrows: e.arrows, smooth: e.smooth, dashes: e.dashes };
  }

  var large = data.layout.large;
  var options = {
    autoResize: true,
    // improvedLayout (Kamada-Kawai) is quadratic: fine for a few hundred actors, minutes for thousands.
    layout: { randomSeed: 11, improvedLayout: !large },
    nodes: { shape: "dot", borderWidth: 1.5,
             font: { size: 15, face: "system-ui, sans-serif", color: "#1d2433", strokeWidth: 4, strokeColor: "#ffffff" } },
    edges: { selectionWidth: 2, hoverWidth: 1, arrows: { to: { enabled: true, scaleFactor: 0.7 } },
             font: { size: 11, face: "system-ui, sans-serif", color: "#39414d", strokeWidth: 3,
                     strokeColor: "#ffffff", align: "middle" } },
    physics: { enabled: true, solver: "forceAtlas2Based",
               forceAtlas2Based: { gravitationalConstant: -140, centralGravity: 0.012, springLength: 170,
                                   springConstant: 0.05, avoidOverlap: 0.7 },
               maxVelocity: 40, minVelocity: 0.8, timestep: 0.4,
               // Capped so a large graph settles in bounded time instead of spinning forever.
               // Fitted by the page when the layout is done, unless the reader has moved the view by then.
               stabilization: { enabled: true, iterations: data.layout.iterations, updateInterval: 50, fit: false } },
    interaction: { hover: true, tooltipDelay: 150, multiselect: false, keyboard: false }
  };
  if (large) {
    // Barnes-Hut is O(n log n) a step; a bounded number of steps from the camp-grouped start, then still.
    options.physics.solver = "barnesHut";
    options.physics.barnesHut = { theta: 0.8, gravitationalConstant: -5000, centralGravity: 0.4, springLength: 110,
                                  springConstant: 0.03, damping: 0.3, avoidOverlap: 0 };
    options.physics.adaptiveTimestep = false;  // it doubles the work of some steps
    options.interaction.hideEdgesOnDrag = true;
    options.interaction.hideEdgesOnZoom = true;
  }

  var nodes = new vis.DataSet(data.nodes.map(visNode));
  var edges = new vis.DataSet(data.edges.map(visEdge));
  var nodeView = new vis.DataView(nodes, { filter: function (n) { return shown.nodes.has(n.id); } });
  var edgeView = new vis.DataView(edges, { filter: function (e) { return shown.edges.has(e.id); } });
  var network = new vis.Network($("network"), { nodes: nodeView, edges: edgeView }, options);
  window.network = network;

  function markReady() {
    document.body.setAttribute("data-ready", "true");
  }
  // On a slow machine the page is usable (markReady below) before the layout is done: a search or a drag made by
  // then must not be undone by the fit that ends the layout.
  var viewMoved = false;
  network.on("dragStart", function () { viewMoved = true; });
  network.on("zoom", function () { viewMoved = true; });
  network.once("stabilizationIterationsDone", function () {
    if (large) setPhysics(false);  // past the bounded layout a large graph stays still until asked
    if (!viewMoved) network.fit();
    document.body.setAttribute("data-stabilized", "true");
    markReady();
  });
  if (!data.nodes.length) { document.body.setAttribute("data-stabilized", "true"); markReady(); }
  setTimeout(markReady, 15000);  // a browser that never reports stabilisation still becomes usable

  function setPhysics(on) {
    $("physics-toggle").checked = on;
    network.setOptions({ physics: { enabled: on } });
  }

  /* ---------- filters ---------- */

  function inRange(day, since, until) {
    if (!day) return false;
    return (!since || day >= since) && (!until || day <= until);
  }

  /* Claims: evidence someone reports or alleges, or that is only intended or denied. */
  function edgeMatches(e, relation, since, until, status, claims, minArticles) {
    if (relation && e.families.indexOf(relation) < 0) return false;
    if (!claims && e.claim) return false;
    if (status && !e.statuses[status]) return false;
    if (minArticles > 1 && e.corroboration < minArticles) return false;
    if (!since && !until) return true;
    // As on the server (kg.query.views.WHEN): the event's date, else its article's publication date.
    return e.evidence.some(function (item) { return inRange(item.date || item.published, since, until); });
  }

  function loadedStatuses() {
    return data.filters.status ? data.filters.status.split(",") : data.statuses.filter(function (s) { return s !== "denied"; });
  }

  /* Actors within `depth` hops of `focus` over the given edges, direction ignored. */
  function withinHops(edgeIds, focus, depth) {
    var next = new Map();
    edgeIds.forEach(function (id) {
      var e = edgeInfo.get(id);
      [[e.from, e.to], [e.to, e.from]].forEach(function (pair) {
        if (!next.has(pair[0])) next.set(pair[0], []);
        next.get(pair[0]).push(pair[1]);
      });
    });
    var reached = new Set([focus]), frontier = [focus];
    for (var hop = 0; hop < depth; hop++) {
      var after = [];
      frontier.forEach(function (id) {
        (next.get(id) || []).forEach(function (other) {
          if (!reached.has(other)) { reached.add(other); after.push(other); }
        });
      });
      frontier = after;
    }
    return reached;
  }

  function applyFilters() {
    var relation = $("relation-filter").value, since = $("since").value, until = $("until").value;
    var depth = $("depth").value, focus = state.focus, status = $("status-filter").value;
    var claims = $("claims-toggle").checked, minArticles = Number($("min-articles").value) || 1;
    var edgeIds = data.edges.filter(function (e) {
      return edgeMatches(e, relation, since, until, status, claims, minArticles);
    }).map(function (e) { return e.id; });
    if (focus && depth !== "") {
      var near = withinHops(edgeIds, focus, Number(depth));
      edgeIds = edgeIds.filter(function (id) {
        return near.has(edgeInfo.get(id).from) && near.has(edgeInfo.get(id).to);
      });
    }
    shown.edges = new Set(edgeIds);
    if (!relation && !since && !until && !status && claims && minArticles <= 1 && !(focus && depth !== "")) {
      shown.nodes = new Set(nodeInfo.keys());
    } else {
      shown.nodes = new Set([data.filters.actor, focus].filter(Boolean));
      shown.edges.forEach(function (id) {
        shown.nodes.add(edgeInfo.get(id).from);
        shown.nodes.add(edgeInfo.get(id).to);
      });
    }
    nodeView.refresh();
    edgeView.refresh();
    updateCounts();
    rememberInUrl({ relation: relation, since: since, until: until, actor: depth !== "" ? focus : null,
                    depth: focus && depth !== "" ? depth : null, status: status || data.filters.status,
                    min_corroboration: minArticles > 1 ? String(minArticles) : null });
  }

  function rememberInUrl(values) {
    try {
      var url = new URL(window.location.href);
      Object.keys(values).forEach(function (k) {
        if (values[k]) url.searchParams.set(k, values[k]); else url.searchParams.delete(k);
      });
      window.history.replaceState(null, "", url.toString());
      keepFiltersInLinks(url.searchParams);
    } catch (err) { /* file:// pages may refuse; the view still works */ }
  }

  /* The map and query links carry the graph's filters (not its hops: they have none). A saved file
     (kg viz -o) has no server to link to, so it shows none. */
  if (window.location.protocol === "file:") $("page-links").hidden = true;

  function keepFiltersInLinks(params) {
    document.querySelectorAll("#page-links a[data-page]").forEach(function (link) {
      var kept = new URLSearchParams();
      ["relation", "actor", "since", "until"].forEach(function (k) { if (params.get(k)) kept.set(k, params.get(k)); });
      var query = kept.toString();
      link.setAttribute("href", "/" + (link.dataset.page === "query" ? "sparql" : link.dataset.page) + (query ? "?" + query : ""));
    });
  }

  function updateCounts() {
    var sentences = 0;
    shown.edges.forEach(function (id) { sentences += edgeInfo.get(id).count; });
    $("counts").textContent = shown.nodes.size + " actors · " + shown.edges.size + " relations · " +
      sentences + " sentences";
  }

  function fillRelationMenu() {
    var select = $("relation-filter");
    UMBRELLAS.forEach(function (umbrella) {
      var group = document.createElement("optgroup");
      group.label = umbrella;
      data.relations.filter(function (r) { return r.umbrella === umbrella; }).forEach(function (r) {
        var count = data.edges.filter(function (e) { return e.families.indexOf(r.name) >= 0; }).length;
        if (!count && r.name !== data.filters.relation) return;
        var option = el("option", r.name + " (" + count + ")");
        option.value = r.name;
        group.appendChild(option);
      });
      if (group.children.length) select.appendChild(group);
    });
    select.value = data.filters.relation || "";
  }

  /* ---------- search ---------- */

  function findActor(query) {
    var q = query.trim().toLowerCase();
    if (!q) return null;
    var exact = data.nodes.find(function (n) {
      return n.id === q || n.label.toLowerCase() === q ||
        n.aliases.some(function (a) { return a.toLowerCase() === q; });
    });
    return exact || data.nodes.find(function (n) { return n.label.toLowerCase().indexOf(q) >= 0; }) || null;
  }

  function focusActor(id) {
    viewMoved = true;
    network.selectNodes([id]);
    network.focus(id, { scale: 1.2, animation: { duration: 400, easingFunction: "easeInOutQuad" } });
    showNode(id);
  }

  function onSearch() {
    var query = $("actor-search").value, found = findActor(query);
    if (!found) { showMessage("No actor matches “" + query + "”."); return; }
    state.focus = found.id;
    if ($("depth").value !== "") applyFilters();  // the hops now count from this actor
    if (!shown.nodes.has(found.id)) { showMessage(found.label + " is hidden by the current filters."); return; }
    focusActor(found.id);
  }

  function fillActorList() {
    var list = $("actor-names");
    data.nodes.slice().sort(function (a, b) { return a.label.localeCompare(b.label); }).forEach(function (n) {
      var option = document.createElement("option");
      option.value = n.label;
      list.appendChild(option);
    });
  }

  /* ---------- side panel ---------- */

  function panel() {
    var box = $("evidence");
    box.replaceChildren();
    return box;
  }

  function showMessage(text) {
    panel().appendChild(el("p", text, "hint"));
  }

  function dateSpan(e) {
    if (!e.first) return "no date given";
    return e.first === e.last ? e.first : e.first + " – " + e.last;
  }

  function articleLine(item) {
    var line = el("p", null, "source");
    var title = item.title || "untitled article";
    if (item.url && /^https?:\/\//i.test(item.url)) {
      var link = el("a", title);
      link.href = item.url;
      link.target = "_blank";
      link.rel = "noopener noreferrer";
      line.appendChild(link);
    } else {
      line.appendChild(el("span", title));
    }
    var facts = [item.date ? "event " + item.date : null, item.published ? "published " + item.published : null,
                 item.place, item.confidence !== null && item.confidence !== undefined ? "confidence " + item.confidence : null];
    line.appendChild(el("span", " · " + facts.filter(Boolean).join(" · ")));
    return line;
  }

  /* "ALLEGED according to Malian government: “Mali's government accused”" */
  function accordingLine(item) {
    var line = el("p", null, "according");
    line.appendChild(el("span", item.status, "status status-" + item.status));
    if (item.according_to) {
      line.appendChild(el("span", "according to " + (item.according_to_label || item.according_to)));
    } else if (item.status === "fact") {
      line.appendChild(el("span", "stated by the article"));
    }
    if (item.attribution) {
      line.appendChild(el("span", ": "));
      line.appendChild(el("q", item.attribution));
    }
    return line;
  }

  function showEdge(id) {
    var e = edgeInfo.get(id);
    if (!e) return;
    network.selectEdges([id]);  // keeps the highlight in step when shown from a list or a script
    var box = panel();
    box.setAttribute("data-kind", "edge");
    box.appendChild(el("h2", nodeInfo.get(e.from).label + " → " + nodeInfo.get(e.to).label));
    var tag = el("p", e.relation, "relation-tag");
    tag.style.borderColor = e.color.color;
    box.appendChild(tag);
    var kind = e.umbrella === e.relation ? [] : [e.umbrella === "other" ? "no umbrella" : "a kind of " + e.umbrella];
    var articles = e.corroboration + (e.corroboration === 1 ? " article" : " articles");
    box.appendChild(el("p", kind.concat([e.count + (e.count === 1 ? " sentence" : " sentences"), articles,
                                         dateSpan(e)]).join(" · "), "meta"));
    if (e.claim) {
      var who = e.sources.length ? " by " + e.sources.join(", ") : "";
      box.appendChild(el("p", "No sentence states this as fact: it is " + e.claim + who + ".", "claim-note"));
    }
    var list = el("ol", null, "evidence-list");
    e.evidence.forEach(function (item) {
      var li = el("li");
      li.setAttribute("data-status", item.status);
      li.appendChild(accordingLine(item));
      li.appendChild(el("blockquote", item.sentence, "sentence" + (item.status === "fact" ? "" : " claimed")));
      li.appendChild(articleLine(item));
      list.appendChild(li);
    });
    box.appendChild(list);
    if (e.evidence.length < e.count) {
      box.appendChild(el("p", "Showing the " + e.evidence.length + " newest of " + e.count + " sentences.", "hint"));
    }
  }

  function fact(dl, term, value) {
    dl.appendChild(el("dt", term));
    dl.appendChild(el("dd", value));
  }

  function edgeButton(e, text) {
    var button = el("button", text, "edge-link");
    button.type = "button";
    button.addEventListener("click", function () { showEdge(e.id); });
    return button;
  }

  function showNode(id) {
    var n = nodeInfo.get(id);
    if (!n) return;
    var box = panel();
    box.setAttribute("data-kind", "node");
    box.appendChild(el("h2", n.label));
    var dl = el("dl");
    fact(dl, "Type", humanise(n.type));
    fact(dl, "CAMEO", n.cameo || "—");
    fact(dl, "Aliases", n.aliases.length ? n.aliases.join(", ") : "—");
    fact(dl, "Relations", n.counts.out + " out · " + n.counts.in + " in · " + n.counts.evidence + " sentences");
    fact(dl, "PageRank", n.rank.toFixed(3));
    fact(dl, "Camp", campText(n));
    box.appendChild(dl);
    var list = el("ul", null, "edge-list");
    // Best corroborated first: relations more articles affirm lead the list.
    data.edges.filter(function (e) { return shown.edges.has(e.id) && (e.from === id || e.to === id); })
      .sort(function (a, b) { return b.corroboration - a.corroboration || b.count - a.count; })
      .forEach(function (e) {
        var text = e.from === id ? e.relation + " → " + nodeInfo.get(e.to).label
                                 : nodeInfo.get(e.from).label + " → " + e.relation;
        var counts = e.count + (e.corroboration > 1 ? ", " + e.corroboration + " articles" : "");
        var li = el("li");
        li.appendChild(edgeButton(e, text + " (" + counts + ")" + (e.claim ? " — " + e.claim : "")));
        list.appendChild(li);
      });
    box.appendChild(list);
  }

  function campText(n) {
    var camp = campInfo.get(n.camp);
    if (!camp || camp.members.length < 2) return "none (no allied ties)";
    var others = camp.members.filter(function (m) { return m.slug !== n.id; }).map(function (m) { return m.label; });
    return n.camp + (camp.side ? " (side " + camp.side + ")" : "") + " with " + others.slice(0, 4).join(", ") +
      (others.length > 4 ? " and " + (others.length - 4) + " more" : "");
  }

  function campLegend() {
    var list = el("ul", null, "camp-list");
    data.camps.filter(function (c) { return c.color; }).forEach(function (camp) {
      var li = el("li");
      li.setAttribute("data-camp", camp.id);
      var names = camp.members.slice(0, 3).map(function (m) { return m.label; }).join(", ") +
        (camp.members.length > 3 ? " +" + (camp.members.length - 3) : "");
      var ring = el("span", null, "ring");
      ring.style.borderColor = camp.color;
      li.append(ring, el("span", (camp.side ? "side " + camp.side + ": " : "") + names));
      list.appendChild(li);
    });
    return list;
  }

  function swatch(className, colour) {
    var mark = el("span", null, className);
    mark.style.background = colour;
    return mark;
  }

  function fillLegend() {
    var box = $("legend");
    box.appendChild(el("h2", "Legend"));
    var actors = el("ul", null, "legend-list");
    data.legend.nodes.forEach(function (item) {
      var li = el("li");
      li.append(swatch("dot", item.color), el("span", humanise(item.type)));
      actors.appendChild(li);
    });
    var rels = el("ul", null, "legend-list");
    data.legend.edges.forEach(function (item) {
      var li = el("li");
      li.append(swatch("line", item.color), el("span", item.umbrella));
      rels.appendChild(li);
    });
    var lines = el("ul", null, "line-list");
    data.legend.lines.forEach(function (item) {
      var li = el("li");
      li.setAttribute("data-line", item.style);
      li.append(el("span", null, "stroke " + item.style), el("span", item.text));
      lines.appendChild(li);
    });
    box.append(el("h3", "Actors"), actors, el("h3", "Relations"), rels, el("h3", "Lines"), lines);
    if (data.camps.some(function (c) { return c.color; })) {
      box.append(el("h3", "Camps (ring) · " + Math.round(data.agreement * 100) + "% of ties agree"), campLegend());
    }
    box.appendChild(el("p", "Camps: " + data.legend.camps_from + ".", "hint camps-from"));
    box.appendChild(el("p", "Wider lines: more source sentences. Dot size: " + data.legend.size_by +
      ". Ring: camp, actors kept together by backing (+) against striking, fighting and warning (−);" +
      " sides 1 and 2 split hostile camps.", "hint"));
  }

  function showServerFilters() {
    var f = data.filters, parts = [];
    if (f.relation) parts.push("relation " + f.relation);
    if (f.actor) parts.push("within " + f.depth + " hop" + (f.depth === 1 ? "" : "s") + " of " +
                            (nodeInfo.has(f.actor) ? nodeInfo.get(f.actor).label : f.actor));
    if (f.since) parts.push("from " + f.since);
    if (f.until) parts.push("until " + f.until);
    if (f.status) parts.push("evidence " + f.status.split(",").join(" or "));
    if (f.min_corroboration) parts.push("relations in at least " + f.min_corroboration + " articles");
    var cut = data.truncated;
    if (!parts.length && !cut) return;
    var box = $("server-filters");
    if (cut) box.append(el("span", "Showing the " + cut.shown + " best-attested of " + cut.total + " relations. "));
    if (parts.length) box.append(el("span", "Showing only " + parts.join(", ") + ". "));
    var all = el("a", "Show the whole graph");
    all.href = window.location.pathname;
    box.appendChild(all);
    box.hidden = false;
  }

  /* ---------- wiring ---------- */

  network.on("click", function (params) {
    if (params.nodes && params.nodes.length) showNode(params.nodes[0]);
    else if (params.edges && params.edges.length) showEdge(params.edges[0]);
  });
  $("relation-filter").addEventListener("change", applyFilters);
  $("since").addEventListener("change", applyFilters);
  $("until").addEventListener("change", applyFilters);
  // Enter searches at once, and the change event it then fires would search again: a second focus animation
  // starting from the view before the first, which sometimes left the view off the actor. A choice from the
  // list (a change without Enter) still searches.
  var searchedByEnter = null;
  $("actor-search").addEventListener("input", function () { searchedByEnter = null; });
  $("actor-search").addEventListener("change", function () {
    if ($("actor-search").value !== searchedByEnter) onSearch();
    searchedByEnter = null;
  });
  $("actor-search").addEventListener("keydown", function (ev) {
    if (ev.key !== "Enter") return;
    searchedByEnter = $("actor-search").value;
    onSearch();
  });
  $("depth").addEventListener("change", applyFilters);
  $("physics-toggle").addEventListener("change", function (ev) { setPhysics(ev.target.checked); });
  $("claims-toggle").addEventListener("change", applyFilters);
  $("min-articles").addEventListener("change", applyFilters);
  $("status-filter").addEventListener("change", function () {
    var status = $("status-filter").value;
    if (status && loadedStatuses().indexOf(status) < 0) { reloadWith({ status: status }); return; }
    applyFilters();
  });
  $("camp-claims").addEventListener("change", function (ev) { reloadWith({ claims: ev.target.checked ? "true" : null }); });

  /* Filters the server applies (statuses it did not send, camps with claims): load the page again. */
  function reloadWith(values) {
    rememberInUrl(values);
    window.location.reload();
  }
  $("reset-view").addEventListener("click", function () {
    $("relation-filter").value = data.filters.relation || "";
    $("since").value = data.filters.since || "";
    $("until").value = data.filters.until || "";
    $("depth").value = initialDepth();
    $("status-filter").value = "";
    $("claims-toggle").checked = true;
    $("min-articles").value = 1;
    state.focus = data.filters.actor;
    $("actor-search").value = "";
    applyFilters();
    network.unselectAll();
    network.fit({ animation: { duration: 300 } });
    showMessage("Click an edge to read the sentences behind it, or an actor for its details.");
  });

  function initialDepth() {
    return data.filters.actor ? String(data.filters.depth) : "";
  }

  $("since").value = data.filters.since || "";
  $("until").value = data.filters.until || "";
  $("status-filter").value = data.filters.status && data.filters.status.indexOf(",") < 0 ? data.filters.status : "";
  $("min-articles").value = data.filters.min_corroboration || 1;
  $("camp-claims").checked = !!data.filters.claims;
  state.focus = data.filters.actor;
  $("depth").value = initialDepth();
  fillRelationMenu();
  fillActorList();
  fillLegend();
  showServerFilters();
  updateCounts();
  if (data.filters.actor && nodeInfo.has(data.filters.actor)) {
    $("actor-search").value = nodeInfo.get(data.filters.actor).label;
    network.selectNodes([data.filters.actor]);
    showNode(data.filters.actor);
  }
})();

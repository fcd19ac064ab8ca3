/* The map page: placed events on an offline world map (world-atlas country outlines, no tiles), coloured by
   relation family and clustered on screen when dense, with a timeline whose brush filters the map.
   Every text from the store is set as text, never markup. document.body.dataset.events = events drawn. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("map-data").textContent);
  var events = data.events.map(function (e) { return Object.assign({}, e, { when: d3.utcParse("%Y-%m-%d")(e.date) }); });
  var colour = {};
  data.families.forEach(function (f) { colour[f.family] = f.color; });
  var CLUSTER_PX = 26, MAX_LISTED = 200;
  var svg = d3.select("#map"), panel = document.getElementById("map-panel");
  var width = svg.node().clientWidth || 900, height = svg.node().clientHeight || 500;
  svg.attr("viewBox", [0, 0, width, height]);
  var projection = d3.geoNaturalEarth1();
  var path = d3.geoPath(projection);
  var world = svg.append("g").attr("class", "world");
  var marks = svg.append("g").attr("class", "marks");
  var zoomed = d3.zoomIdentity, range = null;

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (cls) node.className = cls;
    return node;
  }

  function fitProjection() {
    if (!events.length) { projection.fitSize([width, height], { type: "Sphere" }); return; }
    var lons = d3.extent(events, function (e) { return e.long; }), lats = d3.extent(events, function (e) { return e.lat; });
    var pad = Math.max(8, (lons[1] - lons[0]) * 0.3, (lats[1] - lats[0]) * 0.3);
    // Two corners as points: a polygon's winding would decide which side of it is "inside" on the sphere.
    var box = { type: "MultiPoint", coordinates: [[lons[0] - pad, lats[0] - pad], [lons[1] + pad, lats[1] + pad]] };
    projection.fitExtent([[20, 20], [width - 20, height - 20]], box);
  }

  function visible() {
    return events.filter(function (e) { return !range || (e.when >= range[0] && e.when <= range[1]); });
  }

  /* Grid clustering on screen: events whose markers fall in one CLUSTER_PX cell become one cluster, drawn at
     their mean position. Linear in the events, so thousands of places redraw while zooming. */
  function clusters(shown) {
    var cells = new Map();
    shown.forEach(function (e) {
      var p = zoomed.apply(projection([e.long, e.lat]));
      var key = Math.floor(p[0] / CLUSTER_PX) + ":" + Math.floor(p[1] / CLUSTER_PX);
      var cell = cells.get(key);
      if (!cell) cells.set(key, cell = { x: 0, y: 0, events: [] });
      cell.x += p[0]; cell.y += p[1]; cell.events.push(e);
    });
    var found = Array.from(cells.values());
    found.forEach(function (c) { c.x /= c.events.length; c.y /= c.events.length; });
    found.forEach(function (c) {
      var counts = d3.rollup(c.events, function (v) { return v.length; }, function (e) { return e.family; });
      c.family = Array.from(counts).sort(function (a, b) { return b[1] - a[1]; })[0][0];
      c.families = counts;
    });
    return found;
  }

  function draw() {
    var shown = visible();
    var groups = marks.selectAll("g.mark").data(clusters(shown)).join(function (enter) {
      var g = enter.append("g").attr("class", "mark").attr("tabindex", 0).attr("role", "button");
      g.append("circle");
      g.append("g").attr("class", "ring");
      g.append("text").attr("text-anchor", "middle").attr("dy", "0.35em");
      g.append("title");
      return g;
    });
    groups.attr("transform", function (c) { return "translate(" + c.x + "," + c.y + ")"; })
      .attr("data-count", function (c) { return c.events.length; })
      .attr("aria-label", function (c) { return c.events.length + " event" + (c.events.length === 1 ? "" : "s"); })
      .on("click", function (event, c) { showEvents(c.events); })
      .on("keydown", function (event, c) { if (event.key === "Enter") showEvents(c.events); });
    groups.select("circle").attr("r", function (c) { return c.events.length === 1 ? 6 : 9 + 3 * Math.sqrt(c.events.length); })
      .attr("fill", function (c) { return colour[c.family]; })
      .attr("class", function (c) { return c.events.length === 1 ? "single status-" + c.events[0].status : "cluster"; });
    groups.select("g.ring").each(function (c) {
      var mixed = c.families.size > 1 ? Array.from(c.families) : [];
      var r = 9 + 3 * Math.sqrt(c.events.length);
      d3.select(this).selectAll("path").data(d3.pie().sort(null).value(function (d) { return d[1]; })(mixed))
        .join("path").attr("d", d3.arc().innerRadius(r).outerRadius(r + 4))
        .attr("fill", function (d) { return colour[d.data[0]]; });
    });
    groups.select("title").text(function (c) {
      var places = Array.from(new Set(c.events.map(function (e) { return e.place; })));
      return c.events.length + " event" + (c.events.length === 1 ? "" : "s") + " at " + places.join(", ");
    });
    groups.select("text").text(function (c) { return c.events.length === 1 ? "" : c.events.length; });
    document.body.dataset.events = String(shown.length);
    document.body.dataset.range = range ? range.map(d3.utcFormat("%Y-%m-%d")).join("/") : "";
    var counts = shown.length + " of " + events.length + " dated, placed event" + (events.length === 1 ? "" : "s");
    if (range) counts += " from " + document.body.dataset.range.replace("/", " to ");
    if (data.undated) counts += " · " + data.undated + " placed event" + (data.undated === 1 ? " has" : "s have") + " no date";
    document.getElementById("map-counts").textContent = counts;
  }

  function showEvents(list) {
    panel.replaceChildren(el("h2", list.length + " event" + (list.length === 1 ? "" : "s") + " at " +
      Array.from(new Set(list.map(function (e) { return e.place; }))).join(", ")));
    var sorted = list.slice().sort(function (a, b) { return d3.ascending(a.date, b.date); });
    if (sorted.length > MAX_LISTED) {
      panel.append(el("p", "The first " + MAX_LISTED + " by date; zoom in or drag on the timeline to narrow.", "hint"));
    }
    sorted.slice(0, MAX_LISTED).forEach(function (e) {
      var item = el("article", null, "event");
      item.dataset.event = e.event;
      var head = el("p", null, "who");
      head.append(el("strong", e.agent_label), " " + e.relation + " ", el("strong", e.target_label));
      var badge = el("span", e.status, "status status-" + e.status);
      badge.title = data.statuses[e.status] + (e.attributed_to ? ": according to " + e.attributed_to : "");
      head.append(" ", badge);
      item.append(head, el("blockquote", e.sentence));
      var when = e.date + (e.date_from === "article" ? " (the article's date)"
        : e.precision !== "day" ? " (" + e.precision + ")" : "");
      var meta = [when, e.place];
      if (e.attributed_to) meta.push("according to " + e.attributed_to);
      if (e.modality) meta.push(e.modality);
      if (e.confidence !== null) meta.push("confidence " + e.confidence);
      item.append(el("p", meta.join(" · "), "meta"));
      var source = el("p", null, "source");
      var title = e.title || ("article " + e.article);
      if (e.url && /^https?:\/\//i.test(e.url)) {
        var link = el("a", title);
        link.href = e.url; link.rel = "noopener noreferrer"; link.target = "_blank";
        source.append(link);
      } else {
        source.append(el("span", title));
      }
      if (e.published) source.append(" (" + e.published + ")");
      item.append(source);
      panel.append(item);
    });
  }

  function legend() {
    var box = document.getElementById("map-legend");
    data.families.forEach(function (f) {
      var row = el("span", null, "legend-item");
      var swatch = el("i"); swatch.style.background = f.color;
      row.append(swatch, f.family);
      box.append(row);
    });
  }

  /* ---------- timeline: events per day (per week past 120 days), stacked by family; brush to filter ---------- */
  function timeline() {
    var tsvg = d3.select("#timeline");
    var tw = tsvg.node().clientWidth || 900, th = tsvg.node().clientHeight || 140;
    var margin = { top: 8, right: 20, bottom: 22, left: 32 };
    tsvg.attr("viewBox", [0, 0, tw, th]);
    if (!events.length) {
      tsvg.append("text").attr("x", tw / 2).attr("y", th / 2).attr("text-anchor", "middle").text("No dated, placed events");
      return;
    }
    var extent = d3.extent(events, function (e) { return e.when; });
    var days = (extent[1] - extent[0]) / 864e5;
    var unit = days > 120 ? d3.utcWeek : d3.utcDay;
    var x = d3.scaleUtc().domain([unit.floor(extent[0]), unit.offset(unit.floor(extent[1]), 1)])
      .range([margin.left, tw - margin.right]);
    var families = data.families.map(function (f) { return f.family; });
    var bins = d3.rollups(events, function (v) { return d3.rollup(v, function (w) { return w.length; }, function (e) { return e.family; }); },
      function (e) { return +unit.floor(e.when); });
    var rows = bins.map(function (b) {
      var row = { start: new Date(b[0]) };
      families.forEach(function (f) { row[f] = b[1].get(f) || 0; });
      return row;
    });
    var stacked = d3.stack().keys(families)(rows);
    var y = d3.scaleLinear().domain([0, d3.max(rows, function (r) { return d3.sum(families, function (f) { return r[f]; }); })])
      .nice().range([th - margin.bottom, margin.top]);
    tsvg.append("g").selectAll("g").data(stacked).join("g").attr("fill", function (s) { return colour[s.key]; })
      .selectAll("rect").data(function (s) { return s; }).join("rect")
      .attr("x", function (d) { return x(d.data.start); })
      .attr("width", function (d) { return Math.max(2, x(unit.offset(d.data.start, 1)) - x(d.data.start) - 1); })
      .attr("y", function (d) { return y(d[1]); }).attr("height", function (d) { return y(d[0]) - y(d[1]); });
    tsvg.append("g").attr("transform", "translate(0," + (th - margin.bottom) + ")").call(d3.axisBottom(x).ticks(Math.min(10, tw / 90)));
    tsvg.append("g").attr("transform", "translate(" + margin.left + ",0)").call(d3.axisLeft(y).ticks(3).tickFormat(d3.format("d")));
    tsvg.append("text").attr("class", "unit").attr("x", tw - margin.right).attr("y", margin.top + 8).attr("text-anchor", "end")
      .text("events per " + (unit === d3.utcWeek ? "week" : "day") + " · drag to pick dates");
    var brush = d3.brushX().extent([[margin.left, margin.top], [tw - margin.right, th - margin.bottom]])
      .on("brush end", function (event) {
        range = event.selection ? event.selection.map(x.invert) : null;
        if (range) range = [unit.floor(range[0]), range[1]];
        draw();
      });
    tsvg.append("g").attr("class", "brush").call(brush);
  }

  function start(topology) {
    fitProjection();
    var countries = topojson.feature(topology, topology.objects.countries);
    world.append("path").attr("class", "sphere").attr("d", path({ type: "Sphere" }));
    world.selectAll("path.country").data(countries.features).join("path").attr("class", "country").attr("d", path)
      .append("title").text(function (f) { return f.properties.name; });
    world.append("path").attr("class", "borders")
      .attr("d", path(topojson.mesh(topology, topology.objects.countries, function (a, b) { return a !== b; })));
    svg.call(d3.zoom().scaleExtent([1 / 32, 64]).on("zoom", function (event) {
      zoomed = event.transform;
      world.attr("transform", zoomed).style("stroke-width", 1 / zoomed.k);
      draw();
    }));
    legend();
    timeline();
    draw();
    document.body.dataset.ready = "true";
  }

  fetch("/static/vendor/world-atlas/countries-50m.json").then(function (r) { return r.json(); }).then(start)
    .catch(function (err) { panel.replaceChildren(el("p", "The base map could not be loaded: " + err)); });
})();

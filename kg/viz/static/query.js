/* The query page: YASGUI against this server's /sparql, opened on the query (or pattern) in the URL.
   No request leaves the server: the endpoint list is ours, prefixes come from the page, and the
   autocompleters that would ask the network (LOV classes and properties) are switched off. */
(function () {
  "use strict";
  var start = JSON.parse(document.getElementById("query-start").textContent);
  var endpoint = window.location.origin + "/sparql";
  var status = document.getElementById("pattern-status");
  var Yasqe = Yasgui.Yasqe;
  var ours = Object.keys(start.prefixes).sort().map(function (name) {
    return name + ": <" + start.prefixes[name] + ">";
  });

  Yasqe.defaults.autocompleters = ["prefixes", "variables"];
  if (Yasqe.Autocompleters.prefixes) {
    Yasqe.Autocompleters.prefixes.get = function () { return Promise.resolve(ours); };
  }
  // A shared link is this page with the query in its URL, which the server opens and runs (not YASGUI's
  // #hash form, which would carry the whole request configuration along).
  Yasgui.Tab.prototype.getShareableLink = function () {
    return window.location.origin + "/sparql?query=" + encodeURIComponent(this.getQuery());
  };
  var stockQuery = Yasqe.defaults.value;
  var yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    populateFromUrl: false,  // the server reads ?query= and ?pattern=; see below
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; }, keys: [] }
  });
  var tab = yasgui.getTab();
  tab.setEndpoint(endpoint);  // a tab restored from an older visit may point elsewhere

  // For tests and scripts: how many rows the results table holds once drawn, and whether the query failed.
  tab.getYasr().on("drawn", function (yasr) {
    var results = yasr.results;
    document.body.dataset.rows = String(results && results.getBindings() ? results.getBindings().length : 0);
    document.body.dataset.error = results && results.getError() ? "true" : "";
  });

  function run(text) {
    tab.setQuery(text);
    tab.getYasqe().query().catch(function () { /* YASR shows the error */ });
  }

  function runPattern(pattern) {
    document.getElementById("pattern-input").value = pattern;
    status.textContent = "compiling the pattern…";
    fetch("/query?q=" + encodeURIComponent(pattern), { headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.json().then(function (body) { return { ok: response.ok, body: body }; });
      })
      .then(function (answer) {
        if (!answer.ok) {
          status.textContent = answer.body.detail || "the pattern could not be run";
          document.body.dataset.error = "true";
          return;
        }
        status.textContent = answer.body.rows.length + " match" + (answer.body.rows.length === 1 ? "" : "es") +
          "; the SPARQL it compiled to is in the editor";
        run(answer.body.sparql);
      })
      .catch(function (err) { status.textContent = String(err); });
  }

  if (start.pattern) {
    runPattern(start.pattern);
  } else if (start.run) {
    run(start.query);
  } else if (!tab.getQuery() || tab.getQuery() === stockQuery) {
    tab.setQuery(start.query);
  }
  document.body.dataset.ready = "true";
})();

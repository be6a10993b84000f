// The SQL page: load the site's SQLite file into sql.js (WebAssembly) and run
// the reader's queries. Results are built with textContent, so nothing a
// database cell holds can become markup. Everything is fetched from this site.
(function () {
  var form = document.querySelector("form.civicdata-sql");
  if (!form || typeof initSqlJs !== "function") return;
  var box = document.getElementById("sql-query");
  var status = document.getElementById("sql-status");
  var results = document.getElementById("sql-results");
  var wasm = new URL(form.dataset.wasm, document.baseURI).href;
  var database = new URL(form.dataset.database, document.baseURI).href;
  var MAX_ROWS = 1000;

  var ready = Promise.all([
    initSqlJs({ locateFile: function () { return wasm; } }),
    fetch(database).then(function (r) {
      if (!r.ok) throw new Error("could not load " + form.dataset.database + " (" + r.status + ")");
      return r.arrayBuffer();
    }),
  ]).then(function (loaded) {
    var db = new loaded[0].Database(new Uint8Array(loaded[1]));
    status.textContent = "Ready.";
    return db;
  });
  ready.catch(function (error) { status.textContent = "SQLite did not load: " + error.message; });

  function table(result, number) {
    var wrap = document.createElement("div");
    wrap.className = "civicdata-results__table";
    wrap.tabIndex = 0;
    wrap.setAttribute("role", "region");
    wrap.setAttribute("aria-label", "Result " + number);
    var t = document.createElement("table");
    var head = t.createTHead().insertRow();
    result.columns.forEach(function (name) {
      var th = document.createElement("th");
      th.scope = "col";
      th.textContent = name;
      head.appendChild(th);
    });
    var body = t.createTBody();
    result.values.slice(0, MAX_ROWS).forEach(function (values) {
      var row = body.insertRow();
      values.forEach(function (value) {
        var cell = row.insertCell();
        if (value === null) { cell.textContent = "NULL"; cell.className = "civicdata-null"; }
        else if (value instanceof Uint8Array) cell.textContent = "(" + value.length + " bytes)";
        else cell.textContent = String(value);
      });
    });
    wrap.appendChild(t);
    return wrap;
  }

  function run() {
    var query = box.value;
    status.textContent = "Running…";
    ready.then(function (db) {
      results.replaceChildren();
      var started = performance.now();
      try {
        var found = db.exec(query);
        var rows = found.reduce(function (n, r) { return n + r.values.length; }, 0);
        found.forEach(function (result, i) { results.appendChild(table(result, i + 1)); });
        var shown = rows > MAX_ROWS ? " (the first " + MAX_ROWS + " of each result shown)" : "";
        status.textContent = rows + (rows === 1 ? " row" : " rows") + " in " +
          Math.round(performance.now() - started) + " ms" + shown + ".";
      } catch (error) {
        var p = document.createElement("p");
        p.className = "civicdata-sql-error";
        p.textContent = "SQLite says: " + error.message;
        results.appendChild(p);
        status.textContent = "The query failed.";
      }
    });
  }

  form.addEventListener("submit", function (event) { event.preventDefault(); run(); });
  box.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) { event.preventDefault(); run(); }
  });
  document.querySelectorAll(".civicdata-example").forEach(function (button) {
    button.addEventListener("click", function () { box.value = button.dataset.query; run(); });
  });
})();

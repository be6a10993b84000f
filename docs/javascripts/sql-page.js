// The SQL page: the reader's queries run on the site's SQLite file in a Web
// Worker (sql-worker.js), under a time limit, with a Cancel button: a query
// that never ends is stopped, the worker replaced, and the page stays usable.
// Results are built with textContent, so nothing a database cell holds can
// become markup; a cell holding a record's id links to that record's page.
// The query lives in the address (?sql=...): it can be shared, and the back
// button brings the previous one back. Everything is fetched from this site.
(function () {
  var form = document.querySelector("form.civicdata-sql");
  if (!form || typeof Worker !== "function") return;
  var box = document.getElementById("sql-query");
  var status = document.getElementById("sql-status");
  var results = document.getElementById("sql-results");
  var cancel = document.getElementById("sql-cancel");
  var limit = document.getElementById("sql-limit");
  var absolute = function (name) { return new URL(form.dataset[name], document.baseURI).href; };
  var MAX_ROWS = 1000;

  var worker = null;
  var ready = null;
  var kinds = new Map();
  var running = null; // {id, timer, started}
  var counter = 0;

  function start() {
    worker = new Worker(absolute("worker"));
    ready = new Promise(function (resolve, reject) {
      worker.onmessage = function (event) {
        var message = event.data;
        if (message.type === "ready") {
          kinds = new Map(message.ids);
          resolve();
        } else if (message.type === "failed") {
          reject(new Error(message.message));
        } else {
          finished(message);
        }
      };
      worker.onerror = function (event) {
        reject(new Error(event.message || "the worker did not start"));
      };
    });
    worker.postMessage({
      type: "open",
      script: absolute("sqljs"),
      wasm: absolute("wasm"),
      database: absolute("database"),
      maxRows: MAX_ROWS,
    });
    return ready;
  }

  function seconds() {
    var value = parseFloat(limit.value);
    return isFinite(value) && value > 0 ? Math.min(value, 600) : 1;
  }

  function cellOf(row, value) {
    var cell = row.insertCell();
    if (value === null) {
      cell.textContent = "NULL";
      cell.className = "civicdata-null";
    } else if (typeof value === "string" && kinds.has(value)) {
      var a = document.createElement("a");
      a.href = absolute("records") + encodeURIComponent(kinds.get(value)) + "/" +
        encodeURIComponent(value) + "/";
      a.textContent = value;
      cell.appendChild(a);
    } else {
      cell.textContent = String(value);
    }
  }

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
    result.values.forEach(function (values) {
      var row = body.insertRow();
      values.forEach(function (value) { cellOf(row, value); });
    });
    wrap.appendChild(t);
    return wrap;
  }

  function idle() {
    if (running) clearTimeout(running.timer);
    running = null;
    cancel.disabled = true;
    form.removeAttribute("aria-busy");
  }

  function finished(message) {
    if (!running || message.id !== running.id) return;
    idle();
    results.replaceChildren();
    if (message.type === "error") {
      var p = document.createElement("p");
      p.className = "civicdata-sql-error";
      p.textContent = "SQLite says: " + message.message;
      results.appendChild(p);
      status.textContent = "The query failed.";
      return;
    }
    var rows = message.results.reduce(function (n, r) { return n + r.rows; }, 0);
    message.results.forEach(function (result, i) { results.appendChild(table(result, i + 1)); });
    var shown = rows > MAX_ROWS ? " (the first " + MAX_ROWS + " of each result shown)" : "";
    status.textContent = rows + (rows === 1 ? " row" : " rows") + " in " + message.ms + " ms" +
      shown + ".";
  }

  function stop(why) {
    // A running SQLite call cannot be interrupted from outside: the worker goes.
    if (!running) return;
    idle();
    worker.terminate();
    results.replaceChildren();
    var p = document.createElement("p");
    p.className = "civicdata-sql-error";
    p.textContent = why;
    results.appendChild(p);
    status.textContent = "Stopped. Reloading SQLite…";
    start().then(function () {
      if (!running) status.textContent = "Stopped; ready for the next query.";
    });
  }

  function run(remember) {
    var query = box.value;
    if (remember) {
      var address = new URL(location.href);
      if (address.searchParams.get("sql") !== query) {
        address.searchParams.set("sql", query);
        history.pushState({ sql: query }, "", address.href);
      }
    }
    if (running) stop("Stopped: a new query was started.");
    var id = ++counter;
    var limitSeconds = seconds();
    running = { id: id, timer: null };
    cancel.disabled = false;
    form.setAttribute("aria-busy", "true");
    status.textContent = "Running…";
    ready.then(function () {
      if (!running || running.id !== id) return;
      running.timer = setTimeout(function () {
        stop("Stopped after " + limitSeconds + " s: the query ran past the time limit. " +
          "A query that never ends (a recursive WITH without a stopping condition) or " +
          "one over every pair of rows can take forever; add a WHERE or a LIMIT, or raise " +
          "the limit.");
      }, limitSeconds * 1000);
      worker.postMessage({ type: "exec", id: id, query: query });
    }, function (error) {
      idle();
      status.textContent = "SQLite did not load: " + error.message;
    });
  }

  start().then(function () {
    if (!running) status.textContent = "Ready.";
  }, function (error) {
    status.textContent = "SQLite did not load: " + error.message;
  });

  form.addEventListener("submit", function (event) { event.preventDefault(); run(true); });
  cancel.addEventListener("click", function () { stop("Cancelled."); });
  box.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      run(true);
    }
  });
  document.querySelectorAll(".civicdata-example").forEach(function (button) {
    button.addEventListener("click", function () { box.value = button.dataset.query; run(true); });
  });
  function fromAddress() {
    var query = new URL(location.href).searchParams.get("sql");
    if (query !== null) {
      box.value = query;
      run(false);
    }
  }
  window.addEventListener("popstate", fromAddress);
  fromAddress();
})();

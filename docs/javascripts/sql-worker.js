// The SQL page's worker: sql.js (SQLite in WebAssembly) runs here, off the
// page's thread, so a query that never ends cannot freeze the page: the page
// stops this worker when the time limit passes (as Datasette stops a query
// after a time limit) and starts a fresh one.
//
// Messages in:  {type: "open", script, wasm, database, maxRows}
//               {type: "exec", id, query}
// Messages out: {type: "ready", ids: [[id, kind], ...]} or {type: "failed", message}
//               {type: "result", id, results: [{columns, values, rows}], ms} or
//               {type: "error", id, message}
"use strict";

var db = null;
var maxRows = 1000;

function cell(value) {
  // Only text, numbers and null travel to the page; a blob is described.
  if (value instanceof Uint8Array) return "(" + value.length + " bytes)";
  return value;
}

function open(message) {
  maxRows = message.maxRows || maxRows;
  importScripts(message.script);
  return Promise.all([
    initSqlJs({ locateFile: function () { return message.wasm; } }),
    fetch(message.database).then(function (response) {
      if (!response.ok) throw new Error("could not load the database (" + response.status + ")");
      return response.arrayBuffer();
    }),
  ]).then(function (loaded) {
    db = new loaded[0].Database(new Uint8Array(loaded[1]));
    var ids = [];
    db.exec("SELECT id, kind FROM record").forEach(function (result) {
      result.values.forEach(function (row) { ids.push([row[0], row[1]]); });
    });
    postMessage({ type: "ready", ids: ids });
  });
}

function exec(message) {
  var started = performance.now();
  try {
    var found = db.exec(message.query);
    postMessage({
      type: "result",
      id: message.id,
      ms: Math.round(performance.now() - started),
      results: found.map(function (result) {
        return {
          columns: result.columns,
          rows: result.values.length,
          values: result.values.slice(0, maxRows).map(function (row) { return row.map(cell); }),
        };
      }),
    });
  } catch (error) {
    postMessage({ type: "error", id: message.id, message: String(error && error.message || error) });
  }
}

onmessage = function (event) {
  var message = event.data;
  if (message.type === "open") {
    open(message).catch(function (error) {
      postMessage({ type: "failed", message: String(error && error.message || error) });
    });
  } else if (message.type === "exec") {
    exec(message);
  }
};

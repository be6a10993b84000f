// Filters for a long generated table (the timeline's): by kind, year and words.
// Without JavaScript the form stays hidden and the table is whole.
(function () {
  document.querySelectorAll("form.civicdata-filter").forEach(function (form) {
    var holder = document.getElementById(form.dataset.table);
    if (!holder) return;
    var rows = Array.prototype.slice.call(holder.querySelectorAll("tbody tr"));
    var output = form.querySelector("output");
    function apply() {
      var kind = form.elements.kind.value;
      var year = form.elements.year.value;
      var words = form.elements.words.value.trim().toLowerCase();
      var shown = 0;
      rows.forEach(function (row) {
        var keep = (!kind || row.dataset.kind === kind) && (!year || row.dataset.year === year) &&
          (!words || row.textContent.toLowerCase().indexOf(words) !== -1);
        row.hidden = !keep;
        if (keep) shown += 1;
      });
      output.textContent = shown + " of " + rows.length + " entries";
    }
    form.addEventListener("input", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.hidden = false;
    apply();
  });
})();

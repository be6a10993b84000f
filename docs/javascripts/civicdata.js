// Regions that scroll sideways (wide tables and charts) can be reached and
// scrolled with the keyboard, and say what they hold. Runs on every page view,
// including those Material loads without a full reload.
(function () {
  function label(region) {
    var caption = region.querySelector("caption, th");
    return caption ? "Table: " + caption.textContent.trim() : "Scrollable content";
  }
  function mark() {
    var regions = document.querySelectorAll(
      ".md-typeset__scrollwrap, .md-typeset pre > code, .civicdata-beside, .civicdata-scroll"
    );
    regions.forEach(function (region) {
      var scrolls = region.scrollWidth > region.clientWidth + 1;
      if (scrolls && !region.hasAttribute("tabindex")) {
        region.setAttribute("tabindex", "0");
        if (region.tagName !== "CODE") {
          region.setAttribute("role", "region");
          if (!region.hasAttribute("aria-label")) region.setAttribute("aria-label", label(region));
        }
      }
    });
  }
  if (typeof document$ !== "undefined") {
    document$.subscribe(function () { setTimeout(mark, 0); });
  } else {
    document.addEventListener("DOMContentLoaded", mark);
  }
  window.addEventListener("resize", mark);
})();

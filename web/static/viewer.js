/* Accord: the document viewer (web/viewer.py builds its sheets). One sheet at a time, with
   previous/next, a page number box, thumbnails and zoom; keys: ← → (page), + - 0 (zoom).
   A page image is requested only when its sheet is shown, so each page viewed is one audited
   event; search hits arrive as boxes (0..1 of the page) and are placed over the image here.
   Without this file every sheet is shown, one below the other. No inline script (CSP). */
(function () {
  "use strict";
  var ZOOMS = [0.5, 0.75, 1, 1.25, 1.5, 2, 3];

  function setup() {
    var viewer = document.getElementById("viewer");
    if (!viewer) { return; }
    var sheets = Array.prototype.slice.call(viewer.querySelectorAll("section.sheet"));
    if (!sheets.length) { return; }
    var number = viewer.querySelector(".v-number");
    var prev = viewer.querySelector(".v-prev");
    var next = viewer.querySelector(".v-next");
    var level = viewer.querySelector(".v-level");
    var thumbs = Array.prototype.slice.call(viewer.querySelectorAll("a.thumb"));
    var current = 0;
    var zoom = 2;   // index into ZOOMS: 100%, the width of the viewer
    viewer.classList.add("js-viewer");

    function loadImage(sheet) {
      var canvas = sheet.querySelector(".page-canvas");
      if (!canvas || canvas.querySelector("img")) { return; }
      var img = document.createElement("img");
      img.className = "page-img";
      img.alt = canvas.getAttribute("data-alt") || "";
      img.src = canvas.getAttribute("data-src");
      canvas.insertBefore(img, canvas.firstChild);
      Array.prototype.forEach.call(canvas.querySelectorAll(".hit-box"), function (box) {
        var b = (box.getAttribute("data-box") || "").split(",").map(parseFloat);
        if (b.length !== 4 || b.some(isNaN)) { return; }
        box.style.left = (b[0] * 100) + "%";
        box.style.top = (b[1] * 100) + "%";
        box.style.width = ((b[2] - b[0]) * 100) + "%";
        box.style.height = ((b[3] - b[1]) * 100) + "%";
        box.classList.add("placed");
      });
    }

    function show(index, scroll) {
      index = Math.max(0, Math.min(sheets.length - 1, index));
      sheets[current].classList.remove("current");
      if (thumbs[current]) { thumbs[current].removeAttribute("aria-current"); }
      current = index;
      var sheet = sheets[current];
      sheet.classList.add("current");
      if (thumbs[current]) {
        thumbs[current].setAttribute("aria-current", "page");
        thumbs[current].scrollIntoView({block: "nearest", inline: "nearest"});
      }
      loadImage(sheet);
      number.value = current + 1;
      prev.disabled = current === 0;
      next.disabled = current === sheets.length - 1;
      if (scroll && viewer.getBoundingClientRect().top < 0) { viewer.scrollIntoView(); }
    }

    function setZoom(index) {
      zoom = Math.max(0, Math.min(ZOOMS.length - 1, index));
      viewer.style.setProperty("--zoom", ZOOMS[zoom]);
      level.textContent = Math.round(ZOOMS[zoom] * 100) + "%";
    }

    function sheetOf(id) {
      var target = id ? document.getElementById(id) : null;
      var sheet = target && target.closest ? target.closest("section.sheet") : null;
      return sheet ? sheets.indexOf(sheet) : -1;
    }

    function go(index) {
      show(index, true);
      history.replaceState(null, "", "#" + sheets[current].id);
    }

    prev.addEventListener("click", function () { go(current - 1); });
    next.addEventListener("click", function () { go(current + 1); });
    number.addEventListener("change", function () {
      var n = parseInt(number.value, 10);
      if (!isNaN(n)) { go(n - 1); }
    });
    viewer.querySelector(".v-in").addEventListener("click", function () { setZoom(zoom + 1); });
    viewer.querySelector(".v-out").addEventListener("click", function () { setZoom(zoom - 1); });
    viewer.querySelector(".v-fit").addEventListener("click", function () { setZoom(2); });
    thumbs.forEach(function (thumb, index) {
      thumb.addEventListener("click", function (event) { event.preventDefault(); go(index); });
    });
    // Evidence links (accord.js scrolls to their mark) and #page-N links: show that sheet first.
    document.addEventListener("click", function (event) {
      var link = event.target.closest ? event.target.closest("a[href^='#']") : null;
      if (!link || viewer.querySelector(".thumbs").contains(link)) { return; }
      var index = sheetOf(link.getAttribute("href").slice(1));
      if (index >= 0) { show(index, false); }
    }, true);
    window.addEventListener("hashchange", function () {
      var index = sheetOf(window.location.hash.slice(1));
      if (index >= 0) { show(index, false); }
      if (index >= 0 && sheets[index].id === window.location.hash.slice(1)) { anchor(sheets[index]); }
    });
    document.addEventListener("keydown", function (event) {
      var tag = (event.target.tagName || "").toLowerCase();
      if (tag === "input" || tag === "textarea" || tag === "select" || event.ctrlKey || event.metaKey ||
          event.altKey) { return; }
      var action = {ArrowLeft: function () { go(current - 1); }, ArrowRight: function () { go(current + 1); },
                    "+": function () { setZoom(zoom + 1); }, "=": function () { setZoom(zoom + 1); },
                    "-": function () { setZoom(zoom - 1); }, "0": function () { setZoom(2); }}[event.key];
      if (action) { event.preventDefault(); action(); }
    });

    // A page reached by a link (#page-N) stays just below the sticky bar until the user scrolls. The
    // browser jumps once; images above the page that load later (thumbnails) and the bar settling
    // (fonts, wrapping into two rows) then move the page, and the browser's scroll anchoring may keep
    // an element above it in place instead: the heading ended under the bar, or 90 px down. So the
    // jump is redone after each such change, before it is painted (a ResizeObserver runs after layout).
    // scroll-margin-top in viewer.css follows the bar's real height through --viewer-bar-height.
    var bar = viewer.querySelector(".viewer-bar");
    var anchored = null;
    function reanchor() {
      if (anchored) { anchored.scrollIntoView({block: "start", inline: "nearest"}); }
    }
    function anchor(sheet) {
      anchored = sheet;
      viewer.setAttribute("data-anchored", sheet.id);
      reanchor();
    }
    function release() {
      anchored = null;
      viewer.removeAttribute("data-anchored");
    }
    // what a user does to scroll (a scroll event is also what the re-anchoring itself causes)
    ["wheel", "touchstart", "mousedown", "keydown"].forEach(function (type) {
      window.addEventListener(type, release, {capture: true, passive: true});
    });
    viewer.addEventListener("load", reanchor, true);   // an image (load does not bubble: captured)
    if (window.ResizeObserver) {
      new ResizeObserver(function () {
        viewer.style.setProperty("--viewer-bar-height", bar.getBoundingClientRect().height + "px");
        reanchor();
      }).observe(bar);
      new ResizeObserver(reanchor).observe(document.body);
    }

    var start = sheetOf(window.location.hash.slice(1));
    var linked = start >= 0 && sheets[start].id === window.location.hash.slice(1);
    // a search result links to #page-N: on a text page cut into sheets, open the sheet with the hit
    var page = start >= 0 ? sheets[start].getAttribute("data-page") : null;
    if (page && !sheets[start].classList.contains("has-hits")) {
      var hit = sheets.filter(function (s) {
        return s.getAttribute("data-page") === page && s.classList.contains("has-hits");
      })[0];
      if (hit) { start = sheets.indexOf(hit); }
    }
    if (start < 0) { start = (parseInt(viewer.getAttribute("data-first-sheet"), 10) || 1) - 1; }
    setZoom(zoom);
    show(start, false);
    if (linked) { anchor(sheets[start]); }
  }

  document.addEventListener("DOMContentLoaded", setup);
}());

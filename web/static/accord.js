/* Accord: small progressive enhancements. Everything works without this file except
   live upload progress. No inline scripts anywhere (Content-Security-Policy). */
(function () {
  "use strict";

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  // Times: the server writes UTC words in <time class="when">; show them in the reader's own zone
  // (the exact instant stays in datetime= and the tooltip).
  var LOCAL_MINUTE = {year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit",
                      timeZoneName: "short"};
  var LOCAL_DAY = {year: "numeric", month: "short", day: "numeric"};
  function localiseTime(element) {
    var moment = new Date(element.getAttribute("datetime"));
    if (isNaN(moment.getTime())) { return; }
    var day = element.getAttribute("data-precision") === "day";
    try {
      element.textContent = moment.toLocaleString(undefined, day ? LOCAL_DAY : LOCAL_MINUTE);
    } catch (e) { /* an old browser keeps the server's UTC words */ }
  }
  function localiseTimes(root) {
    Array.prototype.forEach.call((root || document).querySelectorAll("time.when[datetime]"), localiseTime);
  }
  function timeElement(iso) {
    var element = document.createElement("time");
    if (!iso) { return element; }
    var exact = /[zZ]|[+-]\d\d:?\d\d$/.test(iso) ? iso : iso + "Z";   // the store's naive times are UTC
    element.className = "when";
    element.setAttribute("datetime", exact);
    element.setAttribute("title", exact);
    element.textContent = iso;
    localiseTime(element);
    return element;
  }

  // "/" jumps to the search box, like most search tools.
  document.addEventListener("keydown", function (event) {
    var tag = (event.target.tagName || "").toLowerCase();
    if (event.key === "/" && tag !== "input" && tag !== "textarea" && tag !== "select") {
      var box = document.getElementById("q");
      if (box) { event.preventDefault(); box.focus(); box.select(); }
    }
  });

  // Document page: go to the first page with a hit; evidence links flash their span.
  function setupDocument() {
    var article = document.querySelector("article.document");
    if (!article) { return; }
    var first = article.getAttribute("data-first-hit");
    if (!window.location.hash && first) {
      var page = document.getElementById("page-" + first);
      if (page) { page.scrollIntoView(); }
    }
    article.addEventListener("click", function (event) {
      var link = event.target.closest("a.evidence-link");
      if (!link) { return; }
      var target = document.getElementById(link.getAttribute("href").slice(1));
      if (target) {
        event.preventDefault();
        target.scrollIntoView({block: "center"});
        target.classList.remove("flash");
        void target.offsetWidth;
        target.classList.add("flash");
        history.replaceState(null, "", link.getAttribute("href"));
      }
    });
  }

  // Review queue: a = accept, c = correct, u = unsure, r = reject (flags), j/k = next/previous.
  // Decisions are sent with fetch and the decided item leaves the list, so focus moves to the
  // next suggestion and the next key works at once (a page reload would leave focus on <body>).
  function setupReview() {
    var queue = document.getElementById("queue");
    if (!queue) { return; }
    function items() { return Array.prototype.slice.call(queue.querySelectorAll(".queue-item")); }
    if (items().length && document.activeElement === document.body) { items()[0].focus(); }

    var DONE = {accept: "Accepted", correct: "Corrected", unsure: "Marked unsure", reject: "Rejected"};

    function decide(item, form, action) {
      // a second key on an item whose decision is still on its way would send it twice
      if (item.classList.contains("deciding")) { return; }
      var data = new FormData(form);
      data.set("action", action);
      item.classList.add("deciding");
      // Focus moves on at once, so the next key decides the next item while this one is sent;
      // if it fails, focus comes back to it with the reason.
      var list = items().filter(function (other) { return !other.classList.contains("deciding"); });
      var after = list.filter(function (other) {
        return item.compareDocumentPosition(other) & Node.DOCUMENT_POSITION_FOLLOWING;
      });
      var next = after[0] || list[list.length - 1];
      if (next) { next.focus(); }
      // in words, as the item shows them: "Accepted scope “Exempt: 287(g) agreement” for <title>."
      var chosen = action === "correct" ? form.querySelector("select[name=corrected]") : null;
      var words = chosen ? chosen.options[chosen.selectedIndex].text
                         : ((item.querySelector(".suggested") || {}).textContent || "");
      var title = (item.querySelector(".qi-head a") || {}).textContent || "";
      function failed(reason) {
        item.classList.remove("deciding");
        setText("queue-status", "Not saved: " + reason);
        item.focus();
      }
      // form.action would be the buttons named "action", not the address
      fetch(form.getAttribute("action"), {method: "POST", body: data, credentials: "same-origin",
                          headers: {"X-CSRFToken": csrfToken(), "Accept": "application/json"}})
        .then(function (r) { return r.json().then(function (body) { return {ok: r.ok, body: body}; }); })
        .then(function (res) {
          if (!res.ok) {
            failed((res.body.message || "error") + (res.body.hint ? " " + res.body.hint : ""));
            return;
          }
          var wasFocused = document.activeElement === item;
          item.remove();
          setText("queue-status", "Saved. " + (DONE[action] || action) + " " + res.body.kind + " “" +
                  (words || res.body.value) + "” for " + (title || "document " + res.body.id) + ".");
          // an unsure tag stays pending (it is still awaiting review); the others leave the count
          var total = document.getElementById("queue-total");
          var left = total ? parseInt(total.textContent, 10) : NaN;
          if (action !== "unsure" && !isNaN(left) && left > 0) { total.textContent = left - 1; }
          if (!items().length) { window.location.reload(); }
          else if (wasFocused) { items()[0].focus(); }
        })
        .catch(function (err) { failed(err); });
    }

    queue.addEventListener("submit", function (event) {
      var form = event.target;
      var item = form.closest(".queue-item");
      if (!item || !event.submitter) { return; }
      event.preventDefault();
      decide(item, form, event.submitter.value);
    });
    queue.addEventListener("keydown", function (event) {
      var item = event.target.closest(".queue-item");
      if (!item || event.target !== item || event.ctrlKey || event.metaKey || event.altKey) { return; }
      var list = items();
      var index = list.indexOf(item);
      var action = {a: "accept", c: "correct", u: "unsure", r: "reject"}[event.key];
      if (action) {
        event.preventDefault();
        var button = item.querySelector('button[value="' + action + '"]');
        if (button) { decide(item, button.form, action); }
      } else if (event.key === "j" && index < list.length - 1) {
        event.preventDefault();
        list[index + 1].focus();
      } else if (event.key === "k" && index > 0) {
        event.preventDefault();
        list[index - 1].focus();
      }
    });
  }

  // Upload: drag and drop, send with fetch, then poll the progress endpoint.
  function setupUpload() {
    var form = document.getElementById("upload-form");
    if (!form) { return; }
    var input = document.getElementById("files");
    var zone = document.getElementById("dropzone");
    var dropped = null;
    ["dragenter", "dragover"].forEach(function (name) {
      zone.addEventListener(name, function (event) { event.preventDefault(); zone.classList.add("over"); });
    });
    ["dragleave", "drop"].forEach(function (name) {
      zone.addEventListener(name, function (event) { event.preventDefault(); zone.classList.remove("over"); });
    });
    zone.addEventListener("drop", function (event) {
      dropped = event.dataTransfer.files;
      zone.querySelector("p").textContent = dropped.length + " file(s) ready to upload";
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var files = dropped && dropped.length ? dropped : input.files;
      if (!files || !files.length) { alert("Choose or drop files first."); return; }
      var data = new FormData();
      var total = 0;
      for (var i = 0; i < files.length; i++) { data.append("files", files[i]); total += files[i].size; }
      var max = parseInt(form.getAttribute("data-max-bytes"), 10);
      if (max && total > max) { alert("The upload is larger than the limit (" + max + " bytes)."); return; }
      document.getElementById("progress").hidden = false;
      setText("progress-status", "uploading");
      fetch(form.action, {method: "POST", body: data, credentials: "same-origin",
                          headers: {"X-CSRFToken": csrfToken(), "Accept": "application/json"}})
        .then(function (r) { return r.json().then(function (body) { return {ok: r.ok, body: body}; }); })
        .then(function (res) {
          if (!res.ok) { setText("progress-status", "failed: " + (res.body.message || "error")); return; }
          var report = document.getElementById("progress-report");
          report.href = res.body.report_url;
          poll(res.body.progress_url);
        })
        .catch(function (err) { setText("progress-status", "failed: " + err); });
    });
  }

  function setText(id, value) {
    var el = document.getElementById(id);
    if (el) { el.textContent = value; }
  }

  function poll(url) {
    fetch(url, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (r) { return r.json(); })
      .then(function (state) {
        document.getElementById("progress-bar").value = state.percent;
        setText("progress-percent", state.percent);
        setText("progress-done", state.done);
        setText("progress-total", state.total);
        setText("progress-pages", state.pages);
        setText("progress-pages-word", state.pages === 1 ? "page" : "pages");   // "1 page", "2 pages"
        setText("progress-files-word", state.total === 1 ? "file" : "files");
        setText("progress-rate", state.pages_per_second);
        setText("progress-failed", state.failed);
        setText("progress-status", state.status + (state.error ? ": " + state.error : ""));
        var list = document.getElementById("progress-failures");
        list.textContent = "";
        (state.failures || []).forEach(function (f) {
          var li = document.createElement("li");
          // the reason, which usually names the file already; its code is a tooltip, not words
          var reason = f.reason || f.code || "failed";
          li.textContent = reason.indexOf(f.file) === 0 ? reason : f.file + ": " + reason;
          if (f.code) { li.title = f.code; }
          list.appendChild(li);
        });
        if (state.status === "done" || state.status === "failed") {
          document.getElementById("progress-report").hidden = false;
          showOutcomes(state.items || []);
          refreshJobs();
        } else {
          setTimeout(function () { poll(url); }, 500);
        }
      })
      .catch(function () { setTimeout(function () { poll(url); }, 2000); });
  }

  // Each file's outcome with a link: the stored document, or the document a duplicate matched.
  function showOutcomes(items) {
    var list = document.getElementById("progress-items");
    if (!list) { return; }
    list.textContent = "";
    items.forEach(function (item) {
      var li = document.createElement("li");
      li.className = "outcome-" + item.status;
      li.appendChild(document.createTextNode(item.file + ": " + item.status + " "));
      var url = item.duplicate_url || item.document_url;
      if (url) {
        var link = document.createElement("a");
        link.href = url;
        link.textContent = item.duplicate_url ? "existing document" : "open";
        li.appendChild(link);
      }
      list.appendChild(li);
    });
  }

  // "Recent ingest jobs" follows jobs started anywhere (another tab, the CLI, a watched folder).
  function refreshJobs() {
    var table = document.getElementById("jobs");
    if (!table) { return; }
    fetch(table.getAttribute("data-url"), {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (body) {
        if (!body) { return; }
        var rows = table.querySelector("tbody");
        rows.textContent = "";
        body.jobs.forEach(function (job) {
          var tr = document.createElement("tr");
          var counts = job.counts || {};
          var number = document.createElement("a");   // the job's number opens its report (first column on a phone)
          number.href = job.report_url;
          number.textContent = job.id;
          number.setAttribute("aria-label", "report of job " + job.id);
          [number, job.created_by, timeElement(job.created_at), job.status, counts.stored || 0,
           counts.duplicate || 0, counts.failed || 0].forEach(function (value) {
            var td = document.createElement("td");
            if (value instanceof Node) { td.appendChild(value); } else { td.textContent = value; }
            tr.appendChild(td);
          });
          var workers = document.createElement("td");   // per-worker throughput, as `accord jobs` prints it
          workers.className = "workers";
          (job.workers || []).forEach(function (w) {
            var line = document.createElement("div");
            line.textContent = w.summary;
            workers.appendChild(line);
          });
          tr.appendChild(workers);
          var report = document.createElement("td");   // the job's report page and its downloads
          report.className = "report";
          [["report", job.report_url], ["CSV", job.csv_url], ["JSON", job.json_url]].forEach(function (pair, i) {
            if (!pair[1]) { return; }
            if (i) { report.appendChild(document.createTextNode(" · ")); }
            var link = document.createElement("a");
            link.href = pair[1];
            link.textContent = pair[0];
            report.appendChild(link);
          });
          tr.appendChild(report);
          rows.appendChild(tr);
        });
      })
      .catch(function () { /* the next round tries again */ });
  }

  function setupJobs() {
    if (!document.getElementById("jobs")) { return; }
    setInterval(function () { if (!document.hidden) { refreshJobs(); } }, 5000);
  }

  // Search results: "Skip to results" lands on the first hit; j/k move between hits.
  function setupHits() {
    var list = document.getElementById("results");
    if (!list) { return; }
    function titles() { return Array.prototype.slice.call(list.querySelectorAll("a.hit-title")); }
    var skip = document.querySelector("a.skip-results");
    if (skip) {
      skip.addEventListener("click", function (event) {
        var first = titles()[0];
        if (first) { event.preventDefault(); first.focus(); }
      });
    }
    document.addEventListener("keydown", function (event) {
      var tag = (event.target.tagName || "").toLowerCase();
      if ((event.key !== "j" && event.key !== "k") || tag === "input" || tag === "textarea" || tag === "select" ||
          event.ctrlKey || event.metaKey || event.altKey) { return; }
      var links = titles();
      if (!links.length) { return; }
      var index = links.indexOf(event.target.closest ? event.target.closest("li.hit") &&
                                event.target.closest("li.hit").querySelector("a.hit-title") : null);
      var next = index < 0 ? 0 : Math.min(links.length - 1, Math.max(0, index + (event.key === "j" ? 1 : -1)));
      event.preventDefault();
      links[next].focus();
      links[next].scrollIntoView({block: "nearest"});
    });
  }

  // Disposition: a batch run goes on in the background; its section polls the run's journal
  // and reloads the page (items, certificates) once the batch is done.
  function setupDispositionRuns() {
    Array.prototype.forEach.call(document.querySelectorAll(".run-progress[data-progress-url]"), function (box) {
      var bar = box.querySelector("progress"), status = box.querySelector(".run-status");
      function pollRun() {
        fetch(box.dataset.progressUrl, {credentials: "same-origin", headers: {"Accept": "application/json"}})
          .then(function (r) { return r.json(); })
          .then(function (state) {
            bar.value = state.percent;
            status.textContent = state.finished + " of " + state.total + " records finished" +
              (state.error ? "; the run stopped: " + state.error + " (run it again)" : "");
            if (state.status === "done" && !state.running) {      // show the result, without following again
              if (window.location.search) { window.location.replace(window.location.pathname + "#batch-" + state.id); }
              else { window.location.reload(); }
              return;
            }
            if (state.running || !state.error) { setTimeout(pollRun, 1000); }
          })
          .catch(function () { setTimeout(pollRun, 2000); });
      }
      pollRun();
    });
  }

  // Bulk edit: "select all N matching" ticks the shown rows too; a running job's page reloads
  // itself until the job is done (the result is then on it).
  function setupBulk() {
    var all = document.getElementById("bulk-all");
    if (all) {
      all.addEventListener("change", function () {
        document.querySelectorAll("input.select-hit").forEach(function (box) { box.checked = all.checked; });
      });
    }
    var action = document.getElementById("bulk-action");
    if (action) {
      // only the fields the chosen action uses (all of them without script)
      var show = function () {
        document.querySelectorAll(".bulk-extra").forEach(function (field) {
          field.hidden = field.getAttribute("data-for") !== action.value;
        });
        // The chosen action's picker (types, scopes, categories, visibility) replaces the free
        // field; a hold's name stays free text.
        var picked = false;
        document.querySelectorAll(".bulk-pick").forEach(function (field) {
          var mine = field.getAttribute("data-for") === action.value;
          field.hidden = !mine;
          field.querySelector("select").disabled = !mine;
          picked = picked || mine;
        });
        var free = document.getElementById("bulk-value");
        free.parentElement.hidden = picked || action.value === "zip";
        free.disabled = picked;
      };
      action.addEventListener("change", show);
      show();
    }
    if (document.getElementById("bulk-progress")) {
      setTimeout(function () { window.location.reload(); }, 1500);
    }
  }

  // Saved views beside the search results: their counts come after the results (one request
  // for all of them) instead of one or two searches per view delaying every search page.
  function fillViewCounts() {
    var list = document.querySelector("ul.saved-views[data-counts-url]");
    if (!list) { return; }
    fetch(list.getAttribute("data-counts-url"), {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (body) {
        if (!body) { return; }
        body.views.forEach(function (view) {
          var item = list.querySelector('li[data-view="' + view.id + '"]');
          if (!item) { return; }
          var total = item.querySelector(".count");
          total.textContent = view.count;
          total.classList.remove("pending");
          var fresh = item.querySelector(".new-count");
          fresh.textContent = view["new"] + " new";
          fresh.hidden = !view["new"];
        });
      })
      .catch(function () { /* the list still opens each view; only the numbers are missing */ });
  }

  document.addEventListener("DOMContentLoaded", function () {
    localiseTimes();
    fillViewCounts();
    setupDispositionRuns();
    setupBulk();
    setupHits();
    setupJobs();
    setupDocument();
    setupReview();
    setupUpload();
  });
}());

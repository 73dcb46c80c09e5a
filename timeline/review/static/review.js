/* The review page's browser code: the run's token on every POST, keyboard shortcuts, the
   cursor in the candidate list, and the passage selected in the article view. */
(function () {
  "use strict";
  var params = new URLSearchParams(window.location.search);
  var token = params.get("token") || window.sessionStorage.getItem("review-token") || "";
  if (params.get("token")) { window.sessionStorage.setItem("review-token", token); }
  if (!token) {
    document.addEventListener("DOMContentLoaded", function () {
      var notice = document.createElement("p");
      notice.setAttribute("role", "alert");
      notice.className = "review-no-token";
      notice.textContent = "This page was opened without the review's token, so every change " +
        "will be refused. Open the address that `timeline review` printed.";
      document.body.insertBefore(notice, document.body.firstChild);
    });
  }
  var plainFetch = window.fetch.bind(window);
  window.fetch = function (input, init) {
    init = init || {};
    var method = String(init.method || (input && input.method) || "GET").toUpperCase();
    if (method !== "GET" && method !== "HEAD") {
      var headers = new Headers(init.headers || {});
      headers.set("X-Review-Token", token);
      init.headers = headers;
    }
    return plainFetch(input, init);
  };

  var BUTTONS = {
    a: "review-accept", r: "review-reject", d: "review-defer", m: "review-merge",
    g: "review-merge-group", u: "review-undo", U: "review-redo"
  };

  function setProps(id, props) {
    if (window.dash_clientside && window.dash_clientside.set_props) {
      window.dash_clientside.set_props(id, props);
    }
  }
  function rows() {
    return Array.prototype.slice.call(
      document.querySelectorAll("#review-candidates input[type=checkbox]"));
  }
  function eventOf(input) { return input.value || null; }
  function mark(input) {
    rows().forEach(function (r) {
      var label = r.closest("label");
      if (label) { label.classList.toggle("review-cursor", r === input); }
    });
  }
  var current = null;
  function setCurrent(input) {
    var id = eventOf(input);
    if (!id) { return; }
    current = id;
    mark(input);
    setProps("review-current", {data: id});
  }
  function move(step) {
    var all = rows();
    if (!all.length) { return; }
    var at = all.findIndex(function (r) { return eventOf(r) === current; });
    var next = all[Math.min(all.length - 1, Math.max(0, at < 0 ? 0 : at + step))];
    next.focus();
    setCurrent(next);
  }

  // Dash sets a row's class itself when the row is ticked ('x') or the list redrawn, which
  // drops the cursor's mark: put it back whenever the list changes (mark changes a class
  // only where it must, so this does not feed itself)
  new MutationObserver(function () {
    if (!current) { return; }
    var row = rows().find(function (r) { return eventOf(r) === current; });
    var label = row && row.closest("label");
    if (label && !label.classList.contains("review-cursor")) { mark(row); }
  }).observe(document.documentElement, {
    subtree: true, childList: true, attributes: true, attributeFilter: ["class"]
  });

  document.addEventListener("focusin", function (e) {
    if (e.target.matches && e.target.matches("#review-candidates input[type=checkbox]")) {
      setCurrent(e.target);
    }
  });
  document.addEventListener("keydown", function (e) {
    var t = e.target;
    if (e.ctrlKey || e.metaKey || e.altKey || e.isComposing) { return; }
    if (t.closest && t.closest("input:not([type=checkbox]), textarea, select, [contenteditable], .dash-dropdown")) {
      return;
    }
    var key = e.key;
    if (Object.prototype.hasOwnProperty.call(BUTTONS, key)) {
      var button = document.getElementById(BUTTONS[key]);
      if (button) { e.preventDefault(); button.click(); }
    } else if (key === "j" || key === "k") {
      e.preventDefault();
      move(key === "j" ? 1 : -1);
    } else if (key === "x") {
      var row = rows().find(function (r) { return eventOf(r) === current; });
      if (row) { e.preventDefault(); row.click(); row.focus(); }
    } else if (key === "e") {
      var title = document.getElementById("review-title");
      if (title) { e.preventDefault(); title.focus(); }
    }
  });

  document.addEventListener("selectionchange", function () {
    var selection = window.getSelection();
    if (!selection || selection.isCollapsed || !selection.rangeCount) { return; }
    var node = selection.getRangeAt(0).commonAncestorContainer;
    var element = node.nodeType === 1 ? node : node.parentElement;
    var box = element && element.closest("#review-article [data-source]");
    if (!box) { return; }
    setProps("review-selection", {
      data: {source: box.getAttribute("data-source"), text: selection.toString()}
    });
  });

  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    review: {
      /* After the list is redrawn, keep the cursor on the current event (and focus there
         when focus was in the list or lost), so the keyboard never loses its place. */
      focusCurrent: function (options, id) {
        current = id || current;
        window.requestAnimationFrame(function () {
          var all = rows();
          var row = all.find(function (r) { return eventOf(r) === current; }) || all[0];
          if (!row) { return; }
          mark(row);
          var active = document.activeElement;
          if (!active || active === document.body || active.closest("#review-candidates, .review-toolbar")) {
            row.focus();
          }
          if (eventOf(row) !== id) { setCurrent(row); }
        });
        return window.dash_clientside.no_update;
      }
    }
  });
})();

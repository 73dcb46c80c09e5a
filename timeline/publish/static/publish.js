/* The published page's behaviour: filters that highlight, the event list, the provenance
   panel, the view in the URL fragment and the page's height for an embedding page.
   Text from the data is only ever set as text (textContent), never parsed as markup. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("timeline-data").textContent);
  var chart = document.getElementById("chart");
  var form = document.getElementById("filters");
  var count = document.getElementById("count");
  var details = document.getElementById("details");
  var byId = {};
  var byRow = {};
  data.events.forEach(function (event) {
    byId[event.id] = event;
    byRow[event.row] = event;
    event.haystack = [event.title, event.summary]
      .concat(event.quotes.map(function (q) { return q.text; }))
      .join("\n")
      .toLowerCase();
  });
  /* The events' dots come as plotly.js typed-array specs (base64), and their hover texts once
     for all widths, by row: made whole here, for plotly.js and for the lookups below. */
  var ARRAYS = { f8: Float64Array, f4: Float32Array, i4: Int32Array, u4: Uint32Array,
    i2: Int16Array, u2: Uint16Array, i1: Int8Array, u1: Uint8Array };
  function decoded(spec) {
    if (!spec || Array.isArray(spec) || !spec.bdata) return spec;
    var bytes = Uint8Array.from(atob(spec.bdata), function (c) { return c.charCodeAt(0); });
    return Array.from(new ARRAYS[spec.dtype](bytes.buffer));
  }
  data.figures.forEach(function (figure) {
    figure.data.forEach(function (trace) {
      if (trace.meta !== data.dots) return;
      trace.customdata = decoded(trace.customdata);
      trace.x = decoded(trace.x);
      trace.y = decoded(trace.y);
      trace.hovertext = trace.customdata.map(function (row) { return data.hover[row] || ""; });
    });
  });
  var perEvent = data.figures[0].data.some(function (t) { return t.meta === data.dots; });
  var state = { actor: [], theme: [], q: "", event: null };
  var drawnWidth = null;

  /* ---- the view in the fragment: the app's parameter names (actor, theme, q, event) ---- */
  function readFragment() {
    var hash = window.location.hash.replace(/^#/, "");
    if (hash && hash.indexOf("=") < 0) return false;  /* an anchor (#events), not a view */
    var params = new URLSearchParams(hash);
    state.actor = params.getAll("actor").filter(function (a) { return data.actors.indexOf(a) >= 0; });
    state.theme = params.getAll("theme").filter(function (t) { return data.themes.indexOf(t) >= 0; });
    state.q = (params.get("q") || "").slice(0, 200);
    var event = params.get("event");
    state.event = event && byId[event] ? event : null;
    return true;
  }

  function writeFragment() {
    var params = new URLSearchParams();
    state.actor.forEach(function (a) { params.append("actor", a); });
    state.theme.forEach(function (t) { params.append("theme", t); });
    if (state.q.trim()) params.set("q", state.q);
    if (state.event) params.set("event", state.event);
    var hash = params.toString().replace(/\+/g, "%20");
    var url = window.location.pathname + window.location.search + (hash ? "#" + hash : "");
    try {
      window.history.replaceState(null, "", url);
    } catch (err) {
      /* some sandboxed frames refuse it: the view still works, it is just not in the URL */
    }
  }

  /* ---- which events match: the app's rules (any chosen actor, any chosen theme, every word) */
  function terms() {
    var seen = {};
    return state.q.toLowerCase().split(/\s+/).filter(function (w) {
      if (!w || seen[w]) return false;
      seen[w] = true;
      return true;
    });
  }

  function anyOf(chosen, names) {
    return !chosen.length || names.some(function (n) { return chosen.indexOf(n) >= 0; });
  }

  function matches(event, words) {
    return anyOf(state.actor, event.actors) && anyOf(state.theme, event.themes) &&
      words.every(function (w) { return event.haystack.indexOf(w) >= 0; });
  }

  function filtered() {
    return state.actor.length || state.theme.length || terms().length;
  }

  /* which events match the filters, by row: worked out once per change of the filters,
     read by the list and the chart alike */
  var matchedFor = null;
  var matched = {};
  function matchedRows() {
    var key = JSON.stringify([state.actor, state.theme, state.q]);
    if (key !== matchedFor) {
      var words = terms();
      matched = {};
      data.events.forEach(function (e) { matched[e.row] = matches(e, words); });
      matchedFor = key;
    }
    return matched;
  }

  /* ---- the chart: the layout drawn for the widest width that fits, faded where no match ---- */
  function figureFor(width) {
    var chosen = data.figures[0];
    data.figures.forEach(function (f) { if (f.min <= width) chosen = f; });
    return chosen;
  }

  function drawChart() {
    if (!window.Plotly) return;
    var figure = figureFor(chart.clientWidth || window.innerWidth);
    /* a density chart does not change with the filters: drawn again only for another width */
    if (!perEvent && drawnWidth === figure.min) return;
    var on = matchedRows();
    var any = filtered();
    var traces = figure.data.map(function (trace) {
      /* bars, bands and connectors cannot be faded event by event: all of them are, while
         filtering, so that only the matching events' dots and labels stand out */
      if (any && perEvent && trace.meta !== data.dots && trace.hoverinfo === "skip" &&
          trace.showlegend === false) {
        return Object.assign({}, trace, { opacity: 0.2 * (trace.opacity === undefined ? 1 : trace.opacity) });
      }
      if (!any || trace.meta !== data.dots) return trace;
      var keep = [];
      for (var i = 0; i < trace.customdata.length; i++) if (on[trace.customdata[i]]) keep.push(i);
      return Object.assign({}, trace, {
        selectedpoints: keep,
        unselected: { marker: { opacity: 0.15 } },
      });
    });
    var ring = { x: [], y: [] };
    var openEvent = state.event && byId[state.event];
    if (openEvent) {
      figure.data.forEach(function (trace) {
        if (trace.meta !== data.dots) return;
        trace.customdata.forEach(function (row, i) {
          if (row === openEvent.row) { ring.x.push(trace.x[i]); ring.y.push(trace.y[i]); }
        });
      });
    }
    traces = traces.concat([{
      type: "scatter", mode: "markers", x: ring.x, y: ring.y, name: "open event",
      marker: { symbol: "circle-open", size: 20, color: "#000", line: { width: 2.5 } },
      hoverinfo: "skip", showlegend: false,
    }]);
    var layout = Object.assign({}, figure.layout, { template: data.template });
    layout.annotations = (figure.layout.annotations || []).map(function (a) {
      var row = /^event-label:(\d+)$/.exec(a.name || "");
      if (!row) return a;
      var faded = any && !on[row[1]];
      var open = state.event && byRow[row[1]] && byRow[row[1]].id === state.event;
      return Object.assign({}, a, {
        opacity: faded ? 0.25 : 1,
        font: Object.assign({}, a.font, open ? { color: "#000" } : {}),
        bgcolor: open ? "#ffe58a" : a.bgcolor,
      });
    });
    Plotly.react(chart, traces, layout, {
      displayModeBar: false,
      responsive: true,
      scrollZoom: false,
      showSendToCloud: false,
      showEditInChartStudio: false,
      showLink: false,
    });
    drawnWidth = figure.min;
  }

  /* ---- the list and the count ---- */
  var items = Array.from(document.querySelectorAll(".event-list > li")).map(function (li) {
    return { li: li, event: byRow[li.getAttribute("data-row")], button: li.querySelector("button"),
      open: false };
  });
  function drawList() {
    var shown = 0;
    var matching = matchedRows();
    items.forEach(function (item) {
      var on = matching[item.event.row];
      var open = item.event.id === state.event;
      if (item.li.hidden === (on || open)) item.li.hidden = !(on || open);  /* the open one stays */
      item.li.classList.toggle("is-outside", open && !on);
      if (on) shown += 1;
      if (open !== item.open) {
        item.open = open;
        item.button.setAttribute("aria-expanded", open ? "true" : "false");
        item.li.classList.toggle("is-open", open);
      }
    });
    document.querySelector(".events .none").hidden = shown > 0;
    var total = data.events.length;
    count.textContent = !filtered() ? total + " events"
      : shown + " of " + total + " events match" + (perEvent
        ? "; the others are faded on the chart"
        : "; the chart counts every published event (too many to draw one by one)");
    form.querySelectorAll("[data-chosen]").forEach(function (span) {
      var n = state[span.getAttribute("data-chosen")].length;
      span.textContent = n ? "(" + n + ")" : "";
    });
  }

  /* ---- the provenance panel ---- */
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function sourceOf(n) {
    for (var i = 0; i < data.sources.length; i++) if (data.sources[i].n === n) return data.sources[i];
    return null;
  }

  function quoteBlock(quote) {
    var article = el("article", "excerpt");
    var source = sourceOf(quote.n);
    var cite = el("p", "excerpt-source");
    var link = el("a", "cite-number", "[" + quote.n + "]");
    link.href = "#source-" + quote.n;
    link.addEventListener("click", function (e) {
      e.preventDefault();
      var target = document.getElementById("source-" + quote.n);
      if (!target) return;
      /* a way back to the quote the reader came from, as a footnote's return link */
      var back = target.querySelector(".back") || target.appendChild(el("button", "back"));
      back.type = "button";
      back.textContent = "Back to the quote";
      back.onclick = function () { link.focus(); back.remove(); };
      target.setAttribute("tabindex", "-1");
      target.focus();
    });
    cite.appendChild(link);
    if (source) {
      cite.appendChild(document.createTextNode(" "));
      cite.appendChild(el("cite", null, source.title));
      var said = [source.outlet, source.published].filter(Boolean).join(", ");
      if (said) cite.appendChild(document.createTextNode(", " + said));
    }
    article.appendChild(cite);
    var block = el("blockquote", "excerpt-text");
    if (quote.context) {
      var a = quote.mark[0], b = quote.mark[1];
      block.appendChild(document.createTextNode(quote.context.slice(0, a)));
      block.appendChild(el("mark", null, quote.context.slice(a, b)));
      block.appendChild(document.createTextNode(quote.context.slice(b)));
    } else {
      block.appendChild(el("mark", null, quote.text));
    }
    article.appendChild(block);
    return article;
  }

  function chips(label, names) {
    var p = el("p", "chips");
    p.appendChild(el("span", "chip-label", label + ": "));
    p.appendChild(document.createTextNode(names.length ? names.join(", ") : "none"));
    return p;
  }

  function drawDetails(focus) {
    var event = state.event && byId[state.event];
    details.textContent = "";
    if (!event) {
      details.appendChild(el("h2", null, "What the sources say")).id = "details-heading";
      details.appendChild(el("p", "hint",
        "Choose an event on the chart or in the list to read the exact words of its sources."));
      return;
    }
    details.appendChild(el("h2", "event-heading", event.title)).id = "details-heading";
    details.appendChild(el("p", "event-when", event.date + " · " + event.basis));
    if (event.note) details.appendChild(el("p", "event-note", event.note));
    var editor = el("div", "voice-editor");
    if (event.summary) editor.appendChild(el("p", "event-summary", event.summary));
    editor.appendChild(chips("Actors", event.actors));
    editor.appendChild(chips("Themes", event.themes));
    editor.appendChild(el("p", "voice-note", data.wrote));
    details.appendChild(editor);
    var n = event.quotes.length;
    details.appendChild(el("h3", null, n ? "What the sources say: " + n +
      (n === 1 ? " excerpt" : " excerpts") : "No excerpt: this event is not cited"));
    event.quotes.forEach(function (q) { details.appendChild(quoteBlock(q)); });
    var close = el("button", "close", "Close");
    close.type = "button";
    close.addEventListener("click", function () { open(null, true); });
    details.appendChild(close);
    if (focus) details.focus();
  }

  /* On a phone the panel opens in place, under its row; on a wide page it stays beside the list */
  var home = details.parentNode;
  var narrow = window.matchMedia("(max-width: 759px)");
  /* In an embed the frame is as tall as the page, so a panel beside the list cannot stay in
     view: it opens under its row there too, and the article does not jump */
  var embedded = window.parent !== window;
  if (embedded) document.body.classList.add("is-embedded");
  function placeDetails() {
    var row = state.event && document.querySelector(
      '.event-list li[data-row="' + byId[state.event].row + '"]');
    if ((narrow.matches || embedded) && row) row.appendChild(details);
    else if (details.parentNode !== home) home.appendChild(details);
  }

  function open(id, focus) {
    var before = state.event;
    state.event = id && byId[id] ? id : null;
    writeFragment();
    drawList();
    placeDetails();
    drawDetails(focus);
    if (before !== state.event) drawChart();
    if (!state.event && focus && before) {
      var back = document.querySelector('.event-row[data-event="' + CSS.escape(before) + '"]');
      if (back) back.focus();
    }
  }

  /* ---- inputs ---- */
  function readForm() {
    state.actor = Array.from(form.querySelectorAll('input[name="actor"]:checked')).map(function (i) { return i.value; });
    state.theme = Array.from(form.querySelectorAll('input[name="theme"]:checked')).map(function (i) { return i.value; });
    state.q = form.querySelector('input[name="q"]').value.slice(0, 200);
  }

  function writeForm() {
    form.querySelectorAll('input[type="checkbox"]').forEach(function (box) {
      box.checked = state[box.name].indexOf(box.value) >= 0;
    });
    form.querySelector('input[name="q"]').value = state.q;
  }

  function refresh() {
    writeFragment();
    drawList();
    drawChart();
  }

  form.addEventListener("change", function (e) {
    if (e.target.name === "q") return;  /* the words have their own, paused, listener */
    readForm();
    refresh();
  });
  var typing = null;  /* words are applied once the reader pauses, not at every key */
  form.addEventListener("input", function (e) {
    if (e.target.name !== "q") return;
    window.clearTimeout(typing);
    typing = window.setTimeout(function () { readForm(); refresh(); }, 200);
  });
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  form.addEventListener("reset", function () {
    window.setTimeout(function () { readForm(); refresh(); }, 0);
  });
  document.querySelector(".event-list").addEventListener("click", function (e) {
    var button = e.target.closest(".event-row");
    if (!button) return;
    var id = button.getAttribute("data-event");
    open(state.event === id ? null : id, true);
  });
  var skip = document.querySelector(".skip");
  if (skip) {
    skip.addEventListener("click", function (e) {
      e.preventDefault();  /* #events in the address would read as an empty view */
      document.getElementById("events").focus();
    });
  }
  document.addEventListener("keydown", function (e) {
    if (e.key !== "Escape") return;
    var facet = e.target.closest && e.target.closest("details.facet");
    if (facet && facet.open) {
      facet.open = false;
      facet.querySelector("summary").focus();
    } else if (state.event) {
      open(null, true);
    }
  });
  window.addEventListener("hashchange", function () {
    if (!readFragment()) return;
    writeForm();
    drawList();
    placeDetails();
    drawDetails(false);
    drawChart();
  });

  /* ---- the page's height, for an embedding page (as Datawrapper's and Flourish's embeds) ---- */
  var lastHeight = 0;
  function postHeight() {
    if (window.parent === window) return;
    var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height === lastHeight) return;
    lastHeight = height;
    var message = {};
    message[data.message] = height;
    window.parent.postMessage(message, "*");
  }

  narrow.addEventListener("change", placeDetails);
  readFragment();
  writeForm();
  drawList();
  placeDetails();
  drawDetails(false);
  drawChart();
  chart.on && chart.on("plotly_click", function (e) {
    var point = e && e.points && e.points[0];
    /* a density cell's customdata is its count, not an event */
    var event = point && point.data && point.data.meta === data.dots && byRow[point.customdata];
    if (event) open(event.id, true);
  });
  chart.on && chart.on("plotly_clickannotation", function (e) {
    var row = /^event-label:(\d+)$/.exec((e && e.annotation && e.annotation.name) || "");
    if (row && byRow[row[1]]) open(byRow[row[1]].id, true);
  });
  new ResizeObserver(function () {
    if (figureFor(chart.clientWidth).min !== drawnWidth) drawChart();
    postHeight();
  }).observe(document.body);
  postHeight();
})();

/* Page load, in two steps that both start when Dash requests the page's layout.

   1. Dash fetches the layout from _dash-layout, without the page's address. The query string
      and the window's width are sent along, so the server draws the requested view into the
      layout and the chart is drawn once (see timeline/web/first_view.py).
   2. plotly.js (the vendored basic bundle the page's head preloads) is started then, so
      it compiles while the server renders the layout. Until it has, window.Plotly is a
      promise of it: dcc.Graph waits for that instead of fetching Dash's own, larger bundle
      (see timeline/web/compat.py). Code that calls Plotly itself awaits it first:
      Promise.resolve(window.Plotly).then(...). */
(function () {
  function loadPlotly() {
    const link = document.getElementById("plotly-bundle");
    if (!link || window.Plotly) {
      return; // no vendored bundle: dcc.Graph loads Dash's own, as usual
    }
    function start(src, resolve, reject) {
      const script = document.createElement("script");
      script.src = src;
      script.onload = function () {
        resolve(window.Plotly); // the bundle has replaced the promise with Plotly itself
      };
      script.onerror = reject;
      document.head.appendChild(script);
    }
    const loaded = new Promise(function (resolve, reject) {
      start(link.href, resolve, function (error) {
        // the vendored bundle failed: Dash's own, as dcc.Graph would have loaded it
        const fallback = window._dashPlotlyJSURL;
        return fallback ? start(fallback, resolve, reject) : reject(error);
      });
    });
    window.Plotly = { then: loaded.then.bind(loaded) };
  }

  const original = window.fetch;
  window.fetch = function (input, init) {
    if (typeof input === "string" && /(^|\/)_dash-layout$/.test(input)) {
      input += window.location.search;
      const headers = new Headers((init && init.headers) || {});
      headers.set("X-Timeline-Viewport", String(window.innerWidth));
      init = Object.assign({}, init, { headers: headers });
      const request = original.call(this, input, init);
      loadPlotly();
      return request;
    }
    return original.call(this, input, init);
  };
})();

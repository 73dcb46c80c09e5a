/* Dash fetches the page's layout from _dash-layout, without the page's address. Send the
   query string and the window's width along, so the server can draw the requested view into
   the layout and the chart is drawn once on load (see timeline/first_view.py). */
(function () {
  const original = window.fetch;
  window.fetch = function (input, init) {
    if (typeof input === "string" && /(^|\/)_dash-layout$/.test(input)) {
      input += window.location.search;
      const headers = new Headers((init && init.headers) || {});
      headers.set("X-Timeline-Viewport", String(window.innerWidth));
      init = Object.assign({}, init, { headers: headers });
    }
    return original.call(this, input, init);
  };
})();

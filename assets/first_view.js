/* Page load: the chart drawn once, as the page's address asks (see timeline/web/first_view.py).

   Dash fetches the layout from _dash-layout, without the page's address. The query string
   and the window's width are sent along, so the server draws the requested view into the
   layout and the view callback's first call leaves it alone. */
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

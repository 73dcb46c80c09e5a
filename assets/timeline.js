// Clientside callbacks of the timeline app (registered from timeline/web/callbacks.py and
// timeline/web/components/export_control.py as dash_clientside.timeline.<name>).
// Component ids used here are those of timeline/web/ids.py; a test keeps them in step.
window.dash_clientside = Object.assign({}, window.dash_clientside, {
    timeline: {
        // Once per page: a plain left click on a list row sets the URL's search through Dash
        // (the Location pushes history without a reload and the URL-driven callbacks open the
        // details). Unlike dcc.Link this keeps the scroll position; modified clicks still
        // open a new tab.
        listLinks: function (_) {
            if (!window.timelineListLinks) {
                window.timelineListLinks = true;
                document.addEventListener('click', function (e) {
                    const link = e.target.closest && e.target.closest('#event-list a.list-item');
                    if (!link || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) {
                        return;
                    }
                    e.preventDefault();
                    window.dash_clientside.set_props('url', {search: link.getAttribute('href')});
                });
            }
            return window.dash_clientside.no_update;
        },

        // The "Events shown" rows, from the server's plain data (timeline/web/components/
        // event_list.py): li > a.list-item > four spans, every text set as text. Rows are
        // updated in place, as React would, so a focused row keeps its focus.
        listRows: function (rows) {
            const list = document.getElementById('event-rows');
            if (!list) { return; }
            rows = Array.isArray(rows) ? rows : [];
            const parts = [['list-date', 'date'], ['list-title-text', 'title'],
                           ['list-actors', 'actors'], ['list-sources', 'sources']];
            rows.forEach(function (row, i) {
                let item = list.children[i];
                if (!item) {
                    item = document.createElement('li');
                    const link = document.createElement('a');
                    parts.forEach(function (part) {
                        const span = document.createElement('span');
                        span.className = part[0];
                        link.appendChild(span);
                    });
                    item.appendChild(link);
                    list.appendChild(item);
                }
                const link = item.firstChild;
                link.className = row.selected ? 'list-item is-selected' : 'list-item';
                link.setAttribute('href', String(row.href));
                link.setAttribute('data-event', String(row.id));
                if (row.selected) {
                    link.setAttribute('aria-current', 'true');
                } else {
                    link.removeAttribute('aria-current');
                }
                parts.forEach(function (part, k) {
                    link.children[k].textContent = String(row[part[1]]);
                });
            });
            while (list.children.length > rows.length) { list.lastChild.remove(); }
        },

        viewportWidth: function (_) {
            return window.innerWidth;
        },

        // On narrow screens the details panel is below the chart: bring it into view.
        scrollToDetails: function (cls) {
            if (cls && cls.indexOf('is-open') >= 0 && window.innerWidth < 1100) {
                const panel = document.getElementById('details-panel');
                if (panel) { panel.scrollIntoView({behavior: 'smooth', block: 'start'}); }
            }
            return window.dash_clientside.no_update;
        },

        // Only real zooms reach the view callback (a no-op reply could supersede a pending draw).
        zoomFromRelayout: function (r) {
            const none = window.dash_clientside.no_update;
            if (!r) { return none; }
            if (r['xaxis.autorange']) { return {range: null}; }
            if ('xaxis.range[0]' in r) {
                return {range: [r['xaxis.range[0]'], r['xaxis.range[1]']]};
            }
            if (Array.isArray(r['xaxis.range'])) { return {range: r['xaxis.range']}; }
            return none;
        },

        // Reads the zoom the user sees; null means "everything" (autorange).
        exportRequest: function (clicks) {
            if (!clicks) { return window.dash_clientside.no_update; }
            const gd = document.querySelector('#timeline-graph .js-plotly-plot');
            const axis = gd && gd.layout && gd.layout.xaxis;
            const range = axis && !axis.autorange && axis.range ? axis.range.map(String) : null;
            return {clicks: clicks, range: range};
        },

        // Renders the server's figure to a PNG download; the promise resolves to the file name.
        // window.Plotly may still be the promise of the bundle (assets/first_view.js): await it.
        downloadImage: function (job) {
            if (!job || !job.figure) { return window.dash_clientside.no_update; }
            const figure = {data: job.figure.data, layout: job.figure.layout};
            return Promise.resolve(window.Plotly).then(function () {
                return window.Plotly.downloadImage(figure, {
                    format: 'png', width: job.width, height: job.height, scale: job.scale,
                    filename: job.filename
                });
            }).then(function (name) {
                return 'Downloaded ' + name + ' (' + job.pixels + ').';
            }).catch(function (err) {
                return 'Export failed: ' + (err && err.message ? err.message : err);
            });
        }
    }
});

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

        // Once per page: a click on an event's label does what a click on its dot does. The
        // label is an annotation named "event-label:<row>" (timeline/chart/figure.py) that
        // captures clicks; plotly.js tells only the graph's own listeners, with the annotation
        // as the figure gives it. The click is handed to Dash as the graph's click data, in
        // the form a dot's click has ({points: [{customdata: row}]}), so the same callback
        // opens the event. The graph is hooked when a pointer first goes down on it, which is
        // always before its click and after plotly.js has drawn it.
        labelClicks: function (_) {
            if (!window.timelineLabelClicks) {
                window.timelineLabelClicks = true;
                document.addEventListener('pointerdown', function (e) {
                    const gd = e.target.closest && e.target.closest('#timeline-graph .js-plotly-plot');
                    if (!gd || gd.timelineLabelClicks || typeof gd.on !== 'function') { return; }
                    gd.timelineLabelClicks = true;
                    gd.on('plotly_clickannotation', function (data) {
                        const name = data && data.annotation ? String(data.annotation.name) : '';
                        const row = /^event-label:(\d+)$/.exec(name);
                        if (row) {
                            window.dash_clientside.set_props('timeline-graph',
                                {clickData: {points: [{customdata: Number(row[1])}]}});
                        }
                    });
                }, true);
            }
            return window.dash_clientside.no_update;
        },

        // The "Events shown" rows, from the server's plain data (timeline/web/components/
        // event_list.py): li > a.list-item > four spans, every text set as text. A row is kept
        // (and so keeps focus) only while it shows the same event, as React does with keys.
        listRows: function (rows) {
            const list = document.getElementById('event-rows');
            if (!list) { return; }
            rows = Array.isArray(rows) ? rows : [];
            const parts = [['list-date', 'date'], ['list-title-text', 'title'],
                           ['list-actors', 'actors'], ['list-sources', 'sources']];
            const kept = new Map();
            Array.prototype.forEach.call(list.children, function (item) {
                const link = item.firstElementChild;
                const id = link && link.getAttribute('data-event');
                if (id !== null && !kept.has(id)) { kept.set(id, item); }
            });
            rows.forEach(function (row, i) {
                const id = String(row.id);
                let item = kept.get(id);
                if (item) {
                    kept.delete(id);
                } else {
                    item = document.createElement('li');
                    const made = document.createElement('a');
                    parts.forEach(function (part) {
                        const span = document.createElement('span');
                        span.className = part[0];
                        made.appendChild(span);
                    });
                    item.appendChild(made);
                }
                const link = item.firstElementChild;
                link.className = row.selected ? 'list-item is-selected' : 'list-item';
                link.setAttribute('href', String(row.href));
                link.setAttribute('data-event', id);
                if (row.selected) {
                    link.setAttribute('aria-current', 'true');
                } else {
                    link.removeAttribute('aria-current');
                }
                parts.forEach(function (part, k) {
                    link.children[k].textContent = String(row[part[1]]);
                });
                if (list.children[i] !== item) { list.insertBefore(item, list.children[i] || null); }
            });
            kept.forEach(function (item) { item.remove(); });
        },

        viewportWidth: function (_) {
            return window.innerWidth;
        },

        // On narrow screens the details panel is below the chart: bring it into view. On page
        // load (a linked event) the chart and the list are not drawn yet and would push the
        // panel down after the scroll: it waits for the chart's first draw.
        scrollToDetails: function (cls) {
            const none = window.dash_clientside.no_update;
            if (!(cls && cls.indexOf('is-open') >= 0 && window.innerWidth < 1100)) { return none; }
            const scroll = function (behavior) {
                const panel = document.getElementById('details-panel');
                if (panel) { panel.scrollIntoView({behavior: behavior, block: 'start'}); }
            };
            const drawn = function () {
                return document.querySelector('#timeline-graph .main-svg');
            };
            if (drawn()) {
                scroll('smooth');
                return none;
            }
            const until = Date.now() + 5000;
            const wait = function () {
                if (drawn() || Date.now() > until) {
                    // one more frame: the list and the chart's height are laid out by then
                    requestAnimationFrame(function () { scroll('auto'); });
                } else {
                    requestAnimationFrame(wait);
                }
            };
            requestAnimationFrame(wait);
            return none;
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

// Keyboard, screen-reader and phone access (see timeline/web/access.py).
// 1. Dash 4's option lists render <label role="option"> around native inputs inside
//    role="listbox": interactive inside interactive. The native radios and checkboxes, named
//    by their labels and grouped by a <fieldset>, need no ARIA roles, so those are taken off.
//    The dropdowns' aria-hidden focus relay is taken out of the tab order (the trigger button
//    takes its place) and their popups and search boxes get names.
// 2. Opening an event moves focus to its title; Close or Escape brings it back.
// 3. On phones the filters and the chart fold behind their summaries.
// Component ids are those of timeline/web/ids.py.
(function () {
    const PHONE = window.matchMedia('(max-width: 700px)');
    // returnTo: where focus was before an event opened; pending: the event whose list row
    // should get focus back if the list is redrawn under it (closing changes the URL, which
    // redraws the list and drops focus to the body).
    const focusState = {returnTo: null, event: null, pending: null, until: 0};

    function labelText(id) {
        const label = id && document.querySelector('label[for="' + CSS.escape(id) + '"]');
        return label ? label.textContent.trim() : '';
    }

    function setAttr(el, name, value) {
        if (el.getAttribute(name) !== value) { el.setAttribute(name, value); }
    }

    function fixOptionLists(root) {
        root.querySelectorAll('.dash-options-list[role="listbox"]').forEach(function (el) {
            el.removeAttribute('role');
        });
        root.querySelectorAll('.dash-options-list-option[role], .dash-options-list-option[aria-selected]')
            .forEach(function (el) {
                el.removeAttribute('role');
                el.removeAttribute('aria-selected');
            });
    }

    function fixDropdowns(root) {
        root.querySelectorAll('.dash-dropdown-focus-target').forEach(function (relay) {
            setAttr(relay, 'tabindex', '-1');
        });
        root.querySelectorAll('button.dash-dropdown[id]').forEach(function (button) {
            setAttr(button, 'tabindex', '0');
            setAttr(button, 'aria-haspopup', 'dialog');
            const label = document.querySelector('label[for="' + CSS.escape(button.id) + '"]');
            if (label) {
                if (!label.id) { label.id = button.id + '-label'; }
                setAttr(button, 'aria-labelledby',
                    label.id + ' ' + button.id + '-value-count ' + button.id + '-value');
            }
            const hint = document.getElementById(button.id + '-hint');  // "1,000 to choose..."
            if (hint) { setAttr(button, 'aria-describedby', hint.id); }
            const popup = button.getAttribute('aria-controls');
            const dialog = popup && document.getElementById(popup);
            if (dialog) {
                const name = labelText(button.id) || 'Options';
                setAttr(dialog, 'aria-label', name);
                const search = dialog.querySelector('input.dash-dropdown-search');
                if (search) { setAttr(search, 'aria-label', 'Search ' + name.toLowerCase()); }
            }
        });
    }

    function fixScrollables(root) {
        // a scrolled box must be reachable from the keyboard to be read there
        root.querySelectorAll('.article-text').forEach(function (el) {
            setAttr(el, 'tabindex', '0');
            setAttr(el, 'role', 'region');
            setAttr(el, 'aria-label', 'Whole article');
        });
    }

    function foldForPhone(root) {
        root.querySelectorAll('details[data-phone-collapse]:not([data-folded])').forEach(function (d) {
            d.setAttribute('data-folded', '');
            if (PHONE.matches) { d.open = false; }
        });
    }

    function fixAll() {
        const root = document.body;
        if (!root) { return; }
        fixOptionLists(root);
        fixDropdowns(root);
        fixScrollables(root);
        foldForPhone(root);
        refocus();
    }

    function refocus() {
        if (!focusState.pending) { return; }
        if (Date.now() > focusState.until) { focusState.pending = null; return; }
        if (document.activeElement && document.activeElement !== document.body) { return; }
        const row = listRow(focusState.pending);
        if (row) { row.focus(); }
    }

    let pending = false;
    const observer = new MutationObserver(function () {
        if (pending) { return; }
        pending = true;
        // before the next paint, after React has finished this batch
        Promise.resolve().then(function () {
            pending = false;
            fixAll();
        });
    });
    observer.observe(document.documentElement, {
        childList: true, subtree: true, attributes: true,
        attributeFilter: ['role', 'aria-selected', 'tabindex', 'aria-controls']
    });

    // Focus moved on by the user ends the wait for a redrawn row.
    document.addEventListener('focusin', function (e) {
        const row = e.target.closest && e.target.closest('#event-list a.list-item');
        if (!row || row.getAttribute('data-event') !== focusState.pending) {
            focusState.pending = null;
        }
    });

    PHONE.addEventListener('change', function () {
        document.querySelectorAll('details[data-phone-collapse]').forEach(function (d) {
            d.open = !PHONE.matches;
        });
        const panel = document.getElementById('details-panel');
        setBackgroundInert(PHONE.matches && !!panel && panel.classList.contains('is-open'));
    });

    // A chart shown from its summary lays itself out again at its new size.
    document.addEventListener('toggle', function (e) {
        if (e.target.id === 'chart-region' && e.target.open) {
            window.dispatchEvent(new Event('resize'));
        }
    }, true);

    // A skip link to the folded chart unfolds it first.
    document.addEventListener('click', function (e) {
        const link = e.target.closest && e.target.closest('a[href="#chart-region"]');
        const chart = document.getElementById('chart-region');
        if (link && chart) { chart.open = true; }
    });

    // Escape closes an open event (but first any open dropdown, which handles it itself).
    window.addEventListener('keydown', function (e) {
        if (e.key !== 'Escape' || e.defaultPrevented) { return; }
        if (document.querySelector('.dash-dropdown-content')) { return; }
        const panel = document.getElementById('details-panel');
        const close = document.getElementById('details-close');
        if (panel && close && panel.classList.contains('is-open')) {
            e.preventDefault();
            close.click();
        }
    }, true);

    // On phones the open details cover the page like a dialog: the page behind is inert.
    function setBackgroundInert(inert) {
        document.querySelectorAll('.page-header, .main-column, .skip-links').forEach(function (el) {
            el.inert = inert;
        });
    }

    function eventFromUrl() {
        return new URLSearchParams(window.location.search).get('event');
    }

    function listRow(eventId) {
        if (!eventId) { return null; }
        const rows = document.querySelectorAll('#event-list a.list-item[data-event]');
        for (const row of rows) {
            if (row.getAttribute('data-event') === eventId) { return row; }
        }
        return null;
    }

    window.dash_clientside = Object.assign({}, window.dash_clientside, {
        access: {
            // Input: the details panel's class ("details" or "details is-open").
            focusDetails: function (cls) {
                const none = window.dash_clientside.no_update;
                const panel = document.getElementById('details-panel');
                if (!panel) { return none; }
                const active = document.activeElement;
                if (cls && cls.indexOf('is-open') >= 0) {
                    if (active && active !== document.body && !panel.contains(active)) {
                        focusState.returnTo = active;
                    }
                    focusState.event = eventFromUrl();
                    focusState.pending = null;
                    setBackgroundInert(PHONE.matches);
                    const title = panel.querySelector('#details-title') ||
                        panel.querySelector('.panel-title');
                    if (title) {
                        title.setAttribute('tabindex', '-1');
                        // the panel scrolls itself into view on mid-size screens
                        title.focus({preventScroll: window.innerWidth >= 700 && window.innerWidth < 1100});
                    }
                    return none;
                }
                setBackgroundInert(false);
                if (!active || active === document.body || panel.contains(active)) {
                    let target = focusState.returnTo;
                    if (!target || !target.isConnected) { target = listRow(focusState.event); }
                    if (target) { target.focus(); }
                    focusState.pending = focusState.event;
                    focusState.until = Date.now() + 5000;
                }
                focusState.returnTo = null;
                return none;
            }
        }
    });
})();

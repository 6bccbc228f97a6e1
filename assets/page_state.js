/* The page state in the browser: the other half of dashboard/state.py (read its docstring first).

   Before Dash renders, a URL without region gets the last region a page showed in this browser (the
   "remembered-region" dcc.Store of components/frame.py, kept in localStorage): the URL stays the state's
   only home. Then, at every change of URL, the header's and footer's links keep the shared parameters,
   the menu marks the current page and folds back (under 992 px it opens from the « Menu » button). */
(function () {
    "use strict";

    const REMEMBERED = "remembered-region";

    function remembered() {
        try {
            return JSON.parse(window.localStorage.getItem(REMEMBERED));
        } catch (error) {
            return null;  /* storage refused (private browsing) or not written by the dcc.Store */
        }
    }

    const start = new URL(window.location.href);
    const region = remembered();
    if (!start.searchParams.get("region") && typeof region === "string" && region) {
        start.searchParams.set("region", region);
        window.history.replaceState(window.history.state, "", start);
    }

    /* ``path`` with the parameters of ``shared`` that the current URL sets, then ``extra``. */
    function withState(path, current, shared, extra) {
        const params = new URLSearchParams();
        shared.forEach(function (name) {
            const value = current.searchParams.get(name);
            if (value) { params.set(name, value); }
        });
        Object.keys(extra).forEach(function (name) { params.set(name, extra[name]); });
        const query = params.toString();
        return query ? path + "?" + query : path;
    }

    function markCurrent(pathname) {
        document.querySelectorAll("#site-menu .fr-nav__link").forEach(function (link) {
            if (new URL(link.href, window.location.href).pathname === pathname) {
                link.setAttribute("aria-current", "page");
            } else {
                link.removeAttribute("aria-current");
            }
        });
    }

    /* While the menu's panel is open (a phone's), Tab and Shift+Tab go round its links and buttons, never behind
       it, and Escape closes it, as DSFR's own modal does. */
    function trapMenuFocus(event) {
        const panel = document.getElementById("site-menu");
        if (!panel || !panel.classList.contains("fr-modal--opened")) { return; }
        if (event.key === "Escape") {
            event.preventDefault();
            document.getElementById("site-menu-close").click();
            return;
        }
        if (event.key !== "Tab") { return; }
        const focusable = Array.prototype.filter.call(
            panel.querySelectorAll("a[href], button:not([disabled]), input:not([disabled]), [tabindex='0']"),
            function (element) { return element.offsetParent !== null; });
        if (!focusable.length) { return; }
        const first = focusable[0];
        const last = focusable[focusable.length - 1];
        if (!panel.contains(document.activeElement)) {
            event.preventDefault();
            first.focus();
        } else if (event.shiftKey && document.activeElement === first) {
            event.preventDefault();
            last.focus();
        } else if (!event.shiftKey && document.activeElement === last) {
            event.preventDefault();
            first.focus();
        }
    }
    document.addEventListener("keydown", trapMenuFocus);

    window.dash_clientside = window.dash_clientside || {};
    window.dash_clientside.page_state = {
        links: function (href, shared) {
            const current = new URL(href || window.location.href);
            const ids = window.dash_clientside.callback_context.outputs_list[0].map(function (output) {
                return output.id;
            });
            /* dcc.Link has no aria props: the current page is marked on the links themselves. */
            markCurrent(current.pathname);
            return [
                ids.map(function (id) { return withState(id.path, current, shared || [], {}); }),
                withState("/projection", current, shared || [], {depuis: current.pathname}),
            ];
        },
        remember: function (region) {
            return region || window.dash_clientside.no_update;
        },
        menu: function (_opened, _closed, _href, expanded) {
            const triggered = window.dash_clientside.callback_context.triggered.map(function (t) {
                return t.prop_id;
            });
            const open = triggered.includes("site-menu-toggle.n_clicks") && expanded !== "true";
            const toggle = document.getElementById("site-menu-toggle");
            /* DSFR's panel: opened, it takes the screen as a dialog that keeps the focus (trapMenuFocus); focus
               goes in, and back to the button once closed. */
            let tries = open || expanded === "true" ? 40 : 0;  /* Dash renders the outputs after this returns */
            window.setTimeout(function settle() {
                const panel = document.getElementById("site-menu");
                const target = open ? document.getElementById("site-menu-close") : toggle;
                const shown = panel && panel.classList.contains("fr-modal--opened") === open
                    && target && target.offsetParent !== null;
                if (!shown && tries-- > 0) {
                    window.setTimeout(settle, 25);
                    return;
                }
                if (panel && open) {
                    panel.setAttribute("role", "dialog");
                    panel.setAttribute("aria-modal", "true");
                } else if (panel) {
                    panel.removeAttribute("role");
                    panel.removeAttribute("aria-modal");
                }
                if (shown && (open || expanded === "true")) { target.focus(); }
            }, 0);
            return [open ? "true" : "false",
                    open ? "fr-header__menu fr-modal fr-modal--opened" : "fr-header__menu fr-modal"];
        },
    };
})();

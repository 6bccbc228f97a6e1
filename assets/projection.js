/* Projection mode (dashboard/pages/projection.py): screens drawn in the browser from the data sent once
   (assets/projection-screens.js), so that changing screen and trying a proposal never wait for the server.
   The presenter's page publishes where it is, for the phones that follow it (dashboard/features/projection/follow.py). */
(function () {
    "use strict";

    const P = window.copProjection;
    const pending = [];  /* keys pressed since the last update: quick presses may reach it in one call */
    const HEARTBEAT_MS = 15000;
    const FOLLOW_FAILED = "Les téléphones ne reçoivent plus cet écran : nouvelle tentative…";

    /* Publishing the presenter's position: one request at a time, the latest position sent next, and again
       every HEARTBEAT_MS so that the phones know the presenter is still there. */
    const publisher = {region: null, latest: null, sending: false, again: false, timer: null};

    function say(text) {
        const status = document.getElementById("projection-follow");
        if (status && status.textContent !== text) { status.textContent = text; }
    }

    function send() {
        if (publisher.sending) { publisher.again = true; return; }
        publisher.sending = true;
        publisher.again = false;
        clearTimeout(publisher.timer);
        fetch("/projection/position/" + encodeURIComponent(publisher.region), {
            method: "POST", credentials: "same-origin", headers: {"Content-Type": "application/json"},
            body: JSON.stringify(publisher.latest),
        }).then(function (response) {
            /* refused: the server says why (dashboard/features/projection/follow.py presenting_refusal) */
            return response.status === 403 ? response.text().then(say) : say(response.ok ? "" : FOLLOW_FAILED);
        }, function () { say(FOLLOW_FAILED); }).finally(function () {
            publisher.sending = false;
            if (publisher.again) { send(); } else { publisher.timer = setTimeout(send, HEARTBEAT_MS); }
        });
    }

    /* meeting: the meeting presented (null: the region's whole sequence), whose agenda's screens index counts in */
    function publish(region, index, proposals, meeting) {
        const position = {screen: index + 1, proposals: proposals, meeting: meeting};
        if (publisher.region === region && JSON.stringify(position) === JSON.stringify(publisher.latest)) { return; }
        publisher.region = region;
        publisher.latest = position;
        send();
    }

    function move(index, action, count) {
        if (action === "next") { return Math.min(index + 1, count - 1); }
        if (action === "previous") { return Math.max(index - 1, 0); }
        if (action === "first") { return 0; }
        if (action === "last") { return count - 1; }
        return index;
    }

    function remember(region, index) {
        const params = new URLSearchParams(window.location.search);
        params.set("region", region);
        params.set("ecran", String(index + 1));
        window.history.replaceState(window.history.state, "", window.location.pathname + "?" + params.toString());
    }

    window.dash_clientside = window.dash_clientside || {};
    window.dash_clientside.projection = {
        update: function (command, slider, previousClicks, nextClicks, data, view, index, proposals) {
            const triggered = (window.dash_clientside.callback_context.triggered || []).map(t => t.prop_id);
            const count = data.screens.length;
            index = Math.max(0, Math.min(index || 0, count - 1));
            proposals = proposals || {};
            if (triggered.includes("projection-previous.n_clicks")) { index = move(index, "previous", count); }
            if (triggered.includes("projection-next.n_clicks")) { index = move(index, "next", count); }
            pending.splice(0).forEach(function (action) {
                const subject = P.describe(data, index, proposals, view.read_only).subject;
                index = move(index, action, count);
                if (subject && ["more", "less", "reset"].includes(action)) {
                    const now = P.proposedValue(data, proposals, subject);
                    const target = action === "reset" ? 0 : now + (action === "more" ? 1 : -1) * subject.key_step;
                    proposals = P.propose(data, proposals, subject, Math.round(target / subject.step) * subject.step);
                }
            });
            const current = P.describe(data, index, proposals, view.read_only).subject;
            if (triggered.includes("projection-slider.value") && current) {
                proposals = P.propose(data, proposals, current, parseFloat(slider) || 0);
            }
            const described = P.describe(data, index, proposals, view.read_only);
            const shown = described.shown, subject = described.subject;
            remember(data.region.code, index);
            if (view.presenter) { publish(data.region.code, index, proposals, view.meeting || null); }
            else if (!view.read_only) { say(view.not_followed); }
            const short = view.public_url + "/p/" + encodeURIComponent(data.region.code) + "/" + (index + 1);
            return [
                index, proposals,
                P.texts(shown),
                shown.visual,
                shown.path ? P.figure(shown.path, shown.sum) : {data: [], layout: {}},
                {display: shown.path ? "block" : "none"},
                shown.path ? P.caption(shown.path, shown.sum) : "",
                {display: subject ? "flex" : "none"},
                subject ? subject.max : 1, subject ? subject.step : 1, described.value, described.said,
                (index + 1) + " / " + count,
                "/projection/qr/" + encodeURIComponent(data.region.code) + "/" + (index + 1) + ".svg",
                short.replace(/^https?:\/\//, ""), short,
            ];
        },
    };

    const KEYS = {
        ArrowRight: "next", ArrowLeft: "previous", PageDown: "next", PageUp: "previous", " ": "next",
        Home: "first", End: "last", ArrowUp: "more", ArrowDown: "less", "+": "more", "=": "more", "-": "less",
        "0": "reset", s: "save", S: "save", f: "fullscreen", F: "fullscreen", Escape: "exit",
    };
    let presses = 0;

    document.addEventListener("keydown", function (event) {
        const root = document.getElementById("projection");
        const action = KEYS[event.key];
        if (!root || !action || event.ctrlKey || event.altKey || event.metaKey) { return; }
        event.preventDefault();
        presses += 1;
        if (action === "exit") {
            window.location.assign(document.getElementById("projection-exit").href);
        } else if (action === "fullscreen") {
            if (document.fullscreenElement) { document.exitFullscreen(); } else { root.requestFullscreen(); }
        } else if (action === "save") {
            if (!root.classList.contains("projection--lecture")) {
                window.dash_clientside.set_props("projection-save-request", {data: {n: presses}});
            }
        } else {
            pending.push(action);
            window.dash_clientside.set_props("projection-command", {data: {n: presses}});
        }
    }, true);
}());

/* A participant's phone (dashboard/features/projection/follow.py): shows the screen the presenter shows, with the
   « et si » proposal, from the region's data inline in the page and the positions of the room's stream.
   The stream reconnects by itself; a watchdog reopens it when nothing came for too long (a phone waking
   from sleep) and the page says clearly when it lost the presenter. */
(function () {
    "use strict";

    const root = document.getElementById("follow");
    if (!root) { return; }
    const P = window.copProjection;
    const data = JSON.parse(document.getElementById("follow-data").textContent);
    const region = root.dataset.region;
    const QUIET_MS = 25000;         /* the server pings every 10 s: this long without news, the stream is dead */
    const PRESENTER_SILENT_S = 45;  /* the presenter's page sends a heartbeat every 15 s */
    const LOST = "Connexion perdue avec l'écran de présentation — nouvelle tentative…";
    const WAITING = "En attente de l'écran de présentation…";
    const FOLLOWING = "Vous suivez l'écran de présentation.";
    const FULL = "Trop de participants connectés : nouvelle tentative dans quelques secondes…";
    /* sequence: the numbers, in the region's sequence, of the screens presented (a meeting's agenda), or null for
       all of them; screen counts in it. */
    let position = {version: 0, screen: parseInt(root.dataset.screen, 10) || 1, proposals: {},
                    sequence: JSON.parse(root.dataset.sequence || "null")};
    let source = null, heard = Date.now(), retry = null;

    /* A Dash html component of assets/projection-screens.js, as a DOM node. */
    function node(component) {
        if (component === null || component === undefined) { return document.createDocumentFragment(); }
        if (Array.isArray(component)) {
            const fragment = document.createDocumentFragment();
            component.forEach(child => fragment.appendChild(node(child)));
            return fragment;
        }
        if (typeof component !== "object") { return document.createTextNode(String(component)); }
        const element = document.createElement(component.type.toLowerCase());
        Object.entries(component.props).forEach(function ([name, value]) {
            if (name === "children") { element.appendChild(node(value)); }
            else if (name === "className") { element.className = value; }
            else if (name === "style") { Object.assign(element.style, value); }
            else if (name !== "id") { element.setAttribute(name, value); }
        });
        return element;
    }

    function fill(id, component) {
        document.getElementById(id).replaceChildren(node(component));
    }

    function draw() {
        const sequence = position.sequence || null;
        const count = sequence ? sequence.length : data.screens.length;
        const at = Math.max(0, Math.min(position.screen - 1, count - 1));
        const index = sequence ? sequence[at] - 1 : at;
        const proposals = position.proposals || {};
        const described = P.describe(data, index, proposals, false);
        const shown = described.shown;
        fill("follow-screen", P.texts(shown));
        fill("follow-visual", shown.visual);
        fill("follow-trajectory", shown.path ? P.caption(shown.path, shown.sum) : "");
        const whatif = document.getElementById("follow-whatif");
        whatif.hidden = !(described.subject && described.value);
        whatif.textContent = whatif.hidden ? "" : "Et si on s'engageait sur " + described.said + " ?";
        document.getElementById("follow-position").textContent = "Écran " + (at + 1) + " / " + count;
        root.dataset.version = String(position.version);
    }

    function say(text, lost) {
        const status = document.getElementById("follow-status");
        status.textContent = text;
        root.classList.toggle("follow--lost", Boolean(lost));
    }

    function listen(name, handle) {
        source.addEventListener(name, function (message) {
            heard = Date.now();
            handle(JSON.parse(message.data));
        });
    }

    function connect() {
        clearTimeout(retry);
        if (source) { source.close(); }
        heard = Date.now();
        source = new EventSource("/suivre/" + encodeURIComponent(region) + "/flux?depuis=" + position.version);
        listen("position", function (received) {
            if (received.version <= position.version) { return; }
            position = received;
            draw();
            say(FOLLOWING, false);
        });
        listen("presence", function (presence) {
            if (presence.silent === null) { say(WAITING, false); }
            else { say(presence.silent > PRESENTER_SILENT_S ? LOST : FOLLOWING, presence.silent > PRESENTER_SILENT_S); }
        });
        listen("fin", connect);  /* the server ends each stream after a while: reconnect at once */
        listen("complet", function () { say(FULL, true); });
        source.onerror = function () {
            say(LOST, true);
            if (source.readyState === EventSource.CLOSED) { retry = setTimeout(connect, 2000); }
        };
    }

    function reviveIfQuiet() {
        if (Date.now() - heard > QUIET_MS) { say(LOST, true); connect(); }
    }

    draw();
    connect();
    setInterval(reviveIfQuiet, 5000);
    document.addEventListener("visibilitychange", function () {
        if (document.visibilityState === "visible") { reviveIfQuiet(); }
    });
}());

/* Dash 4.4's renderer, drawing components that a callback has just put on the page (a page opened by the router,
   a part sent after it), has each of them reset, once drawn, the render counters of the components under it
   (action RESET_COMPONENT_STATE, plotly/dash issues 3846 and 3929, fixed after 4.4.1). A new component has none:
   the reset changes nothing, but each one is an update of Dash's store, after which every component of the page
   checks whether it must be drawn again — for a page of N components, N × N checks (a roadmap of 2 500 components
   spent seconds there before its charts were drawn). The resets that would remove no counter are dropped here;
   the others go through. Nothing of Dash's is copied or modified: the store is wrapped when Dash registers it in
   ``window.dash_stores``. */
(function () {
    "use strict";

    const RESET = "RESET_COMPONENT_STATE";

    function removesNothing(store, action) {
        const path = action.payload && action.payload.itempath;
        const hashes = store.getState().layoutHashes;
        if (!Array.isArray(path) || !hashes) { return false; }
        const prefix = path.join(",");  /* dash-renderer's stringifyPath */
        return !Object.keys(hashes).some(function (key) { return key.startsWith(prefix); });
    }

    function withoutIdleResets(store) {
        const dispatch = store.dispatch;
        store.dispatch = function (action) {
            if (action && action.type === RESET && removesNothing(store, action)) { return action; }
            return dispatch.apply(this, arguments);
        };
    }

    const stores = window.dash_stores = window.dash_stores || [];
    stores.forEach(withoutIdleResets);
    const push = stores.push;
    stores.push = function () {
        Array.prototype.forEach.call(arguments, withoutIdleResets);
        return push.apply(this, arguments);
    };
})();

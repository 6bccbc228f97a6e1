/* Files to import, checked in the browser before they are sent (clientside callbacks of the Données and
   Feuille de route pages).

   The server refuses a request heavier than an import file may be before any callback runs
   (dashboard/serving/request_limits.py): Dash would show nothing. So the browser says it first, with the limit and
   the sentence the page gives it (dcc.Store built by dashboard/importing/uploads.py ``browser_limit``). On the
   Données page the file dropped in one field goes to the server alone (``pending``) and every field is
   emptied, so that no later request carries it again. */
(function () {
    "use strict";

    const MEGABYTES = new Intl.NumberFormat("fr-FR", {minimumFractionDigits: 1, maximumFractionDigits: 1});

    function noUpdate() {
        return window.dash_clientside.no_update;
    }

    /* The French refusal of a data URL over the limit, else null. */
    function refusal(contents, filename, limit) {
        if (typeof contents !== "string" || !limit) {
            return null;
        }
        const encoded = contents.length - contents.indexOf(",") - 1;
        if (encoded <= limit.length) {
            return null;
        }
        return limit.message.replace("{nom}", filename || "fichier")
            .replace("{taille}", MEGABYTES.format(encoded * 3 / 4 / 1e6));
    }

    window.dash_clientside = window.dash_clientside || {};
    window.dash_clientside.uploads = {
        /* Données: [message, the file to send alone or no update, every field's contents]. */
        pending: function (contents, filenames, limit) {
            const context = window.dash_clientside.callback_context;
            const triggered = context.triggered_id;
            const slots = context.inputs_list[0].map(function (item) { return item.id.slot; });
            const index = triggered ? slots.indexOf(triggered.slot) : -1;
            if (index < 0 || !contents[index]) {
                return [noUpdate(), noUpdate(), slots.map(noUpdate)];
            }
            const emptied = slots.map(function () { return null; });
            const refused = refusal(contents[index], filenames[index], limit);
            if (refused) {
                return [refused, noUpdate(), emptied];
            }
            return ["", {slot: triggered.slot, filename: filenames[index], contents: contents[index]}, emptied];
        },
        /* Feuille de route: the refusal of a file over the limit (the server refuses the request itself). */
        refusal: function (contents, filename, limit) {
            return refusal(contents, filename, limit) || noUpdate();
        }
    };
})();

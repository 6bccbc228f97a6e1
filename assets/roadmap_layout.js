/* The roadmap page's layout in the browser (dashboard/features/roadmap/grid_layout.py): the commitments grid shows
   its decision columns (grid.py, SHOWN), or every column when « Afficher toutes les colonnes » is ticked; a visitor
   sees the commitment form only once a commitment is opened, never empty. */
(function () {
    "use strict";
    window.dash_clientside = window.dash_clientside || {};
    window.dash_clientside.roadmapLayout = {
        columns: function (ticked, columns, shown) {
            const all = (ticked || []).length > 0;
            return (columns || []).map(function (column) {
                return Object.assign({}, column, {hide: !all && shown.indexOf(column.field) < 0});
            });
        },
        /* [form hidden, invitation hidden] once the form's commitment changed; an editor's form is always shown. */
        form: function (base, reading) {
            if (!reading) {
                return [window.dash_clientside.no_update, window.dash_clientside.no_update];
            }
            return [!base, Boolean(base)];
        },
    };
})();

// The dash_ag_grid namespace, loaded when a grid comes near the screen (dashboard/serving/grid_bundle.py): pages
// without a grid never download its bundle, and a visitor who reads a page's figures without scrolling down
// to its grid does not either. Dash looks the component up at every render, so this stand-in stays the
// namespace's AgGrid once the bundle has loaded, and draws the real grid inside itself: one component
// type for React, never a remount in the middle of an edit.
(function () {
  if (window.dash_ag_grid) { return; }  // the bundle was listed in the page after all
  var React = window.React;
  var standIn = {};
  var real = null;
  var loading = null;
  var arrived;
  var loaded = new Promise(function (resolve) { arrived = resolve; });  // whoever started the loading
  // How far below (or above) the screen a grid starts loading: about one scroll of a mouse wheel's flick.
  var NEAR = "600px 0px";
  // Static fields Dash reads on a component (persistence, children updates, render type).
  var SKIPPED = ["length", "name", "prototype", "caller", "arguments", "_dashprivate_isLazyComponentReady"];

  function load() {
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = document.querySelector('meta[name="cop-grid-bundle"]').content;
        script.onload = function () {
          real = window.dash_ag_grid;
          window.dash_ag_grid = standIn;
          Object.getOwnPropertyNames(real.AgGrid).forEach(function (field) {
            if (SKIPPED.indexOf(field) < 0) { standIn.AgGrid[field] = real.AgGrid[field]; }
          });
          standIn.getApi = real.getApi;
          standIn.getApiAsync = real.getApiAsync;
          resolve(real);
          arrived(real);
        };
        script.onerror = function () { loading = null; reject(new Error("Tableau indisponible : " + script.src)); };
        document.head.appendChild(script);
      });
    }
    return loading;
  }

  // Starts loading once ``element`` is near the screen (at once without IntersectionObserver); the returned
  // function stops watching.
  function whenNear(element) {
    if (!window.IntersectionObserver) { load(); return function () {}; }
    var observer = new IntersectionObserver(function (entries) {
      if (entries.some(function (entry) { return entry.isIntersecting; })) { observer.disconnect(); load(); }
    }, {rootMargin: NEAR});
    observer.observe(element);
    return function () { observer.disconnect(); };
  }

  standIn.AgGrid = function AgGrid(props) {
    var state = React.useState(real !== null);
    var setLoaded = state[1];
    var placeholder = React.useRef(null);
    React.useEffect(function () {
      if (real !== null) { return undefined; }
      var mounted = true;
      loaded.then(function () { if (mounted) { setLoaded(true); } });
      var stop = whenNear(placeholder.current);
      return function () { mounted = false; stop(); };
    }, []);
    if (real === null) {
      return React.createElement("div", {id: props.id, className: props.className, style: props.style,
                                         role: "status", ref: placeholder, "data-grid-waiting": ""},
                                 "Chargement du tableau…");
    }
    return React.createElement(real.AgGrid, props);
  };
  // Dash waits for this before running a callback that writes to the grid: such a callback loads it at once.
  Object.defineProperty(standIn.AgGrid, "_dashprivate_isLazyComponentReady", {
    get: function () {
      return real ? real.AgGrid._dashprivate_isLazyComponentReady
        : load().then(function () { return real.AgGrid._dashprivate_isLazyComponentReady; });
    },
  });
  window.dash_ag_grid = standIn;
})();

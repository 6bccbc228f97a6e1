// The projection's clientside functions, loaded when the projection page first draws a screen
// (dashboard/features/projection/assets.py): other pages never download its scripts and style sheet. The first call
// fetches them, then hands over to the real functions, which replace this stand-in for the calls after.
(function () {
  var dc = window.dash_clientside = window.dash_clientside || {};
  if (dc.projection) { return; }  // the scripts were listed in the page after all
  var loading = null;

  function fetched(url) {
    return new Promise(function (resolve, reject) {
      var style = /\.css(\?|$)/.test(url);
      var element = document.createElement(style ? "link" : "script");
      if (style) { element.rel = "stylesheet"; element.href = url; } else { element.src = url; element.async = false; }
      element.onload = resolve;
      element.onerror = function () { loading = null; reject(new Error("Mode projection indisponible : " + url)); };
      document.head.appendChild(element);
    });
  }

  function load() {
    if (!loading) {
      var urls = document.querySelector('meta[name="cop-projection"]').content.split(" ");
      loading = Promise.all(urls.map(fetched));  // scripts run in the listed order (async = false)
    }
    return loading;
  }

  dc.projection = {
    update: function () {
      var args = arguments;
      var context = dc.callback_context;  // Dash removes it once this call has returned
      return load().then(function () {
        dc.callback_context = context;
        try { return dc.projection.update.apply(null, args); } finally { delete dc.callback_context; }
      });
    },
  };
})();

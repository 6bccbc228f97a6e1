// Functions the dash-ag-grid grids call by name (« valueFormatter »: {"function": "frenchNumber(params.value)"}).
var dagfuncs = (window.dashAgGridFunctions = window.dashAgGridFunctions || {});

// 1 234,56 — French separators, at most two decimals; empty for a missing value.
dagfuncs.frenchNumber = function (value) {
  if (value === null || value === undefined || value === "") { return ""; }
  return new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 2 }).format(value);
};

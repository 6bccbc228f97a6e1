// Functions the dash-ag-grid grids call by name (« valueFormatter »: {"function": "frenchNumber(params.value)"}).
var dagfuncs = (window.dashAgGridFunctions = window.dashAgGridFunctions || {});

// 1 234,56 — French separators, at most two decimals; empty for a missing value.
dagfuncs.frenchNumber = function (value) {
  if (value === null || value === undefined || value === "") { return ""; }
  return new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 2 }).format(value);
};

// A phone (a screen under 36em) shows the commitments grid as one card per row (features/roadmap/grid.py):
// its columns would not fit.
var PHONE = "(max-width: 36em)";
dagfuncs.onPhone = function () { return window.matchMedia(PHONE).matches; };
dagfuncs.cardHeight = function () { return dagfuncs.onPhone() ? 150 : undefined; };

var dagcomponents = (window.dashAgGridComponentFunctions = window.dashAgGridComponentFunctions || {});
// A commitment as a card: its number and territory, its title, its lever and quantity, its status and review.
dagcomponents.CommitmentCard = function (props) {
  var data = props.data || {};
  var e = window.React.createElement;
  var quantity = dagfuncs.frenchNumber(data.quantity_kt);
  return e("div", {className: "commitment-card", role: "gridcell"},
    e("p", {className: "commitment-card__head"}, "N° " + data.commitment_id + " — " + (data.territory || "")),
    e("p", {className: "commitment-card__title"}, data.title || ""),
    e("p", {className: "commitment-card__detail"},
      (data.lever_label || "") + (quantity ? " · " + quantity + "\u00a0ktCO\u2082e" : "")),
    e("p", {className: "commitment-card__detail"},
      e("span", {className: "commitment-card__status"}, data.status || ""),
      data.review ? " Relecture : " + data.review : ""));
};

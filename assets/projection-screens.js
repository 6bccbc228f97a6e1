/* The projection screens (dashboard/features/projection/screens.py sends their data once): what each screen says and
   shows, and the « et si » arithmetic. Shared by the presenter's page (assets/projection.js) and the phones
   that follow it (assets/follow.js). The words for levels and statuses and the number settings come with
   the data (domain/vocabulary.py), as the pages say them. */
(function () {
    "use strict";

    let words = null, KT0 = null, KT1 = null, PCT = null;  /* set by configure() from the data */
    const COLOURS = {path: "#3a3a3a", observed: "#18753c", proposal: "#000091", objective: "#000091"};
    const START = 2019, TARGET = 2030;

    /* A Dash html component, as a clientside callback may return it. */
    function h(type, props, children) {
        return {type: type, namespace: "dash_html_components", props: Object.assign({}, props, {children: children})};
    }

    function configure(vocabulary) {
        if (words === vocabulary) { return; }
        const locale = vocabulary.numbers.locale;
        words = vocabulary;
        KT0 = new Intl.NumberFormat(locale, {maximumFractionDigits: 0});
        KT1 = new Intl.NumberFormat(locale, {minimumFractionDigits: 1, maximumFractionDigits: 1});
        PCT = new Intl.NumberFormat(locale, {style: "percent", maximumFractionDigits: 0});
    }
    function capital(text) { return text.charAt(0).toUpperCase() + text.slice(1); }

    function number(value) {
        const size = Math.abs(value);
        return (size >= 100 || Number.isInteger(value) ? KT0 : KT1).format(value).replace("-", words.numbers.minus);
    }
    function kt(value) { return number(value) + words.numbers.unit_space + words.numbers.kt; }
    /* A physical change: « 20 milliers de voitures électriques en plus », « 51,8 … en moins ». */
    function change(value, subject) {
        if (subject.unit === words.numbers.kt) { return kt(value) + " évitées en plus"; }
        return quantity(value) + " " + subject.unit + (value === 0 ? "" : subject.sign > 0 ? " en plus" : " en moins");
    }
    function quantity(value) {
        const size = Math.abs(value);
        const digits = size >= 100 || Number.isInteger(value) ? 0 : size >= 1 ? 1 : 2;
        return new Intl.NumberFormat(words.numbers.locale, {maximumFractionDigits: digits}).format(value)
            .replace("-", words.numbers.minus);
    }

    /* Objective, acquired, proposed and remaining of a set of levers. The acquis comes with the data, as the
       Écarts page computes it (domain/progress.py): each observed lever's latest progress; none counts 0. */
    function totals(data, ids, proposals, acquired) {
        const sum = {objective: 0, acquired: acquired || 0, proposed: 0};
        ids.forEach(function (id) {
            sum.objective += data.levers[id].objective;
            sum.proposed += proposals[id] || 0;
        });
        sum.remaining = sum.objective - sum.acquired - sum.proposed;
        return sum;
    }

    function allLevers(data) { return Object.keys(data.levers); }

    function statusSentence(gap, status, observed, count, year) {
        if (gap === null) { return "Aucun levier observé : l'écart à " + words.path + " n'est pas connu."; }
        const where = year ? " en " + year : "";
        const scope = count > 1 ? " (" + observed + " leviers observés sur " + count + ")" : "";
        const statuses = words.statuses;
        if (status === statuses.behind || status === statuses.ahead) {
            return capital(status) + " de " + kt(Math.abs(gap)) + " sur " + words.path + where + scope + ".";
        }
        return capital(statuses.on_track) + " : écart de " + kt(gap) + " à " + words.path + where + scope + ".";
    }

    /* « Acquis observé : −120 ktCO₂e (10 leviers sur 30, observés entre 2021 et 2022). » */
    function acquiredSentence(path) {
        if (path.acquired === null) { return "Acquis observé : aucun (" + path.scope + ")."; }
        return "Acquis observé : " + kt(path.acquired) + (path.scope ? " (" + path.scope + ")." : " en " + path.year + ".");
    }

    /* Why the remaining effort exceeds the objective (a negative acquis), while it does. */
    function excess(subject, sum) {
        return subject.excess && sum.remaining > sum.objective ? [subject.excess] : [];
    }

    function remainingLabel(sum) {
        return sum.remaining >= 0 ? "reste à engager d'ici 2030, sur un objectif de " + kt(sum.objective)
            : "au-delà de l'objectif 2030 de " + kt(sum.objective);
    }

    function gauge(sum, label) {
        const scale = Math.max(sum.objective, sum.acquired + sum.proposed, 1);
        const width = function (v) { return Math.max(0, Math.min(100, 100 * v / scale)) + "%"; };
        const acquired = Math.max(sum.acquired, 0);
        const text = label + " : acquis observé " + kt(sum.acquired) + ", proposé " + kt(sum.proposed) +
            ", reste à engager " + kt(sum.remaining) + ".";
        return h("Div", {className: "projection-gauge", role: "img", "aria-label": text}, [
            h("Div", {className: "gauge-bar"}, [
                h("Span", {className: "gauge-acquired", style: {width: width(acquired)}}),
                h("Span", {className: "gauge-proposed", style: {width: width(Math.max(sum.proposed, 0))}}),
            ]),
            h("Ul", {className: "gauge-legend"}, [
                h("Li", {className: "legend-acquired"}, "acquis " + kt(sum.acquired)),
                h("Li", {className: "legend-proposed"}, "proposé " + kt(sum.proposed)),
                h("Li", {className: "legend-remaining"}, "reste " + kt(sum.remaining)),
            ]),
        ]);
    }

    /* The observed part of a trajectory: its curve when every year holds the same levers, else the acquis alone. */
    function observedPoints(path) {
        if (path.points.length) { return path.points; }
        return path.acquired === null ? [] : [[path.year, path.acquired, 0]];
    }

    function figure(path, sum) {
        const points = observedPoints(path);
        const size = Math.max(12, Math.round(window.innerHeight * 0.021));
        const traces = [
            {x: [START, TARGET], y: [0, sum.objective], mode: "lines", name: "trajectoire vers l'objectif",
             line: {color: COLOURS.path, dash: "dash", width: 3}, hoverinfo: "skip"},
            {x: [TARGET], y: [sum.objective], mode: "markers", name: "objectif 2030", showlegend: false,
             marker: {color: COLOURS.objective, size: size, symbol: "diamond"}, hoverinfo: "skip"},
        ];
        if (points.length) {
            traces.push({x: points.map(p => p[0]), y: points.map(p => p[1]), mode: "lines+markers",
                         name: path.points.length ? "observé" : "acquis observé",
                         line: {color: COLOURS.observed, width: 5}, marker: {size: size * 0.8}, hoverinfo: "skip"});
        }
        if (sum.proposed) {
            const last = points.length ? points[points.length - 1] : [START, 0];
            traces.push({x: [last[0], TARGET], y: [last[1], sum.acquired + sum.proposed], mode: "lines+markers",
                         name: "avec la proposition", line: {color: COLOURS.proposal, dash: "dot", width: 5},
                         marker: {size: [0, size], symbol: "star"}, hoverinfo: "skip"});
        }
        return {data: traces, layout: {
            separators: ", ", font: {family: "Marianne, Arial, sans-serif", size: size, color: "#161616"},
            margin: {l: size * 4.5, r: size, t: size * 2.2, b: size * 2}, paper_bgcolor: "white", plot_bgcolor: "white",
            showlegend: true, legend: {orientation: "h", x: 0, y: 1.02, yanchor: "bottom"},
            xaxis: {range: [START - 0.4, TARGET + 0.4], dtick: 2, fixedrange: true, gridcolor: "#e5e5e5"},
            yaxis: {title: {text: words.numbers.kt + " évitées"}, tickformat: ",.0f", fixedrange: true, gridcolor: "#cecece", zerolinecolor: "#161616",
                    rangemode: "tozero"},
        }};
    }

    function caption(path, sum) {
        const years = path.points.map(p => p[0] + " : " + kt(p[1])).join(", ");
        return "Trajectoire (texte) : objectif " + kt(sum.objective) + " évitées en 2030. " + acquiredSentence(path) +
            (path.points.length > 1 ? " Par année : " + years + "." : "") +
            (sum.proposed ? " Avec la proposition : " + kt(sum.acquired + sum.proposed) + " en 2030." : "");
    }

    function bars(rows, label) {
        const top = Math.max.apply(null, rows.map(r => Math.max(r.total, 1e-9)));
        return h("Ul", {className: "projection-bars", "aria-label": label}, rows.map(function (row) {
            return h("Li", {className: "projection-bar-row"}, [
                h("Span", {className: "bar-name"}, row.name),
                h("Span", {className: "bar-track"}, row.parts.map(part => h("Span", {
                    className: "bar-" + part[0], style: {width: Math.max(0, 100 * part[1] / top) + "%"}}))),
                h("Span", {className: "bar-value"}, row.text),
            ]);
        }));
    }

    /* What the chosen screen says: its texts, its visual, and whether it has a trajectory or a what-if. */
    const SCREENS = {
        region: function (data, screen, proposals) {
            const region = data.region, sum = totals(data, allLevers(data), proposals, region.path.acquired);
            return {
                eyebrow: words.levels.region.title + (region.fictional ? " · données fictives" : ""),
                title: region.name + " : objectif 2030",
                key: kt(region.objective),
                keyLabel: "d'émissions évitées en 2030 par rapport à 2019, " + region.lever_count + " leviers",
                detail: ["Reste à engager d'ici 2030 : " + kt(sum.remaining) +
                         (sum.proposed ? " (dont propositions " + kt(sum.proposed) + ")" : "") + ".",
                         acquiredSentence(region.path), ...excess(region, sum),
                         statusSentence(region.gap, region.status,
                                        region.observed_levers, region.lever_count)],
                visual: gauge(sum, region.name), path: region.path, sum: sum,
            };
        },
        sector: function (data, screen, proposals) {
            const sector = data.sectors[screen.sector], sum = totals(data, sector.levers, proposals, sector.path.acquired);
            return {
                eyebrow: "Secteur", title: sector.name, key: kt(sum.remaining), keyLabel: remainingLabel(sum),
                detail: [acquiredSentence(sector.path), ...excess(sector, sum),
                         statusSentence(sector.gap, sector.status, sector.observed_levers, sector.lever_count)],
                visual: gauge(sum, sector.name), path: sector.path, sum: sum,
                whatif: sector.editable.length ? sector : null,
            };
        },
        levers: function (data, screen, proposals) {
            const sector = data.sectors[screen.sector];
            const rows = sector.levers.map(function (id) {
                const lever = data.levers[id], sum = totals(data, [id], proposals, lever.acquired);
                return {name: lever.name, total: Math.max(lever.objective, sum.acquired + sum.proposed), parts: [
                    ["acquired", Math.max(sum.acquired, 0)], ["proposed", Math.max(sum.proposed, 0)],
                    ["remaining", Math.max(sum.remaining, 0)]],
                    text: "reste " + kt(sum.remaining) + " · " + lever.status +
                        (lever.trend === words.trends.receding ? " · " + lever.trend : ""),
                    remaining: sum.remaining};
            }).sort((a, b) => b.remaining - a.remaining);
            const behind = sector.levers.filter(id => data.levers[id].status === words.statuses.behind).length;
            return {
                eyebrow: "Secteur · leviers", title: sector.name + " : où se joue l'effort",
                key: behind + " sur " + sector.levers.length,
                keyLabel: "leviers " + words.statuses.behind + " sur " + words.path,
                detail: ["Par levier : acquis (vert), proposé (bleu) et reste à engager d'ici 2030 (gris)."],
                visual: bars(rows, "Leviers de " + sector.name + ", reste à engager"),
            };
        },
        lever: function (data, screen, proposals) {
            const lever = data.levers[screen.lever], sum = totals(data, [lever.id], proposals, lever.acquired);
            const detail = [lever.acquired === null
                ? "Aucune observation : l'acquis n'est pas connu et compte pour 0."
                : statusSentence(lever.gap, lever.status, 1, 1, lever.year)];
            if (lever.trend === words.trends.receding || lever.trend === words.trends.stable) {
                detail.push(capital(lever.trend) + " : " + lever.trend_said + ".");
            }
            if (lever.unit !== words.numbers.kt && sum.remaining > 0) {
                detail.push("Reste à engager ≈ " + change(sum.remaining * lever.per_kt, lever) + ".");
            }
            if (!lever.editable) { detail.push("Objectif fixé en dehors de la COP : pas de proposition sur ce levier."); }
            return {
                eyebrow: "Levier · " + lever.sector, title: lever.name, key: kt(sum.remaining),
                keyLabel: remainingLabel(sum), detail: detail, visual: gauge(sum, lever.name),
                path: lever.path, sum: sum, whatif: lever.editable ? lever : null,
            };
        },
        territories: function (data, screen) {
            const lever = data.levers[screen.lever], split = data.territories.levers[lever.id] || [];
            const level = words.levels.departement;
            const rows = split.map(row => ({name: row[0], total: row[1], parts: [["share", row[1]]],
                text: kt(row[1]) + " · " + PCT.format(lever.objective ? row[1] / lever.objective : 0)}));
            return {
                eyebrow: "Levier · territoires", title: lever.name + " : par " + level.singular,
                key: kt(lever.objective),
                keyLabel: "objectif 2030 du levier" + (rows.length ? ", réparti entre " + rows.length + " " + level.plural : ""),
                detail: [(rows.length ? "Part de chaque " + level.singular + " : " : "Par " + level.singular + " : ") +
                         data.territories.label + "."],
                visual: rows.length ? bars(rows, "Objectif du levier par " + level.singular) : null,
            };
        },
    };

    /* Proposals after a what-if move: a lever's own, or a sector's shared among its editable levers. */
    function propose(data, proposals, subject, value) {
        const next = Object.assign({}, proposals);
        const amount = Math.max(0, Math.min(value, subject.max)) / subject.per_kt;
        if (subject.id) { next[subject.id] = amount; return next; }
        const total = subject.editable.reduce((s, id) => s + Math.max(data.levers[id].objective, 0), 0) || 1;
        subject.editable.forEach(function (id) { next[id] = amount * Math.max(data.levers[id].objective, 0) / total; });
        return next;
    }

    function proposedValue(data, proposals, subject) {
        const ids = subject.id ? [subject.id] : subject.editable;
        return ids.reduce((s, id) => s + (proposals[id] || 0), 0) * subject.per_kt;
    }

    /* The screen ``index`` with ``proposals``: what it shows, its what-if subject (none read-only), the
       proposed value in the subject's unit and how to say it. */
    function describe(data, index, proposals, readOnly) {
        configure(data.vocabulary);
        const screen = data.screens[index];
        const shown = SCREENS[screen.kind](data, screen, proposals);
        const subject = readOnly ? null : shown.whatif || null;
        const value = subject ? proposedValue(data, proposals, subject) : 0;
        const said = subject ? change(value, subject) +
            (subject.unit === words.numbers.kt ? "" : " (" + kt(value / subject.per_kt) + ")") : "";
        return {shown: shown, subject: subject, value: value, said: said};
    }

    /* A screen's texts, as Dash components. */
    function texts(shown) {
        return [h("P", {className: "projection-eyebrow"}, shown.eyebrow),
                h("H1", {className: "projection-title"}, shown.title),
                h("P", {className: "projection-key", id: "projection-key"}, shown.key),
                h("P", {className: "projection-key-label"}, shown.keyLabel),
                h("Div", {className: "projection-detail"}, shown.detail.map(text => h("P", {}, text)))];
    }

    window.copProjection = {
        configure: configure, describe: describe, texts: texts, figure: figure, caption: caption,
        propose: propose, proposedValue: proposedValue, screens: SCREENS,
    };
}());

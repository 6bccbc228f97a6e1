// What esbuild builds: ../build/plotly-cop.min.js (defines window.Plotly), from plotly-cop.js. Shared by build.mjs
// (the bundle) and notices.mjs (the licences of what the bundle holds, ../THIRD-PARTY-NOTICES.txt).
export const NOTICES = new URL('../THIRD-PARTY-NOTICES.txt', import.meta.url).pathname;

export const options = {
    entryPoints: [new URL('plotly-cop.js', import.meta.url).pathname],
    bundle: true,
    minify: true,
    format: 'iife',
    globalName: 'Plotly',
    target: 'es2016',
    define: { global: 'window', 'define.amd': 'false', 'process.env.NODE_DEBUG': 'false' },
    // every package's licence is in THIRD-PARTY-NOTICES.txt, which the banner names
    legalComments: 'none',
    banner: { js: '/*! plotly.js (MIT) réduit aux tracés du tableau de bord, et les paquets qu\'il inclut : '
                  + 'licences et mentions dans THIRD-PARTY-NOTICES.txt (dépôt du tableau de bord COP). */' },
    loader: { '.css': 'empty' },  // maplibre's stylesheet: the dashboard draws no tile map
    logLevel: 'warning',
    metafile: true,
};

// The npm packages whose code the bundle holds: [{name, version, directory}], sorted by name.
export function bundledPackages(metafile) {
    const directories = new Set();
    for (const input of Object.keys(metafile.inputs)) {
        const found = input.match(/^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//);
        if (found) directories.add(found[1]);
    }
    return [...directories].map(directory => ({ directory, ...packageOf(directory) }))
        .sort((a, b) => a.name.localeCompare(b.name));
}

import { readFileSync } from 'node:fs';
import { join } from 'node:path';

function packageOf(directory) {
    const described = JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8'));
    return { name: described.name, version: described.version, license: described.license,
             author: described.author };
}

// How a package is named in the notices: « plotly.js 4.1.1 ».
export function title(found) {
    return `${found.name} ${found.version}`;
}

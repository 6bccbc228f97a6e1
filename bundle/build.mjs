// Builds ../build/plotly-cop.min.js (defines window.Plotly). Run by `make` after `npm ci`; the output
// is not committed.
import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';

const output = new URL('../build/plotly-cop.min.js', import.meta.url).pathname;
mkdirSync(new URL('../build/', import.meta.url).pathname, { recursive: true });

await build({
    entryPoints: ['plotly-cop.js'],
    outfile: output,
    bundle: true,
    minify: true,
    format: 'iife',
    globalName: 'Plotly',
    target: 'es2016',
    define: { global: 'window', 'define.amd': 'false', 'process.env.NODE_DEBUG': 'false' },
    legalComments: 'none',
    loader: { '.css': 'empty' },  // maplibre's stylesheet: the dashboard draws no tile map
    logLevel: 'warning',
});

// Builds ../build/plotly-cop.min.js (defines window.Plotly). Run by `make` after `npm ci`; the output
// is not committed. Refuses to build when a package the bundle holds is missing from ../THIRD-PARTY-NOTICES.txt
// (regenerate it with `node notices.mjs` after changing plotly-cop.js or package-lock.json).
import { build } from 'esbuild';
import { mkdirSync, readFileSync } from 'node:fs';
import { NOTICES, bundledPackages, options, title } from './options.mjs';

const output = new URL('../build/plotly-cop.min.js', import.meta.url).pathname;
mkdirSync(new URL('../build/', import.meta.url).pathname, { recursive: true });

const built = await build({ ...options, outfile: output });
const notices = readFileSync(NOTICES, 'utf8');
const missing = bundledPackages(built.metafile).filter(found => !notices.includes(`\n== ${title(found)} ==\n`));
if (missing.length) {
    console.error(`THIRD-PARTY-NOTICES.txt ne nomme pas ${missing.map(title).join(', ')} : lancez « node notices.mjs ».`);
    process.exit(1);
}

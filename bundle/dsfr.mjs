// Builds ../build/dsfr/: the DSFR style sheet the app links (dsfr-cop.min.css, from dsfr-cop.css) and the Marianne
// faces it names. Run by `make` after `npm ci`; the output is not committed.
//
// Only Marianne regular and bold are kept (58 KiB each): the browser draws the other weights from the nearest
// kept face and slants italics itself, so a first visit fetches two fonts, not eight. Icons are inlined.
import { build } from 'esbuild';
import { readFile, rm } from 'node:fs/promises';
import { dirname } from 'node:path';

const KEPT_FACES = ['Marianne-Regular.woff2', 'Marianne-Bold.woff2'];
const outdir = new URL('../build/dsfr/', import.meta.url).pathname;

const keptFaces = {
    name: 'kept-faces',
    setup(build) {
        build.onLoad({ filter: /core\.main\.min\.css$/ }, async (args) => ({
            contents: (await readFile(args.path, 'utf8')).replace(
                /@font-face\{[^}]*\}/g, (rule) => (KEPT_FACES.some((face) => rule.includes(face)) ? rule : '')),
            loader: 'css',
            resolveDir: dirname(args.path),
        }));
    },
};

await rm(outdir, { recursive: true, force: true });
await build({
    entryPoints: { 'dsfr-cop.min': 'dsfr-cop.css' },
    outdir,
    bundle: true,
    minify: true,
    assetNames: '[name]-[hash]',
    loader: { '.woff2': 'file', '.woff': 'file', '.svg': 'dataurl' },
    plugins: [keptFaces],
    legalComments: 'none',
    logLevel: 'warning',
});

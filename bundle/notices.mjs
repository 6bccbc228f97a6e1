// Writes ../THIRD-PARTY-NOTICES.txt: the licence of each npm package whose code the partial plotly.js bundle holds
// (plotly.js and what it includes), then the DSFR's (its style sheet and fonts are served too), as the packages ship them. `node notices.mjs` after `npm ci`, when plotly-cop.js
// or package-lock.json changes; build.mjs refuses to build a bundle holding a package the file does not name.
import { build } from 'esbuild';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NOTICES, bundledPackages, options, title } from './options.mjs';

const LICENCE_FILE = /^(licen[cs]e|copying|notice)(\.(md|txt))?$/i;
const MIT = `Permission is hereby granted, free of charge, to any person obtaining a copy of this software and associated
documentation files (the "Software"), to deal in the Software without restriction, including without limitation the
rights to use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies of the Software, and to permit
persons to whom the Software is furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all copies or substantial portions of the
Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO THE
WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR
COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR
OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.`;

function author(found) {
    const who = found.author;
    return typeof who === 'object' && who !== null ? who.name : (who || `the authors of ${found.name}`);
}

function licence(found) {
    const files = readdirSync(found.directory).filter(name => LICENCE_FILE.test(name)).sort();
    if (files.length) {
        return files.map(name => readFileSync(join(found.directory, name), 'utf8').trim()).join('\n\n');
    }
    if (found.license !== 'MIT') {
        throw new Error(`${title(found)} : aucun fichier de licence, licence « ${found.license} » non reconnue.`);
    }
    return `(The package declares the MIT licence in its package.json and ships no licence file.)\n\n`
        + `Copyright (c) ${author(found)}\n\n${MIT}`;
}

const built = await build({ ...options, write: false, minify: false });
const found = bundledPackages(built.metafile);
const parts = found.map(one => `== ${title(one)} ==\nLicence: ${one.license}\n\n${licence(one)}\n`);
// The State's design system is served too (build/dsfr/, made by dsfr.mjs): its style sheet and the Marianne fonts.
const dsfrDirectory = 'node_modules/@gouvfr/dsfr';
const dsfr = { ...JSON.parse(readFileSync(join(dsfrDirectory, 'package.json'), 'utf8')), directory: dsfrDirectory };
const dsfrPart = `== ${title(dsfr)} ==\nLicence: ${dsfr.license} (style sheet and Marianne fonts served from build/dsfr/)\n`
    + `Copyright (c) ${author(dsfr)}\n\n${licence(dsfr)}\n`;
writeFileSync(NOTICES, `Third-party notices of build/plotly-cop.min.js

The dashboard serves a partial build of plotly.js (bundle/plotly-cop.js: only the traces it draws), made by
bundle/build.mjs from the npm packages pinned in bundle/package-lock.json. That file holds code from the
${found.length} packages below, each under its own licence, reproduced here as the package ships it. This file is
written by \`node bundle/notices.mjs\`; do not edit it by hand.

${parts.join('\n')}
Third-party notice of build/dsfr/

The dashboard serves a partial build of the Système de design de l'État (bundle/dsfr-cop.css: its core and the
components the pages use) and its Marianne fonts, made by bundle/dsfr.mjs from the package below.

${dsfrPart}`);
console.log(`${NOTICES} : ${found.length} paquets.`);

// @ts-check
// Part of `npm run lint`: the docs (README.md, CONTRIBUTING.md, docs/**/*.md)
// hold together with the repository and the manifest.
// - Every relative link and image resolves: the file exists and a #anchor is a
//   heading of the target, slugged as GitHub slugs it (lower case, punctuation
//   dropped, spaces to hyphens, -1, -2… for repeats).
// - Every setting and command package.json contributes is named in README.md
//   or docs/, and every `portZero.…` name the docs use is declared somewhere in
//   package.json (a command, a setting, a view, a context key in a when clause).
// Usage: node scripts/check-docs.mjs [root] (the repository by default).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(process.argv[2] ?? path.dirname(path.dirname(fileURLToPath(import.meta.url))));

/** @param {string} dir @returns {string[]} */
function markdownUnder(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? markdownUnder(p) : e.name.endsWith('.md') ? [p] : [];
  });
}

/** The lines of a Markdown file outside fenced code blocks, code spans blanked, with their numbers. @param {string} text */
function prose(text) {
  /** @type {{ n: number; line: string }[]} */
  const lines = [];
  let fence = '';
  text.split('\n').forEach((line, i) => {
    const marker = /^\s{0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence && marker?.[0] === fence[0] && marker.length >= fence.length) fence = '';
    else if (!fence && marker) fence = marker;
    else if (!fence) lines.push({ n: i + 1, line: line.replace(/(`+)(?:(?!\1).)+?\1/g, (m) => ' '.repeat(m.length)) });
  });
  return lines;
}

/** GitHub's heading ids (github-slugger) plus explicit id/name attributes. @param {string} file */
function anchorsOf(file) {
  const text = fs.readFileSync(file, 'utf8');
  const anchors = new Set();
  const slugs = new Set();
  /** @type {Map<string, number>} */
  const repeats = new Map();
  let fence = '';
  for (const line of text.split('\n')) {
    const marker = /^\s{0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence && marker?.[0] === fence[0] && marker.length >= fence.length) fence = '';
    else if (!fence && marker) fence = marker;
    if (fence || marker) continue;
    for (const m of line.matchAll(/\s(?:id|name)="([^"]+)"/g)) anchors.add(m[1]);
    const heading = /^\s{0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$/.exec(line)?.[1];
    if (heading === undefined) continue;
    const rendered = heading
      .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/<[^>]+>/g, '')
      .replace(/`/g, '');
    const base = rendered.toLowerCase().replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '').replace(/ /g, '-');
    let slug = base;
    while (slugs.has(slug)) {
      const i = (repeats.get(base) ?? 0) + 1;
      repeats.set(base, i);
      slug = `${base}-${i}`;
    }
    slugs.add(slug);
    anchors.add(slug);
  }
  return anchors;
}

/** Link and image targets on a line: inline `](target)`, reference definitions, and HTML src/href. @param {string} line */
function targetsOn(line) {
  const targets = [...line.matchAll(/\]\(\s*(<[^>]*>|[^\s)]+)/g)].map((m) => m[1].replace(/^<|>$/g, ''));
  const definition = /^\s{0,3}\[[^\]]+\]:\s*(\S+)/.exec(line);
  if (definition) targets.push(definition[1]);
  for (const m of line.matchAll(/<(?:img|a)\b[^>]*\s(?:src|href)="([^"]+)"/g)) targets.push(m[1]);
  return targets;
}

const docs = [path.join(root, 'README.md'), path.join(root, 'CONTRIBUTING.md'), ...markdownUnder(path.join(root, 'docs'))].filter((f) => fs.existsSync(f));
/** @type {string[]} */
const problems = [];
/** @type {Map<string, Set<string>>} */
const anchorCache = new Map();

for (const file of docs) {
  const where = path.relative(root, file);
  for (const { n, line } of prose(fs.readFileSync(file, 'utf8'))) {
    for (const target of targetsOn(line)) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:, command:: not a file here
      const [rawPath, anchor] = target.split('#', 2);
      const linked = rawPath === '' ? file : path.resolve(rawPath.startsWith('/') ? root : path.dirname(file), decodeURIComponent(rawPath).replace(/^\//, ''));
      if (!fs.existsSync(linked)) {
        problems.push(`${where}:${n}: ${target}: no such file`);
        continue;
      }
      if (anchor === undefined || !linked.endsWith('.md')) continue;
      if (!anchorCache.has(linked)) anchorCache.set(linked, anchorsOf(linked));
      if (!anchorCache.get(linked)?.has(decodeURIComponent(anchor))) problems.push(`${where}:${n}: ${target}: no heading #${anchor} in ${path.relative(root, linked)}`);
    }
  }
}

const manifestText = fs.readFileSync(path.join(root, 'package.json'), 'utf8');
const contributes = JSON.parse(manifestText).contributes ?? {};
const settings = [contributes.configuration ?? []].flat().flatMap((c) => Object.keys(c.properties ?? {}));
/** @type {string[]} */
const commands = (contributes.commands ?? []).map((/** @type {{ command: string }} */ c) => c.command);
const names = /portZero\.[A-Za-z0-9_.]*[A-Za-z0-9_]/g;
const userDocs = docs.filter((f) => !f.endsWith('CONTRIBUTING.md'));
const documented = new Set(userDocs.flatMap((f) => fs.readFileSync(f, 'utf8').match(names) ?? []));
for (const [kind, ids] of /** @type {const} */ ([['setting', settings], ['command', commands]])) {
  for (const id of ids) if (!documented.has(id)) problems.push(`package.json: the ${kind} ${id} is in no doc (README.md or docs/)`);
}
const declared = new Set(manifestText.match(names));
for (const file of docs) {
  fs.readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
    for (const id of line.match(names) ?? []) if (!declared.has(id)) problems.push(`${path.relative(root, file)}:${i + 1}: ${id} is not in package.json`);
  });
}

if (problems.length > 0) {
  console.error(`Docs out of step (scripts/check-docs.mjs):\n${problems.map((p) => `  ${p}`).join('\n')}`);
  process.exit(1);
}

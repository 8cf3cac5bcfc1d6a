#!/usr/bin/env node
// `npm run package:deb`: builds reconf-agent_<version>_all.deb with dpkg-deb from the built tree
// (dist/, so run `npm run build` first: the npm script does) and production dependencies only.
// Layout: /usr/lib/reconf-agent (app + node_modules), /usr/bin/reconf-agent, both units in
// /lib/systemd/system, /etc/reconf-agent/config.yaml (conffile), docs in /usr/share/doc.
// Usage: node systemd/deb/build.mjs [--out DIR] [--stage DIR]   (prints the .deb's path)
// --stage keeps the staged tree (the package's files as installed) in DIR, for tests that
// bind-mount it; by default it is staged in a temp dir and removed.
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';

const here = dirname(fileURLToPath(import.meta.url));
const top = join(here, '..', '..');
const { values: opts } = parseArgs({ options: { out: { type: 'string', default: top }, stage: { type: 'string' } }, strict: true });
const pkg = JSON.parse(readFileSync(join(top, 'package.json'), 'utf8'));
const version = pkg.version;
const fail = (msg) => {
  process.stderr.write(`package:deb: ${msg}\n`);
  process.exit(1);
};
if (!existsSync(join(top, 'dist', 'cli', 'main.cjs'))) fail('no dist/cli/main.cjs: run `npm run build` first');
const changelog = readFileSync(join(here, 'changelog'), 'utf8');
if (!changelog.startsWith(`reconf-agent (${version}) `)) fail(`systemd/deb/changelog must start with an entry for ${version} (package.json)`);

const work = opts.stage ?? mkdtempSync(join(tmpdir(), 'reconf-agent-deb-'));
const stage = join(work, `reconf-agent_${version}_all`);
rmSync(stage, { recursive: true, force: true });
const at = (p) => join(stage, p);
const dir = (p) => mkdirSync(at(p), { recursive: true });

// The app: dist/ and package.json (ESM "type" and the version), dependencies from the lockfile.
const lib = at('usr/lib/reconf-agent');
dir('usr/lib/reconf-agent');
cpSync(join(top, 'dist'), join(lib, 'dist'), { recursive: true });
for (const f of ['package.json', 'package-lock.json']) copyFileSync(join(top, f), join(lib, f));
execFileSync('npm', ['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], { cwd: lib, stdio: ['ignore', 'ignore', 'inherit'] });
rmSync(join(lib, 'package-lock.json'));
rmSync(join(lib, 'node_modules', '.package-lock.json'), { force: true });
// What the modules' authors published but nothing loads at run time: their tests, CI and editor
// configs, HTML docs (which fetch scripts from CDNs) and release scripts. lintian flags each.
const JUNK_DIRS = new Set(['test', 'tests', '.github', '.husky']);
const JUNK_FILE = /^(\.eslintrc.*|\.npmignore|\.gitattributes|\.editorconfig|\.prettierrc.*|\.taprc|\.nycrc.*|.*\.html|.*\.sh)$/;
const prune = (p) => {
  for (const e of readdirSync(p, { withFileTypes: true })) {
    const full = join(p, e.name);
    if (e.isDirectory() ? JUNK_DIRS.has(e.name) : JUNK_FILE.test(e.name)) rmSync(full, { recursive: true, force: true });
    else if (e.isDirectory()) prune(full);
  }
};
prune(join(lib, 'node_modules'));
dir('usr/bin');
symlinkSync('../lib/reconf-agent/dist/cli/main.cjs', at('usr/bin/reconf-agent'));

// The units, run from /usr/bin instead of the npm prefix the repository's copies name.
const NPM_BIN = '/opt/reconf-agent/node_modules/.bin/reconf-agent';
dir('lib/systemd/system');
for (const unit of ['reconf-agent.service', 'reconf-agent@.service']) {
  const text = readFileSync(join(top, 'systemd', unit), 'utf8');
  if (!text.includes(`ExecStart=${NPM_BIN} `)) fail(`systemd/${unit}: ExecStart no longer runs ${NPM_BIN}; update build.mjs`);
  writeFileSync(at(`lib/systemd/system/${unit}`), text.replace(`ExecStart=${NPM_BIN} `, 'ExecStart=/usr/bin/reconf-agent '));
}

// The example config (a conffile: dpkg keeps the admin's edits on upgrade).
dir('etc/reconf-agent');
copyFileSync(join(top, 'config', 'sentinel-host.yaml'), at('etc/reconf-agent/config.yaml'));

// Docs, the man page, copyright and the changelog (compressed, as Debian policy asks).
const doc = 'usr/share/doc/reconf-agent';
dir(`${doc}/docs`);
copyFileSync(join(top, 'README.md'), at(`${doc}/README.md`));
for (const f of readdirSync(join(top, 'docs')).filter((f) => f.endsWith('.md'))) copyFileSync(join(top, 'docs', f), at(`${doc}/docs/${f}`));
copyFileSync(join(top, 'config', 'failover-hook.yaml'), at(`${doc}/failover-hook.yaml`));
copyFileSync(join(top, 'config', 'scheduled-cleanup.yaml'), at(`${doc}/scheduled-cleanup.yaml`));
copyFileSync(join(here, 'copyright'), at(`${doc}/copyright`));
const gzipTo = (src, dest) => writeFileSync(dest, execFileSync('gzip', ['-9n', '-c', src]));
gzipTo(join(here, 'changelog'), at(`${doc}/changelog.gz`));
dir('usr/share/man/man1');
gzipTo(join(here, 'reconf-agent.1'), at('usr/share/man/man1/reconf-agent.1.gz'));
dir('usr/share/lintian/overrides');
copyFileSync(join(here, 'lintian-overrides'), at('usr/share/lintian/overrides/reconf-agent'));

// Modes: directories and scripts 0755, everything else 0644 (npm's own modes vary).
const isScript = (p) => readFileSync(p).subarray(0, 2).toString() === '#!';
const walk = (p) => {
  const s = lstatSync(p);
  if (s.isSymbolicLink()) return;
  chmodSync(p, s.isDirectory() || isScript(p) ? 0o755 : 0o644);
  if (s.isDirectory()) for (const e of readdirSync(p)) walk(join(p, e));
};
walk(stage);

// DEBIAN/: control, conffiles, md5sums and the maintainer scripts.
const files = [];
const list = (p) => {
  for (const e of readdirSync(p, { withFileTypes: true })) {
    const full = join(p, e.name);
    if (e.isDirectory()) list(full);
    else if (e.isFile()) files.push(relative(stage, full));
  }
};
list(stage);
dir('DEBIAN');
const installedKb = Number(execFileSync('du', ['-sk', '--apparent-size', stage], { encoding: 'utf8' }).split('\t')[0]);
writeFileSync(
  at('DEBIAN/control'),
  readFileSync(join(here, 'control'), 'utf8').replace('@VERSION@', version).replace('@INSTALLED_SIZE@', String(installedKb)),
);
writeFileSync(at('DEBIAN/conffiles'), '/etc/reconf-agent/config.yaml\n');
writeFileSync(at('DEBIAN/md5sums'), files.map((f) => `${createHash('md5').update(readFileSync(at(f))).digest('hex')}  ${f}\n`).join(''));
for (const s of ['postinst', 'prerm', 'postrm']) {
  copyFileSync(join(here, s), at(`DEBIAN/${s}`));
  chmodSync(at(`DEBIAN/${s}`), 0o755);
}
for (const f of ['control', 'conffiles', 'md5sums']) chmodSync(at(`DEBIAN/${f}`), 0o644);

mkdirSync(opts.out, { recursive: true });
const deb = join(opts.out, `reconf-agent_${version}_all.deb`);
execFileSync('dpkg-deb', ['--root-owner-group', '-Zxz', '--build', stage, deb], { stdio: ['ignore', 'ignore', 'inherit'] });
if (!opts.stage) rmSync(work, { recursive: true, force: true });
process.stdout.write(`${deb}\n`);

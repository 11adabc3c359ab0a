// Production build for FeedbackPortal front-end assets.
//
//   node build.mjs            (= npm run build)
//
// Writes minified, content-fingerprinted files plus manifest.json into
// ../src/FeedbackPortal.Web/wwwroot/dist/. The output is first assembled in a private
// staging folder and then swapped in with renames, so old fingerprinted files are
// removed and concurrent builds / a running app never see a half-written folder.
// manifest.json is written last (MSBuild uses its timestamp for incrementality).

import * as esbuild from "esbuild";
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const root = dirname(fileURLToPath(import.meta.url));
const outDir = resolve(root, "../src/FeedbackPortal.Web/wwwroot/dist");
const publicPrefix = "/dist/";
const stagingDir = join(root, ".tmp", `dist-${process.pid}-${Date.now()}`);

// Size budgets (gzipped bytes). Exceeding one fails the build.
const budgets = { "site.css": 12 * 1024, "site.js": 5 * 1024 };

const browserTargets = ["es2020", "chrome100", "edge100", "firefox100", "safari15", "ios15"];

const shared = {
  bundle: true,
  minify: true,
  write: false,
  target: browserTargets,
  logLevel: "warning",
  legalComments: "eof",
  absWorkingDir: root,
  outdir: "out", // required by esbuild with write:false; not used for writing
};

function fingerprint(contents) {
  return createHash("sha256").update(contents).digest("hex").slice(0, 8);
}

function single(result, ext) {
  const files = result.outputFiles.filter((f) => f.path.endsWith(ext));
  if (files.length !== 1) throw new Error(`expected one ${ext} output, got ${files.length}`);
  return Buffer.from(files[0].contents);
}

async function buildAll() {
  // "altcha/package.json" is not in the package's exports map: locate it via node_modules
  const altchaDir = join(root, "node_modules", "altcha");
  const altchaPkg = JSON.parse(readFileSync(join(altchaDir, "package.json"), "utf8"));
  const altchaBanner = `/*! altcha ${altchaPkg.version} | ${altchaPkg.license} | (c) Daniel Regeci | https://github.com/altcha-org/altcha */`;

  /** @type {Map<string, Buffer>} logical name -> contents */
  const assets = new Map();

  // 1. ALTCHA proof-of-work worker (own file so no blob:/data: worker is needed under CSP)
  const worker = await esbuild.build({
    ...shared,
    entryPoints: [join(altchaDir, "dist_external/worker.js")],
    format: "iife",
    banner: { js: altchaBanner },
  });
  assets.set("altcha-worker.js", single(worker, ".js"));
  const workerUrl = `${publicPrefix}altcha-worker.${fingerprint(assets.get("altcha-worker.js"))}.js`;

  // 2. site.css = ALTCHA widget layout CSS + our design system (theming overrides come last)
  const css = await esbuild.build({
    ...shared,
    stdin: {
      contents: `@import ${JSON.stringify(join(altchaDir, "dist_external/altcha.css"))};\n@import "./src/site.css";\n`,
      resolveDir: root,
      sourcefile: "site.css",
      loader: "css",
    },
    loader: { ".css": "css" },
  });
  assets.set("site.css", single(css, ".css"));

  // 3. site.js (progressive enhancement)
  const site = await esbuild.build({
    ...shared,
    entryPoints: ["src/site.ts"],
    format: "iife",
  });
  assets.set("site.js", single(site, ".js"));

  // 4. altcha.js (the <altcha-widget> custom element, Vietnamese strings, our worker URL)
  const altcha = await esbuild.build({
    ...shared,
    entryPoints: ["src/altcha.ts"],
    format: "iife",
    banner: { js: altchaBanner },
    define: { __ALTCHA_WORKER_URL__: JSON.stringify(workerUrl) },
    // the package's default worker factory uses import.meta.url; we replace that factory
    logOverride: { "empty-import-meta": "silent" },
  });
  assets.set("altcha.js", single(altcha, ".js"));

  return assets;
}

function swapIn(staging) {
  // Move the previous output aside, then move the staging folder into place.
  for (let attempt = 0; ; attempt++) {
    const old = `${outDir}.old-${process.pid}-${attempt}`;
    let movedOld = false;
    if (existsSync(outDir)) {
      try {
        renameSync(outDir, old);
        movedOld = true;
      } catch (e) {
        if (e.code !== "ENOENT") throw e; // another build moved it first
      }
    }
    try {
      renameSync(staging, outDir);
      if (movedOld) rmSync(old, { recursive: true, force: true });
      return;
    } catch (e) {
      if (movedOld) rmSync(old, { recursive: true, force: true });
      // another concurrent build put a folder in place between our two renames: retry
      if (!["ENOTEMPTY", "EEXIST", "EPERM"].includes(e.code) || attempt >= 10) throw e;
    }
  }
}

async function main() {
  const started = Date.now();
  const assets = await buildAll();

  mkdirSync(stagingDir, { recursive: true });
  const manifest = {};
  const report = [];
  for (const [logical, contents] of assets) {
    const dot = logical.lastIndexOf(".");
    const file = `${logical.slice(0, dot)}.${fingerprint(contents)}${logical.slice(dot)}`;
    writeFileSync(join(stagingDir, file), contents);
    manifest[logical] = publicPrefix + file;
    const gz = gzipSync(contents, { level: 9 }).length;
    report.push({ logical, file, bytes: contents.length, gzip: gz });
  }
  writeFileSync(join(stagingDir, "manifest.json"), JSON.stringify(manifest, null, 2) + "\n");

  const failures = [];
  for (const r of report) {
    const budget = budgets[r.logical];
    const flag = budget ? (r.gzip > budget ? `  OVER BUDGET (${budget} B)` : `  (budget ${budget} B)`) : "";
    if (budget && r.gzip > budget) failures.push(r.logical);
    console.log(`${r.file.padEnd(32)} ${String(r.bytes).padStart(7)} B  ${String(r.gzip).padStart(6)} B gzip${flag}`);
  }
  if (failures.length) {
    // fail before touching the output so MSBuild does not treat the build as up to date
    rmSync(stagingDir, { recursive: true, force: true });
    throw new Error(`Size budget exceeded: ${failures.join(", ")}`);
  }

  mkdirSync(dirname(outDir), { recursive: true });
  try {
    swapIn(stagingDir);
  } finally {
    rmSync(stagingDir, { recursive: true, force: true });
  }
  console.log(`manifest.json -> ${outDir} (${Date.now() - started} ms)`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

// Entry point used by src/FeedbackPortal.Web/FrontEnd.targets (MSBuild).
//
//   1. takes an exclusive lock (web/.tmp/build.lock) so concurrent `dotnet build`s of the
//      web project (solution builds, test projects, dotnet watch) never run npm at the same time;
//   2. runs `npm ci` when web/node_modules is missing (or older than package-lock.json);
//   3. runs `npm run build`.
// Uses only Node built-ins so it works before node_modules exists.

import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = dirname(fileURLToPath(import.meta.url));
const lockDir = join(root, ".tmp", "build.lock");
const staleMs = 10 * 60 * 1000;
const sleep = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

function acquire() {
  mkdirSync(join(root, ".tmp"), { recursive: true });
  const deadline = Date.now() + staleMs;
  let told = false;
  for (;;) {
    try {
      mkdirSync(lockDir); // atomic: fails with EEXIST when someone else holds the lock
      return;
    } catch (e) {
      if (e.code !== "EEXIST") throw e;
    }
    let age = 0;
    try {
      age = Date.now() - statSync(lockDir).mtimeMs;
    } catch {
      continue; // released in the meantime
    }
    if (age > staleMs || Date.now() > deadline) {
      console.log(`frontend: removing stale lock ${lockDir}`);
      rmSync(lockDir, { recursive: true, force: true });
      continue;
    }
    if (!told) {
      console.log("frontend: another front-end build is running, waiting...");
      told = true;
    }
    sleep(250);
  }
}

function run(args) {
  const win = process.platform === "win32";
  const result = spawnSync(win ? "npm.cmd" : "npm", args, { cwd: root, stdio: "inherit", shell: win });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    console.error(`frontend: 'npm ${args.join(" ")}' failed with exit code ${result.status}`);
    process.exit(result.status ?? 1);
  }
}

function needsInstall() {
  const marker = join(root, "node_modules", ".package-lock.json"); // written by npm on install
  if (!existsSync(join(root, "node_modules")) || !existsSync(marker)) return true;
  return statSync(join(root, "package-lock.json")).mtimeMs > statSync(marker).mtimeMs;
}

acquire();
const release = () => rmSync(lockDir, { recursive: true, force: true });
process.on("exit", release);
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => process.exit(130));

if (needsInstall()) {
  console.log("frontend: npm ci");
  run(["ci", "--no-audit", "--no-fund"]);
}
run(["run", "build", "--silent"]);

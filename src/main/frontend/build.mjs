// Builds the dashboard into ../resources/webroot (committed, so the Maven build needs no npm).
// Usage: npm ci && npm run typecheck && npm run build
import { build } from "esbuild";
import { copyFileSync, mkdirSync, rmSync } from "node:fs";

const out = new URL("../resources/webroot/", import.meta.url).pathname;
rmSync(out, { recursive: true, force: true });
mkdirSync(`${out}assets`, { recursive: true });
await build({
  entryPoints: { app: "src/main.ts" },
  bundle: true,
  minify: true,
  sourcemap: false,
  format: "iife",
  target: ["es2020"],
  outdir: `${out}assets`,
  legalComments: "eof",
  logLevel: "info",
});
copyFileSync("index.html", `${out}index.html`);

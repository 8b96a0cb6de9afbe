/**
 * `npm run build` (with `build:pages`): the deployable Function App in dist/functionapp — one bundled index.js (our code
 * and its packages; the Functions host provides @azure/functions-core), host.json and a package.json naming `main` —
 * and dist/functionapp.zip of it for `az functionapp deployment source config-zip`. The pages go to addin/dist; when
 * API_BASE_URL is set, their app-config.json is written too (the deployment's values).
 */
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { zipSync } from 'fflate';

const ROOT = path.resolve(__dirname, '..');

export async function buildFunctionApp(out = path.join(ROOT, 'dist/functionapp')): Promise<string> {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  await build({
    entryPoints: [path.join(ROOT, 'functions/src/index.ts')],
    outfile: path.join(out, 'index.js'),
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    sourcemap: 'linked',
    minify: false,
    external: ['@azure/functions-core'],
    // Some packages' ESM builds read import.meta.url (@azure/monitor-opentelemetry finds @azure/functions-core and its
    // own folder with it); in a CommonJS bundle it would be undefined. Point it at the bundle.
    banner: { js: "const __bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
    define: { 'import.meta.url': '__bundleUrl' },
    logLevel: 'warning',
  });
  cpSync(path.join(ROOT, 'functions/host.json'), path.join(out, 'host.json'));
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
  writeFileSync(path.join(out, 'package.json'), `${JSON.stringify({ name: 'followthrough-functions', version: pkg.version, private: true, main: 'index.js' }, null, 2)}\n`);
  const files: Record<string, Uint8Array> = {};
  for (const name of readdirSync(out)) if (statSync(path.join(out, name)).isFile()) files[name] = readFileSync(path.join(out, name));
  const zip = path.join(path.dirname(out), 'functionapp.zip');
  writeFileSync(zip, zipSync(files));
  return zip;
}

function writeAppConfig(): void {
  const apiBaseUrl = process.env.API_BASE_URL?.trim();
  if (!apiBaseUrl) return;
  const config = { apiBaseUrl, mode: 'azure', clientId: process.env.API_CLIENT_ID, apiScope: `api://${new URL(process.env.PAGES_URL ?? 'https://invalid').host}/${process.env.API_CLIENT_ID}/access_as_user` };
  writeFileSync(path.join(ROOT, 'addin/dist/app-config.json'), `${JSON.stringify(config, null, 2)}\n`);
  console.log('addin/dist/app-config.json written for', apiBaseUrl);
}

if (require.main === module) {
  buildFunctionApp()
    .then((zip) => {
      writeAppConfig();
      console.log(`Function app built: dist/functionapp (index.js, host.json, package.json) and ${path.relative(ROOT, zip)}.`);
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}

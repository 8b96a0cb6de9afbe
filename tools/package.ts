/**
 * `npm run package`: writes dist/appPackage.zip — the unified Microsoft 365 app manifest with this deployment's values
 * and its two icons — after validating it: offline against the JSON schema the manifest names (bundled with
 * @microsoft/app-manifest), with office-addin-manifest, and with our own checks (tools/manifest-check.ts).
 *
 * Values come from the environment or a .env file: TEAMS_APP_ID, API_CLIENT_ID, BOT_APP_ID, PAGES_URL (https), APP_VERSION.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AppManifestUtils } from '@microsoft/app-manifest';
import { zipSync } from 'fflate';
import { validateManifest } from 'office-addin-manifest';
import { checkIcons, checkManifest, type ManifestProblem } from './manifest-check';
import { renderManifest, ROOT, valuesFromEnvironment } from './manifest-values';

const ICONS = path.join(ROOT, 'addin/public/icons');

/** Every check; an empty list means the package may be uploaded. */
export async function validatePackage(manifest: Record<string, any>, icons = { color: readFileSync(path.join(ICONS, 'color.png')), outline: readFileSync(path.join(ICONS, 'outline.png')) }): Promise<ManifestProblem[]> {
  const problems: ManifestProblem[] = [...checkManifest(manifest), ...checkIcons(icons.color, icons.outline)];
  const schemaErrors: string[] = await AppManifestUtils.validateAgainstSchema(manifest as never);
  for (const error of schemaErrors) problems.push({ path: 'schema', message: error });
  const dir = mkdtempSync(path.join(tmpdir(), 'followthrough-manifest-'));
  try {
    writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
    writeFileSync(path.join(dir, 'color.png'), icons.color);
    writeFileSync(path.join(dir, 'outline.png'), icons.outline);
    const office = await validateManifest(path.join(dir, 'manifest.json'));
    if (!office.isValid) {
      for (const e of office.report?.errors ?? []) problems.push({ path: 'office-addin-manifest', message: `${e.title ?? ''} ${e.content ?? ''}`.trim() });
      if (!office.report?.errors?.length) problems.push({ path: 'office-addin-manifest', message: 'the manifest is not valid' });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return problems;
}

async function main(): Promise<void> {
  const envFile = path.join(ROOT, '.env');
  if (existsSync(envFile)) process.loadEnvFile(envFile);
  const { values, problems: missing } = valuesFromEnvironment();
  if (missing.length > 0) return fail(missing);
  const manifest = renderManifest(values);
  const problems = await validatePackage(manifest);
  if (problems.length > 0) return fail(problems);
  const out = path.join(ROOT, 'dist');
  mkdirSync(out, { recursive: true });
  const zip = zipSync({
    'manifest.json': Buffer.from(JSON.stringify(manifest, null, 2)),
    'color.png': readFileSync(path.join(ICONS, 'color.png')),
    'outline.png': readFileSync(path.join(ICONS, 'outline.png')),
  });
  writeFileSync(path.join(out, 'appPackage.zip'), zip);
  writeFileSync(path.join(out, 'manifest.json'), JSON.stringify(manifest, null, 2));
  console.log(`dist/appPackage.zip written (${zip.length} bytes): manifest ${manifest.manifestVersion} for ${values.pagesUrl}, app ${values.appId}.`);
}

function fail(problems: ManifestProblem[]): void {
  console.error(`The app package was not written; fix these:\n${problems.map((p) => `  ${p.path}: ${p.message}`).join('\n')}`);
  process.exitCode = 1;
}

/**
 * `tsx tools/package.ts --check`: validates manifests given on standard input as JSON
 * `[{manifest, colorIcon?, outlineIcon?}]` (icons as file paths) and prints the problems of each as JSON. The tests use
 * it: the validators load ESM-only packages that jest cannot require.
 */
async function check(): Promise<void> {
  const cases = JSON.parse(readFileSync(0, 'utf8')) as { manifest: Record<string, any>; colorIcon?: string; outlineIcon?: string }[];
  const results = [];
  for (const c of cases) {
    const icons = {
      color: readFileSync(c.colorIcon ?? path.join(ICONS, 'color.png')),
      outline: readFileSync(c.outlineIcon ?? path.join(ICONS, 'outline.png')),
    };
    results.push(await validatePackage(c.manifest, icons));
  }
  process.stdout.write(JSON.stringify(results));
}

if (require.main === module) void (process.argv.includes('--check') ? check() : main());

/**
 * `npm run test:infra`: the Bicep in infra/ compiles and lints clean with the real Bicep CLI, and the compiled ARM
 * template has what infra/deploy.sh and the packaging tools read.
 *
 * 1. The Bicep CLI comes from NuGet (package Azure.Bicep.CommandLine.<rid>, BICEP_VERSION below): a download-only
 *    project restored with the .NET SDK into .tools/bicep/ (git-ignored). The binary is the package's tools/bicep.
 *    Later runs reuse it.
 * 2. `bicep build infra/main.bicep` into a temporary folder.
 * 3. `bicep lint` on every .bicep file under infra/, with infra/bicepconfig.json (every rule an error); any warning
 *    fails too.
 * 4. The compiled template: every output deploy.sh reads exists and is a string; every variable the tools read
 *    (npm run build, npm run package) is a deploy.sh input or exported from such an output; every parameter deploy.sh
 *    or main.parameters.json passes exists, and every required parameter is passed; tools/infra-policy.ts finds
 *    nothing in it.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { policyFindings } from './infra-policy';
import { valuesFromEnvironment } from './manifest-values';

const ROOT = path.resolve(__dirname, '..');
const INFRA = path.join(ROOT, 'infra');
export const BICEP_VERSION = '0.49.2';
const TOOLS = path.join(ROOT, '.tools/bicep');

/** NuGet's runtime identifier for this machine (the Bicep CLI is published once per platform). */
function runtimeId(): string {
  const arch = process.arch === 'arm64' ? 'arm64' : 'x64';
  if (process.platform === 'linux') return `linux-${arch}`;
  if (process.platform === 'darwin') return `osx-${arch}`;
  if (process.platform === 'win32') return `win-${arch}`;
  throw new Error(`no Bicep CLI package for ${process.platform}/${process.arch}`);
}

const problems: string[] = [];
const started = Date.now();
const step = (what: string) => console.log(`== ${what}`);
const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

function run(command: string, args: string[], options: { cwd?: string } = {}) {
  const result = spawnSync(command, args, {
    cwd: options.cwd ?? ROOT,
    encoding: 'utf8',
    env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1', DOTNET_NOLOGO: '1', DOTNET_SKIP_FIRST_TIME_EXPERIENCE: '1' },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: result.error ? null : result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '', error: result.error };
}

/** The .NET SDK's major version, or null without one. */
function dotnetMajor(): number | null {
  const result = run('dotnet', ['--version']);
  if (result.status !== 0) return null;
  const major = Number.parseInt(result.stdout.trim().split('.')[0] ?? '', 10);
  return Number.isFinite(major) ? major : null;
}

/** The path of the Bicep CLI, restored from NuGet unless an earlier run left it in .tools/bicep/. */
function bicepCli(): string {
  const rid = runtimeId();
  const id = `Azure.Bicep.CommandLine.${rid}`;
  const packages = path.join(TOOLS, 'packages');
  const binary = path.join(packages, id.toLowerCase(), BICEP_VERSION, 'tools', rid.startsWith('win') ? 'bicep.exe' : 'bicep');

  const major = dotnetMajor();
  if (major === null) {
    console.error('npm run test:infra needs the .NET SDK (dotnet) to fetch the Bicep CLI from NuGet.');
    console.error('Install it (https://learn.microsoft.com/dotnet/core/install/linux) and run it again.');
    process.exit(1);
  }

  if (existsSync(binary) && run(binary, ['--version']).stdout.includes(`Bicep CLI version ${BICEP_VERSION} `)) {
    step(`Bicep CLI ${BICEP_VERSION}: cached in ${path.relative(ROOT, binary)}`);
    return binary;
  }

  const since = Date.now();
  step(`Bicep CLI ${BICEP_VERSION}: fetching ${id} from NuGet with dotnet ${major} into ${path.relative(ROOT, TOOLS)}/`);
  mkdirSync(TOOLS, { recursive: true });
  // A project that builds nothing and only downloads the package (PackageDownload: no dependency resolution).
  writeFileSync(
    path.join(TOOLS, 'bicep-cli.csproj'),
    `<Project Sdk="Microsoft.NET.Sdk">
  <!-- Written by tools/test-infra.ts: restores the Bicep CLI from NuGet, nothing else. -->
  <PropertyGroup>
    <TargetFramework>net${major}.0</TargetFramework>
  </PropertyGroup>
  <ItemGroup>
    <PackageDownload Include="${id}" Version="[${BICEP_VERSION}]" />
  </ItemGroup>
</Project>
`,
  );
  const restore = run('dotnet', ['restore', 'bicep-cli.csproj', '--packages', packages], { cwd: TOOLS });
  if (restore.status !== 0) {
    console.error(restore.stdout + restore.stderr);
    console.error(`dotnet restore could not fetch ${id} ${BICEP_VERSION} from NuGet.`);
    process.exit(1);
  }
  if (!existsSync(binary)) {
    console.error(`${id} ${BICEP_VERSION} was restored, but ${path.relative(ROOT, binary)} is not in it.`);
    process.exit(1);
  }
  // NuGet extracts files as they were packed; make sure anyone may run it.
  if (!rid.startsWith('win')) chmodSync(binary, 0o755);
  // The .nupkg (as large as the CLI) stays in NuGet's own cache; this copy is not needed once extracted.
  const nupkg = path.join(path.dirname(path.dirname(binary)), `${id.toLowerCase()}.${BICEP_VERSION}.nupkg`);
  if (existsSync(nupkg)) rmSync(nupkg);
  const version = run(binary, ['--version']);
  if (!version.stdout.includes(`Bicep CLI version ${BICEP_VERSION} `)) {
    console.error(`${path.relative(ROOT, binary)} does not run: ${version.stdout}${version.stderr}${version.error ?? ''}`);
    process.exit(1);
  }
  step(`${version.stdout.trim()} in ${path.relative(ROOT, binary)} (${seconds(since)})`);
  return binary;
}

interface SarifResult {
  ruleId?: string;
  level?: string;
  message?: { text?: string };
  locations?: { physicalLocation?: { artifactLocation?: { uri?: string }; region?: { startLine?: number; charOffset?: number } } }[];
}

/** The JSON documents printed one after another (bicep prints one SARIF report per file with --pattern). */
function jsonDocuments(text: string): unknown[] {
  const documents: unknown[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') {
      if (depth++ === 0) start = i;
    } else if (c === '}' && depth > 0 && --depth === 0) {
      try {
        documents.push(JSON.parse(text.slice(start, i + 1)));
      } catch {
        // not JSON after all
      }
    }
  }
  return documents;
}

interface Diagnostic {
  file: string;
  level: string;
  text: string;
}

/** The diagnostics of a bicep command run with --diagnostics-format sarif (printed to stdout or stderr), or null. */
function diagnostics(output: { stdout: string; stderr: string }): Diagnostic[] | null {
  const reports = [...jsonDocuments(output.stdout), ...jsonDocuments(output.stderr)].filter((d): d is { runs: { results?: SarifResult[] }[] } => Array.isArray((d as { runs?: unknown }).runs));
  if (reports.length === 0) return null;
  const seen = new Set<string>();
  // A file's report repeats the diagnostics of the modules it uses: keep each once.
  return reports.flatMap((sarif) =>
    sarif.runs.flatMap((r) => r.results ?? []).map((r) => {
      const where = r.locations?.[0]?.physicalLocation;
      const file = where?.artifactLocation?.uri ? path.relative(ROOT, new URL(where.artifactLocation.uri).pathname) : '?';
      // SARIF: a result without a level is a warning.
      const level = r.level ?? 'warning';
      return { file, level, text: `${file}(${where?.region?.startLine ?? '?'},${where?.region?.charOffset ?? '?'}) ${level} ${r.ruleId ?? ''}: ${r.message?.text ?? ''}` };
    }),
  ).filter((d) => !seen.has(d.text) && seen.add(d.text));
}

function bicepFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return bicepFiles(full);
    return e.name.endsWith('.bicep') ? [full] : [];
  });
}

function check(bicep: string, out: string): void {
  const main = path.join(INFRA, 'main.bicep');
  const compiled = path.join(out, 'main.json');

  let since = Date.now();
  step(`bicep build infra/main.bicep → ${compiled}`);
  const build = run(bicep, ['build', main, '--outfile', compiled, '--diagnostics-format', 'sarif']);
  const buildDiagnostics = diagnostics(build) ?? [];
  for (const d of buildDiagnostics) console.log(`   ${d.text}`);
  if (build.status !== 0 || !existsSync(compiled)) {
    problems.push(`bicep build failed (exit ${build.status})${buildDiagnostics.length > 0 ? '' : `: ${build.stdout.trim()} ${build.stderr.trim()}`}`);
  }
  for (const d of buildDiagnostics.filter((d) => d.level !== 'note')) problems.push(`build: ${d.text}`);
  console.log(`   ${existsSync(compiled) ? 'compiled' : 'no template'} (${seconds(since)})`);

  since = Date.now();
  const files = bicepFiles(INFRA).map((f) => path.relative(ROOT, f));
  step(`bicep lint --pattern 'infra/**/*.bicep' (infra/bicepconfig.json: every rule an error; any warning fails too)`);
  const lint = run(bicep, ['lint', '--pattern', 'infra/**/*.bicep', '--diagnostics-format', 'sarif']);
  const found = diagnostics(lint);
  const failing = (found ?? []).filter((d) => d.level !== 'note');
  for (const file of files) {
    const own = (found ?? []).filter((d) => d.file === file);
    console.log(`   ${file}: ${own.length === 0 ? 'clean' : own.map((d) => `\n     ${d.text}`).join('')}`);
  }
  if (found === null) problems.push(`bicep lint printed no SARIF report (exit ${lint.status}): ${lint.stderr.trim()}`);
  else if (lint.status !== 0 && failing.length === 0) problems.push(`bicep lint failed (exit ${lint.status}): ${lint.stderr.trim()}`);
  // One report per file: a file the pattern did not reach would pass unseen.
  const reports = jsonDocuments(lint.stdout + lint.stderr).length;
  if (found !== null && reports !== files.length) problems.push(`bicep lint reported on ${reports} files; infra/ has ${files.length}`);
  for (const d of failing) problems.push(`lint: ${d.text}`);
  console.log(`   (${seconds(since)})`);

  if (!existsSync(compiled)) return;
  step('the compiled template against infra/deploy.sh, infra/main.parameters.json and the tools');
  const template = JSON.parse(readFileSync(compiled, 'utf8')) as { parameters?: Record<string, { type: string; defaultValue?: unknown }>; outputs?: Record<string, { type: string }> };
  const outputs = template.outputs ?? {};
  const parameters = template.parameters ?? {};
  const deploy = readFileSync(path.join(INFRA, 'deploy.sh'), 'utf8');

  // Outputs deploy.sh reads: json ".<name>.value"
  const read = [...new Set([...deploy.matchAll(/json "\.(\w+)\.value"/g)].map((m) => m[1] as string))];
  for (const name of read) {
    const output = outputs[name];
    if (!output) problems.push(`deploy.sh reads the output ${name}, which main.bicep does not declare`);
    else if (output.type.toLowerCase() !== 'string') problems.push(`deploy.sh reads the output ${name} as text, but its type is ${output.type}`);
  }
  console.log(`   outputs deploy.sh reads: ${read.map((n) => `${n} (${outputs[n]?.type ?? 'missing'})`).join(', ')}`);

  // What npm run build and npm run package read from the environment must come from deploy.sh: its required inputs,
  // or a variable it exports from an output.
  const inputs = new Set([...(deploy.match(/^: (.*)$/m)?.[1] ?? '').matchAll(/\$\{(\w+):\?\}/g)].map((m) => m[1] as string));
  const exported = new Map([...deploy.matchAll(/export (\w+)=\$\(json "\.(\w+)\.value"/g)].map((m) => [m[1] as string, m[2] as string]));
  const toolsRead = new Set(valuesFromEnvironment({}).problems.map((p) => p.path));
  for (const m of readFileSync(path.join(ROOT, 'tools/build-functions.ts'), 'utf8').matchAll(/process\.env\.([A-Z][A-Z0-9_]*)/g)) toolsRead.add(m[1] as string);
  for (const name of toolsRead) {
    const from = exported.get(name);
    if (from && !outputs[from]) problems.push(`deploy.sh exports ${name} from the output ${from}, which main.bicep does not declare`);
    if (!from && !inputs.has(name)) problems.push(`the tools read ${name}, which deploy.sh neither requires nor exports from an output`);
  }
  console.log(`   the tools read: ${[...toolsRead].map((n) => (exported.has(n) ? `${n} ← output ${exported.get(n)}` : `${n} (a deploy.sh input)`)).join(', ')}`);

  // Parameters deploy.sh passes (-p name=value …) and main.parameters.json sets.
  const command = deploy.slice(deploy.indexOf('az deployment group create'), deploy.indexOf('--query', deploy.indexOf('az deployment group create')));
  const passed = [...command.slice(command.indexOf(' -p ')).matchAll(/\s(\w+)="/g)].map((m) => m[1] as string);
  const parameterFile = JSON.parse(readFileSync(path.join(INFRA, 'main.parameters.json'), 'utf8')) as { parameters: Record<string, unknown> };
  for (const name of passed) if (!parameters[name]) problems.push(`deploy.sh passes the parameter ${name}, which main.bicep does not declare`);
  for (const name of Object.keys(parameterFile.parameters)) if (!parameters[name]) problems.push(`main.parameters.json sets ${name}, which main.bicep does not declare`);
  for (const [name, p] of Object.entries(parameters)) {
    if (p.defaultValue === undefined && !passed.includes(name)) problems.push(`main.bicep requires the parameter ${name}, which deploy.sh does not pass`);
  }
  console.log(`   parameters deploy.sh passes: ${passed.join(', ')}`);

  const findings = policyFindings({ 'compiled main.json': readFileSync(compiled, 'utf8') });
  for (const f of findings) problems.push(`compiled template line ${f.line}: ${f.rule}: ${f.text}`);
  console.log(`   keys, secrets, tenant-wide permissions, local auth in the compiled template: ${findings.length === 0 ? 'none' : findings.length}`);
}

function main(): void {
  step(`npm run test:infra: the Bicep in infra/ with the Bicep CLI ${BICEP_VERSION} from NuGet`);
  const bicep = bicepCli();
  const out = mkdtempSync(path.join(tmpdir(), 'followthrough-bicep-'));
  try {
    check(bicep, out);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  if (problems.length > 0) {
    console.error(`\nnpm run test:infra failed (${seconds(started)}):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    process.exitCode = 1;
    return;
  }
  console.log(`== infra/ compiles, lints clean and gives deploy.sh and the tools what they read (${seconds(started)})`);
}

if (require.main === module) main();

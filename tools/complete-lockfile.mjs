// Completes package-lock.json for the registry this project is built against.
//
// Packages like @swc/core and esbuild ship one native binary per platform as optional dependencies. The registry
// reachable here serves only Linux builds, so npm writes a lock file without the others — and `npm ci` then refuses
// that same lock file ("Missing: @swc/core-darwin-arm64@ from lock file"). This adds an entry for each missing
// platform package with the os/cpu its name declares, so `npm ci` skips it on other platforms and fetches it by
// name@version on its own platform. Run it after every `npm install` that changes the lock file.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const OS = ['darwin', 'linux', 'win32', 'freebsd', 'openbsd', 'netbsd', 'android', 'sunos', 'aix', 'openharmony'];
const CPU = ['x64', 'arm64', 'arm', 'ia32', 'ppc64', 's390x', 'riscv64', 'loong64', 'mips64el', 'wasm32'];

const file = path.resolve(import.meta.dirname, '..', 'package-lock.json');
const lock = JSON.parse(readFileSync(file, 'utf8'));
const added = [];

for (const [location, entry] of Object.entries(lock.packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const nested = `${location ? `${location}/` : ''}node_modules/${name}`;
    if (lock.packages[nested] || lock.packages[`node_modules/${name}`]) continue;
    const words = name.split(/[/-]/);
    const os = OS.filter((o) => words.includes(o));
    const cpu = CPU.filter((c) => words.includes(c) || (c === 'wasm32' && words.some((w) => w.startsWith('wasm'))));
    lock.packages[`node_modules/${name}`] = {
      version,
      ...(entry.dev ? { dev: true } : {}),
      optional: true,
      ...(os.length ? { os } : {}),
      ...(cpu.length ? { cpu } : {}),
    };
    added.push(`${name}@${version}`);
  }
}

lock.packages = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(added.length ? `Added ${added.length} platform packages to package-lock.json:\n  ${added.join('\n  ')}` : 'package-lock.json is complete.');

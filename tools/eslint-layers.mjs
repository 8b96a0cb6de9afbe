// A lint rule that keeps the layers of ARCHITECTURE.md apart: each layer may import only the layers below it and a
// short list of packages. domain ← services ← http/timers; store and notify implement ports of services;
// composition.ts and index.ts wire everything and are imported by nobody.
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');
const SRC = path.join(ROOT, 'functions', 'src');
const ADDIN = path.join(ROOT, 'addin', 'src');
const DOMAIN = path.join(SRC, 'domain');

/** The pages (addin/src) may use their own code, the shared domain model and the front-end packages only. */
const ADDIN_PACKAGES = ['react', 'react-dom', '@fluentui', '@azure/msal-browser', '@microsoft/teams-js', 'zod'];

/** layer → layers and packages it may import (`node:` built-ins where `node` is true). */
export const LAYERS = {
  domain: { layers: ['domain'], packages: ['zod'], node: false },
  services: { layers: ['domain', 'services'], packages: [], node: true },
  store: { layers: ['domain', 'services', 'store'], packages: ['@azure/cosmos', '@azure/identity', '@opentelemetry/api'], node: true },
  notify: { layers: ['domain', 'services', 'notify'], packages: ['@azure/identity'], node: true },
  // The Teams bot: its activities (an inbound adapter, like http), cards (typed by @microsoft/teams.cards' schema types),
  // the Bot Connector's REST API and the card channel; tokens from the managed identity.
  bot: { layers: ['domain', 'services', 'platform', 'bot'], packages: ['@microsoft/teams.cards', '@azure/identity', 'zod'], node: true },
  // Blob Storage: the exports' files (Azure with the managed identity, Azurite locally).
  blobs: { layers: ['domain', 'services', 'blobs'], packages: ['@azure/storage-blob', '@azure/identity'], node: true },
  // platform/telemetry.ts speaks the OpenTelemetry API; platform/azure-monitor.ts is the one place with the SDK.
  platform: { layers: ['domain', 'services', 'platform'], packages: ['zod', 'jose', '@azure/functions', '@opentelemetry/api', '@azure/monitor-opentelemetry', '@azure/identity'], node: true, files: ['package.json'] },
  http: { layers: ['domain', 'services', 'platform', 'http'], packages: ['@azure/functions', 'zod'], node: true },
  timers: { layers: ['domain', 'services', 'platform', 'timers'], packages: ['@azure/functions'], node: true },
};

function layerOf(file) {
  const rel = path.relative(SRC, file);
  if (rel.startsWith('..')) return null;
  const [first] = rel.split(path.sep);
  return first.replace(/\.ts$/, '');
}

function packageName(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

export const layersRule = {
  meta: { type: 'problem', schema: [], messages: { layer: '{{from}} must not import {{what}} (see ARCHITECTURE.md, "Dependency direction").' } },
  create(context) {
    const file = context.filename;
    if (file.startsWith(ADDIN + path.sep)) return addinChecks(context);
    const from = layerOf(file);
    const rules = from ? LAYERS[from] : undefined;
    if (!rules) return {};
    const check = (node) => {
      const specifier = node.source?.value;
      if (typeof specifier !== 'string') return;
      let allowed;
      let what = specifier;
      if (specifier.startsWith('.')) {
        const target = path.resolve(path.dirname(file), specifier);
        const to = layerOf(target);
        if (to === null) {
          const rel = path.relative(ROOT, target);
          allowed = (rules.files ?? []).includes(rel);
          what = rel;
        } else {
          allowed = rules.layers.includes(to);
          what = `${to === 'composition' || to === 'index' ? to : `the ${to} layer`} (${specifier})`;
        }
      } else if (specifier.startsWith('node:')) {
        allowed = rules.node;
      } else {
        allowed = rules.packages.includes(packageName(specifier));
      }
      if (!allowed) context.report({ node: node.source, messageId: 'layer', data: { from: `functions/src/${from}`, what } });
    };
    return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check, ImportExpression: check };
  },
};

function addinChecks(context) {
  const check = (node) => {
    const specifier = node.source?.value;
    if (typeof specifier !== 'string') return;
    let allowed;
    if (specifier.startsWith('.')) {
      const target = path.resolve(path.dirname(context.filename), specifier);
      allowed = target.startsWith(ADDIN + path.sep) || target === DOMAIN || target.startsWith(DOMAIN + path.sep);
    } else {
      allowed = ADDIN_PACKAGES.some((p) => specifier === p || specifier.startsWith(`${p}/`));
    }
    if (!allowed) context.report({ node: node.source, messageId: 'layer', data: { from: 'addin/src', what: specifier } });
  };
  return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check, ImportExpression: check };
}

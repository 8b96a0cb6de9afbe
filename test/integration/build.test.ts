import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildFunctionApp } from '../../tools/build-functions';

describe('the deployable Function App', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'followthrough-build-'));
  const out = path.join(dir, 'functionapp');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is one bundle with host.json and a package.json naming main, and a zip of them', async () => {
    const zip = await buildFunctionApp(out);
    expect(JSON.parse(readFileSync(path.join(out, 'package.json'), 'utf8')).main).toBe('index.js');
    expect(JSON.parse(readFileSync(path.join(out, 'host.json'), 'utf8')).version).toBe('2.0');
    expect(readFileSync(zip).subarray(0, 2).toString()).toBe('PK');
  }, 60_000);

  it('starts with the settings the deployment sets, and refuses to start naming the ones missing', () => {
    const settings = {
      COSMOS_ENDPOINT: 'https://acct.documents.azure.com:443/',
      AUTH_AUDIENCE: '6f1c6d8e-3b7a-4c55-9d2e-0a1b2c3d4e5f',
      AUTH_ALLOWED_TENANTS: 'a30d590b-8112-45a4-a437-cb8246f0d905',
      GRAPH_CLIENT_ID: '6f1c6d8e-3b7a-4c55-9d2e-0a1b2c3d4e5f',
      TEAMS_APP_ID: '0f3c1a7e-4b2d-4c9e-9a11-2b7f5d8e6c40',
    };
    const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(COSMOS|AUTH|GRAPH|TEAMS)_/.test(k)));
    const loaded = execFileSync(process.execPath, ['-e', 'require("./index.js"); console.log("registered")'], { cwd: out, env: { ...clean, ...settings }, encoding: 'utf8' });
    expect(loaded).toContain('registered');
    const refused = spawnSync(process.execPath, ['-e', 'require("./index.js")'], { cwd: out, env: { ...clean, COSMOS_ENDPOINT: settings.COSMOS_ENDPOINT }, encoding: 'utf8' });
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toMatch(/AUTH_AUDIENCE[\s\S]*AUTH_ALLOWED_TENANTS[\s\S]*GRAPH_CLIENT_ID[\s\S]*TEAMS_APP_ID/);
  }, 30_000);

  it('sets up the export to Application Insights inside the bundle only when a connection string is set', () => {
    const settings = {
      COSMOS_ENDPOINT: 'https://acct.documents.azure.com:443/',
      AUTH_AUDIENCE: '6f1c6d8e-3b7a-4c55-9d2e-0a1b2c3d4e5f',
      AUTH_ALLOWED_TENANTS: 'a30d590b-8112-45a4-a437-cb8246f0d905',
      GRAPH_CLIENT_ID: '6f1c6d8e-3b7a-4c55-9d2e-0a1b2c3d4e5f',
      TEAMS_APP_ID: '0f3c1a7e-4b2d-4c9e-9a11-2b7f5d8e6c40',
      MANAGED_IDENTITY_CLIENT_ID: '5b2f0c4e-7a1d-4e8b-9c3f-1d2e3f4a5b6c',
    };
    const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(COSMOS|AUTH|GRAPH|TEAMS|APPLICATIONINSIGHTS|MANAGED)_/.test(k)));
    // The OpenTelemetry API keeps its registrations on globalThis; exit at once (the exporter would try to sign in).
    const probe = 'require("./index.js"); const api = globalThis[Symbol.for("opentelemetry.js.api.1")]; console.log(api && api.trace ? "exporting" : "not exporting"); process.exit(0)';
    const run = (env: Record<string, string>) => execFileSync(process.execPath, ['-e', probe], { cwd: out, env: { ...clean, ...settings, ...env }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    expect(run({})).toContain('not exporting');
    // Unreachable endpoint: nothing leaves this machine.
    expect(run({ APPLICATIONINSIGHTS_CONNECTION_STRING: 'InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=http://127.0.0.1:9/' })).toMatch(/^exporting$/m);
  }, 30_000);
});

import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { ManifestProblem } from '../../tools/manifest-check';
import { type PackageValues, renderManifest, ROOT, valuesFromEnvironment } from '../../tools/manifest-values';

const VALUES: PackageValues = {
  appId: '0f3c1a7e-4b2d-4c9e-9a11-2b7f5d8e6c40',
  apiClientId: '6f1c6d8e-3b7a-4c55-9d2e-0a1b2c3d4e5f',
  botAppId: '9a7e3c51-2d4b-4f68-8e0a-6b1c5d3f7e92',
  pagesUrl: 'https://followthrough.contoso.example',
  version: '1.2.3',
};
const ICONS = path.join(ROOT, 'addin/public/icons');

type Breakage = [string, (manifest: any) => void, string];
const BREAKAGES: Breakage[] = [
  ['an http page URL', (m) => (m.staticTabs[0].contentUrl = 'http://followthrough.contoso.example/tab.html'), 'staticTabs[0].contentUrl'],
  ['a URL outside validDomains', (m) => (m.developer.privacyUrl = 'https://elsewhere.example/privacy'), 'developer.privacyUrl'],
  ['an app id that is not a GUID', (m) => (m.id = 'followthrough'), 'id'],
  ['a bot id that is not a GUID', (m) => (m.bots[0].botId = 'followthrough-bot'), 'bots.0.botId'],
  ['an activity type the code never sends', (m) => m.activities.activityTypes.push({ type: 'itemExploded', description: 'x', templateText: '{x}' }), 'activities.activityTypes'],
  ['an activity type the code sends but the manifest lacks', (m) => m.activities.activityTypes.splice(0, 1), 'activities.activityTypes'],
  ['a template text unlike the code’s', (m) => (m.activities.activityTypes[1].templateText = '{title} is late'), 'activities.activityTypes[itemOverdue].templateText'],
  ['no resource-specific permission for the activity feed', (m) => delete m.authorization, 'authorization.permissions.resourceSpecific'],
  ['the feed permission as a delegated one', (m) => (m.authorization.permissions.resourceSpecific[0].type = 'Delegated'), 'authorization.permissions.resourceSpecific'],
  ['a permission the app does not use', (m) => m.authorization.permissions.resourceSpecific.push({ name: 'ChatMessage.Read.Chat', type: 'Application' }), 'authorization.permissions.resourceSpecific[1]'],
  ['the tenant-wide TeamsActivity.Send', (m) => (m.authorization.permissions.resourceSpecific[0].name = 'TeamsActivity.Send'), 'authorization.permissions.resourceSpecific[0]'],
  ['a short name over 30 characters (schema)', (m) => (m.name.short = 'Followthrough for every sales team'), 'schema'],
];

/** Runs every case through the real validators (schema, office-addin-manifest, ours) in one child process. */
function validate(cases: { manifest: unknown; colorIcon?: string; outlineIcon?: string }[]): ManifestProblem[][] {
  const out = execFileSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'tools/package.ts'), '--check'], { cwd: ROOT, input: JSON.stringify(cases), encoding: 'utf8' });
  return JSON.parse(out) as ManifestProblem[][];
}

describe('the app package', () => {
  const broken = BREAKAGES.map(([, breakIt]) => {
    const manifest = renderManifest(VALUES);
    breakIt(manifest);
    return { manifest };
  });
  const results = validate([
    { manifest: renderManifest(VALUES) },
    ...broken,
    { manifest: renderManifest(VALUES), colorIcon: path.join(ICONS, 'outline.png'), outlineIcon: path.join(ICONS, 'color.png') },
  ]);

  it('passes the bundled schema, office-addin-manifest and our own checks with a deployment’s values', () => {
    expect(results[0]).toEqual([]);
    const manifest = renderManifest(VALUES);
    expect(manifest.manifestVersion).toBe('1.30');
    expect(manifest.validDomains).toEqual(['followthrough.contoso.example']);
    expect(manifest.extensions[0].runtimes[0].code.page).toBe('https://followthrough.contoso.example/taskpane.html?host=outlook');
    expect(manifest.webApplicationInfo).toEqual({ id: VALUES.apiClientId, resource: `api://followthrough.contoso.example/${VALUES.apiClientId}` });
    // The activity feed through the resource-specific permission (v1.30 shape), never a tenant-wide one.
    expect(manifest.authorization).toEqual({ permissions: { resourceSpecific: [{ name: 'TeamsActivity.Send.User', type: 'Application' }] } });
    // The bot: the personal chat its reminder cards arrive in, not a conversation partner.
    expect(manifest.bots).toEqual([{ botId: VALUES.botAppId, scopes: ['personal'], isNotificationOnly: true, supportsFiles: false }]);
  });

  it('names every missing setting', () => {
    expect(valuesFromEnvironment({}).problems.map((p) => p.path)).toEqual(['TEAMS_APP_ID', 'API_CLIENT_ID', 'BOT_APP_ID', 'PAGES_URL']);
  });

  it.each(BREAKAGES.map(([name, , field], i) => [name, field, i] as const))('fails on %s, naming %s', (_name, field, i) => {
    expect((results[i + 1] as ManifestProblem[]).map((p) => p.path)).toContain(field);
  });

  it('says which field the schema refuses', () => {
    const schemaProblem = (results[BREAKAGES.length] as ManifestProblem[]).find((p) => p.path === 'schema');
    expect(schemaProblem?.message).toMatch(/^\/name\/short must NOT have more than 30 characters/);
  });

  it('fails on icons of the wrong size or an outline that is not transparent', () => {
    expect(results[BREAKAGES.length + 1]).toEqual(
      expect.arrayContaining([
        { path: 'icons.color', message: 'must be 192×192, is 32×32' },
        { path: 'icons.outline', message: 'must be 32×32, is 192×192' },
        { path: 'icons.outline', message: 'has no transparent background' },
      ]),
    );
  });
});

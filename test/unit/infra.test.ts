import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { SETTING_NAMES } from '../../functions/src/platform/config';
import { CONTAINERS } from '../../functions/src/store/layout';

const INFRA = path.resolve(__dirname, '../../infra');
const read = (file: string) => readFileSync(path.join(INFRA, file), 'utf8');
const bicepFiles = ['main.bicep', ...readdirSync(path.join(INFRA, 'modules')).map((f) => `modules/${f}`)];

/** Settings that hold secrets: the deployment must never set them (managed identity instead). */
const SECRETS = ['COSMOS_KEY', 'GRAPH_CLIENT_SECRET'];
/** Settings of the Functions platform itself, not read by our code. */
const PLATFORM = /^(AzureWebJobsStorage__|APPLICATIONINSIGHTS_CONNECTION_STRING$|FUNCTIONS_)/;

describe('the infrastructure and the code agree', () => {
  it('deploys exactly the containers, partition keys and indexing policies the store creates', () => {
    expect(JSON.parse(read('cosmos-layout.json'))).toEqual(JSON.parse(JSON.stringify(Object.values(CONTAINERS))));
    const cosmos = read('modules/cosmos.bicep');
    expect(cosmos).toContain("loadJsonContent('../cosmos-layout.json')");
    expect(cosmos).toMatch(/for c in containers:/);
    expect(cosmos).toContain('disableLocalAuth: true');
    expect(cosmos).toMatch(/backupPolicy: \{ type: 'Continuous'/);
  });

  it('sets every setting the functions read, no secret, and nothing they do not read', () => {
    const functionApp = read('modules/functionapp.bicep');
    const set = [...functionApp.matchAll(/\{ name: '([A-Za-z_]+)', value:/g)].map((m) => m[1] as string);
    const ours = set.filter((name) => !PLATFORM.test(name));
    const expected = SETTING_NAMES.filter((name) => !SECRETS.includes(name));
    expect([...ours].sort()).toEqual([...expected].sort());
    for (const secret of SECRETS) expect(set).not.toContain(secret);
    expect(set).toEqual(expect.arrayContaining(['AzureWebJobsStorage__accountName', 'AzureWebJobsStorage__credential']));
  });

  it('describes every parameter, names resources from a token, and lists no keys', () => {
    for (const file of bicepFiles) {
      const lines = read(file).split('\n');
      lines.forEach((line, i) => {
        if (!/^param \w+/.test(line)) return;
        const before = lines.slice(Math.max(0, i - 4), i).join('\n');
        expect({ file, line, described: before.includes('@description(') }).toEqual({ file, line, described: true });
      });
      expect(read(file)).not.toMatch(/listKeys\(|AccountKey=|primaryMasterKey/);
    }
    const main = read('main.bicep');
    expect(main).toContain('uniqueString(subscription().id, resourceGroup().id, environmentName)');
    for (const match of main.matchAll(/name: '([^']+)'/g)) {
      if (match[1]?.includes('${')) expect(match[1]).toContain('${resourceToken}');
    }
  });
});

import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * With a user-assigned identity, a managed-identity credential that is not told the identity's client id finds no
 * identity and every Azure call fails (Cosmos and Application Insights have local auth off). This keeps every
 * credential the functions build naming it.
 */
const SRC = path.resolve(__dirname, '../../functions/src');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    return statSync(file).isDirectory() ? sources(file) : file.endsWith('.ts') ? [file] : [];
  });
}

/** Every `new XCredential(…)` call with its argument text, per file. */
function credentialCalls(text: string): { kind: string; args: string }[] {
  return [...text.matchAll(/new (ManagedIdentityCredential|DefaultAzureCredential)\(([^)]*)\)/g)].map((m) => ({ kind: m[1] as string, args: m[2] as string }));
}

/** What a credential call must look like: a managed identity by client id; DefaultAzureCredential only as the developer's fallback. */
function problems(file: string, text: string): string[] {
  return credentialCalls(text).flatMap(({ kind, args }) => {
    if (kind === 'ManagedIdentityCredential' && !/clientId/.test(args)) return [`${file}: ManagedIdentityCredential(${args}) without the identity's client id`];
    if (kind === 'DefaultAzureCredential' && !/managedIdentityClientId \? new ManagedIdentityCredential\(\{ clientId: managedIdentityClientId \}\) : new DefaultAzureCredential\(\)/.test(text)) {
      return [`${file}: DefaultAzureCredential(${args}) outside the developer fallback`];
    }
    return [];
  });
}

describe('Azure credentials in the functions', () => {
  it('always name the user-assigned identity by its client id', () => {
    const found = sources(SRC).flatMap((file) => problems(path.relative(SRC, file), readFileSync(file, 'utf8')));
    expect(found).toEqual([]);
    // The five places that sign in to Azure are all seen by this check (the bot's Bot Connector tokens among them).
    const seen = sources(SRC).filter((file) => credentialCalls(readFileSync(file, 'utf8')).length > 0).map((f) => path.relative(SRC, f)).sort();
    expect(seen).toEqual(['blobs/azure-blob-store.ts', 'bot/connector-auth.ts', 'notify/graph-auth.ts', 'platform/azure-monitor.ts', 'store/cosmos.ts']);
  });

  it('would catch a credential without the client id', () => {
    expect(problems('x.ts', 'const c = new ManagedIdentityCredential();')).toEqual(["x.ts: ManagedIdentityCredential() without the identity's client id"]);
    expect(problems('y.ts', 'aadCredentials: new DefaultAzureCredential()')).toEqual(['y.ts: DefaultAzureCredential() outside the developer fallback']);
  });
});

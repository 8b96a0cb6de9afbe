/** The deployment's values for the manifest template, and the template filled with them. No validators here. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ManifestProblem } from './manifest-check';

export const ROOT = path.resolve(__dirname, '..');
export interface PackageValues {
  appId: string;
  apiClientId: string;
  /** The bot's app id: in Azure the client id of the function app's user-assigned identity (a user-assigned-MSI bot). */
  botAppId: string;
  pagesUrl: string;
  version: string;
}

export function valuesFromEnvironment(env: Record<string, string | undefined> = process.env): { values: PackageValues; problems: ManifestProblem[] } {
  const problems: ManifestProblem[] = [];
  const need = (name: string) => {
    const value = env[name]?.trim();
    if (!value) problems.push({ path: name, message: 'is not set (environment or .env)' });
    return value ?? '';
  };
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
  return {
    values: { appId: need('TEAMS_APP_ID'), apiClientId: need('API_CLIENT_ID'), botAppId: need('BOT_APP_ID'), pagesUrl: need('PAGES_URL').replace(/\/+$/, ''), version: env.APP_VERSION?.trim() || pkg.version },
    problems,
  };
}

/** The manifest template with the deployment's values substituted. */
export function renderManifest(values: PackageValues, template = readFileSync(path.join(ROOT, 'manifest.json'), 'utf8')): Record<string, any> {
  let domain = values.pagesUrl;
  try {
    domain = new URL(values.pagesUrl).host;
  } catch {
    // checkManifest names the field
  }
  const filled = template
    .replaceAll('{{APP_ID}}', values.appId)
    .replaceAll('{{API_CLIENT_ID}}', values.apiClientId)
    .replaceAll('{{BOT_APP_ID}}', values.botAppId)
    .replaceAll('{{PAGES_URL}}', values.pagesUrl)
    .replaceAll('{{PAGES_DOMAIN}}', domain)
    .replaceAll('{{VERSION}}', values.version);
  return JSON.parse(filled) as Record<string, any>;
}


/**
 * What infra/ must never bring back: keys and secrets, tenant-wide Graph permissions for mail or the activity feed,
 * local (key) authentication switched on, and managed-identity credentials that do not name the identity's client id.
 * test/unit/infra.test.ts runs it over infra/ (and over broken copies, so every rule is known to fire);
 * `npm run test:infra` runs it over the compiled ARM template too.
 *
 * It reads text, line by line: Bicep, the shell scripts, JSON. Whole-line comments are skipped (they may name what is
 * forbidden, to say why); everything else counts.
 */

export interface PolicyFinding {
  file: string;
  /** 1-based line number. */
  line: number;
  rule: PolicyRule;
  text: string;
}

export type PolicyRule =
  | 'key-lookup'
  | 'key-material'
  | 'secret-setting'
  | 'secret-credential'
  | 'secret-into-settings'
  | 'tenant-wide-permission'
  | 'local-auth-enabled'
  | 'identity-without-client-id';

/** Graph application permissions (app role ids) that reach every mailbox or every user's activity feed. */
export const TENANT_WIDE_GRAPH_ROLES = {
  'Mail.Send': 'b633e1c5-b582-4048-a93e-9f11b44c7e96',
  'TeamsActivity.Send': 'a267235f-af13-44dc-8385-c1dc93023186',
} as const;

/** Settings that are not secrets although their names look like one. */
const NOT_SECRET_SETTINGS = new Set(['APPLICATIONINSIGHTS_CONNECTION_STRING']);
const SECRET_SETTING = /^(COSMOS_KEY|GRAPH_CLIENT_SECRET|AzureWebJobsStorage|AzureWebJobsDashboard)$|_SECRET$|_KEY$|_PASSWORD$|CONNECTION_?STRING$|SAS_?TOKEN$/i;

const KEY_LOOKUPS = [
  /\blist(Keys|ConnectionStrings|AccountSas|ServiceSas|Secrets|Credentials)\s*\(/i,
  /\b(keys list|keys renew|list-keys|connection-string show|show-connection-string|credentials list|publish-profile)\b/i,
];
const KEY_MATERIAL = [
  /AccountKey=|SharedAccessKey=|SharedAccessSignature=|InstrumentationKey=/i,
  /\b(primary|secondary)(Readonly)?MasterKey\b|\b(primary|secondary)Key\b|\b(primary|secondary)ConnectionString\b/i,
  /\.InstrumentationKey\b|APPINSIGHTS_INSTRUMENTATIONKEY/i,
];
const SECRET_CREDENTIALS = [
  /clientSecret|client_secret|passwordCredentials|addPassword/i,
  /\b(app|sp) credential reset\b|\bcreate-for-rbac\b/i,
  /@secure\(\)/,
];
/** Commands whose output is a secret: fine for a shell variable used once, never for an app setting. */
const SECRET_OUTPUT = /secrets list|keys list|list-keys|connection-string show|credential reset|get-access-token|publishing-credentials/i;
const SETTINGS_WRITE = /appsettings set|--settings\b|settings set/i;
const TENANT_WIDE = [
  new RegExp(Object.values(TENANT_WIDE_GRAPH_ROLES).join('|'), 'i'),
  // an application permission of any API in requiredResourceAccess (also inside an escaped shell string), or az's id=Role
  /\\?"type\\?"\s*:\s*\\?"Role\\?"/,
  /=Role\b/,
  // the permission's name (Exchange's role "Application Mail.Send", scoped to one mailbox, is not the Graph one)
  /(?<!Application )\bMail\.Send\b|\bTeamsActivity\.Send\b(?!\.User)/,
  /appRoleAssignedTo/,
];
const LOCAL_AUTH = [/"?disableLocalAuth"?\s*:\s*false/i, /"?allowSharedKeyAccess"?\s*:\s*true/i, /"?disableKeyBasedMetadataWriteAccess"?\s*:\s*false/i];

interface Setting {
  name: string;
  /** The rest of the line after the name: the value, as written. */
  value: string;
  line: number;
}

function isComment(line: string): boolean {
  const t = line.trim();
  return t.startsWith('//') || (t.startsWith('#') && !t.startsWith('#!')) || t.startsWith('*') || t.startsWith('/*');
}

/** App settings as infra writes them: Bicep `{ name: 'X', value: … }` (one or two lines) and az `--settings X=…`. */
function settingsOf(lines: string[]): Setting[] {
  const settings: Setting[] = [];
  lines.forEach((text, i) => {
    if (isComment(text)) return;
    const bicep = text.match(/\bname:\s*'([\w.-]+)'\s*,?\s*(value:.*)?$/);
    if (bicep?.[1]) {
      const value = bicep[2] ?? (/^\s*value:/.test(lines[i + 1] ?? '') ? (lines[i + 1] as string) : undefined);
      if (value !== undefined) settings.push({ name: bicep[1], value, line: i + 1 });
    }
    const json = text.match(/"name"\s*:\s*"([\w.-]+)"\s*,\s*("value"\s*:.*)$/);
    if (json?.[1] && json[2]) settings.push({ name: json[1], value: json[2], line: i + 1 });
    if (/--settings\b/.test(text)) {
      for (const m of text.slice(text.indexOf('--settings')).matchAll(/(?:^|\s)"?([A-Za-z_][\w.]*)=("[^"]*"|\S*)/g)) {
        if (m[1]) settings.push({ name: m[1], value: m[2] ?? '', line: i + 1 });
      }
    }
  });
  return settings;
}

/** Every problem in these files (path → text). An empty list: infra/ is as it should be. */
export function policyFindings(files: Record<string, string>): PolicyFinding[] {
  const findings: PolicyFinding[] = [];
  for (const [file, content] of Object.entries(files)) {
    const lines = content.split('\n');
    const add = (line: number, rule: PolicyRule) => findings.push({ file, line, rule, text: (lines[line - 1] ?? '').trim() });
    const secretVars = new Set<string>();

    lines.forEach((text, i) => {
      if (isComment(text)) return;
      const n = i + 1;
      if (KEY_LOOKUPS.some((re) => re.test(text))) add(n, 'key-lookup');
      if (KEY_MATERIAL.some((re) => re.test(text))) add(n, 'key-material');
      if (SECRET_CREDENTIALS.some((re) => re.test(text))) add(n, 'secret-credential');
      if (TENANT_WIDE.some((re) => re.test(text))) add(n, 'tenant-wide-permission');
      if (LOCAL_AUTH.some((re) => re.test(text))) add(n, 'local-auth-enabled');
      // A shell variable holding a command's secret output …
      const assigned = text.match(/(?:^|\s|export\s+)([A-Za-z_]\w*)=\$\((.*)/);
      if (assigned?.[1] && SECRET_OUTPUT.test(assigned[2] ?? '')) secretVars.add(assigned[1]);
      // … or the command itself, written into the app's settings.
      if (SETTINGS_WRITE.test(text)) {
        const usesSecretVar = [...secretVars].some((v) => new RegExp(`\\$\\{?${v}\\b`).test(text));
        if (usesSecretVar || SECRET_OUTPUT.test(text)) add(n, 'secret-into-settings');
      }
      // A user-assigned identity named by type but not by id.
      if (/type:\s*'UserAssignedIdentity'/.test(text)) {
        const around = lines.slice(i, i + 4).join('\n');
        if (!/userAssignedIdentityResourceId:\s*\S/.test(around)) add(n, 'identity-without-client-id');
      }
    });

    const settings = settingsOf(lines);
    const names = new Set(settings.map((s) => s.name));
    for (const s of settings) {
      if (SECRET_SETTING.test(s.name) && !NOT_SECRET_SETTINGS.has(s.name)) add(s.line, 'secret-setting');
      // AzureWebJobsStorage__credential=managedidentity (and any <connection>__credential) needs <connection>__clientId.
      const connection = s.name.match(/^(.+)__credential$/)?.[1];
      if (connection && !names.has(`${connection}__clientId`)) add(s.line, 'identity-without-client-id');
      if (s.name === 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING' && !/ClientId=/.test(s.value)) add(s.line, 'identity-without-client-id');
    }
  }
  return findings;
}

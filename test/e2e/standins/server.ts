// The outside world the Outlook and Teams pages reach for, on loopback: one HTTPS server (a certificate made for the
// run) that answers as Office.js's CDN (appsforoffice.microsoft.com) and as an OpenID Connect authority
// (login.followthrough.test) whose tokens the local issuer mints. Chromium is pointed at it with
// --host-resolver-rules, and trusts its certificate by key (--ignore-certificate-errors-spki-list) — no page.route,
// which would answer CORS preflights itself and hide real CORS failures.
import { execFileSync } from 'node:child_process';
import { createHash, createPublicKey, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import type { DevUser } from '../../../functions/local/dev-identity';
import { GRAPH_AUDIENCES, GRAPH_DELEGATED_SCOPES } from '../../../functions/local/graph-standin';
import type { LocalHost } from '../../../functions/local/server';

export const OFFICE_JS_HOST = 'appsforoffice.microsoft.com';
export const AUTHORITY_HOST = 'login.followthrough.test';

/** Bundles a stand-in (TypeScript) into one script a browser runs as it is. */
export async function bundleForBrowser(entry: string): Promise<string> {
  const out = await build({ entryPoints: [path.join(__dirname, entry)], bundle: true, format: 'iife', target: 'es2022', write: false, logLevel: 'warning' });
  return out.outputFiles[0]?.text ?? '';
}

export interface StandIns {
  port: number;
  /** Chromium host resolver rules that send the stand-ins' hosts here (launchChromium makes every other host unresolvable). */
  hostRules: string[];
  /** Chromium flags that trust this server's certificate, by its key only. */
  chromiumArgs: string[];
  /** `missing`: the CDN answers 404 for office.js. */
  officeJs: 'serve' | 'missing';
  /** Who the OIDC authority signs in; null: the user cancels (the authority answers `access_denied`). */
  signInAs: DevUser | null;
  /** The authority of a tenant, as standard MSAL is configured with it. */
  authority(tenantId: string): string;
  /** Requests seen, `METHOD host path`, for the test to read back. */
  seen: string[];
  close(): Promise<void>;
}

interface PendingCode {
  user: DevUser;
  nonce: string;
  clientId: string;
  scope: string;
  tenantId: string;
}

const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A certificate for both hosts, made with openssl for this run only. */
function makeCertificate(): { key: Buffer; cert: Buffer; spki: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'followthrough-standins-'));
  try {
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=Followthrough test stand-ins',
      '-addext', `subjectAltName=DNS:${OFFICE_JS_HOST},DNS:${AUTHORITY_HOST}`,
      '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem'),
    ], { stdio: 'ignore' });
    const key = readFileSync(path.join(dir, 'key.pem'));
    const cert = readFileSync(path.join(dir, 'cert.pem'));
    const der = createPublicKey(cert).export({ type: 'spki', format: 'der' });
    return { key, cert, spki: createHash('sha256').update(der).digest('base64') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function startStandIns(product: LocalHost): Promise<StandIns> {
  const officeJs = await bundleForBrowser('office.ts');
  const { key, cert, spki } = makeCertificate();
  const codes = new Map<string, PendingCode>();
  const refreshTokens = new Map<string, PendingCode>();

  const server: Server = createServer({ key, cert }, (req, res) => {
    void (async () => {
      const host = (req.headers.host ?? '').split(':')[0] ?? '';
      const url = new URL(req.url ?? '/', `https://${host}`);
      standIns.seen.push(`${req.method} ${host} ${url.pathname}`);
      const cors = { 'access-control-allow-origin': req.headers.origin ?? '*', 'access-control-allow-headers': '*', 'access-control-allow-methods': 'GET, POST', vary: 'origin' };

      if (host === OFFICE_JS_HOST && url.pathname === '/lib/1/hosted/office.js') {
        if (standIns.officeJs === 'missing') return void res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
        return void res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' }).end(officeJs);
      }
      if (host !== AUTHORITY_HOST) return void res.writeHead(404).end();
      if (req.method === 'OPTIONS') return void res.writeHead(204, cors).end();

      const match = /^\/([0-9a-f-]{36})\/(v2\.0\/\.well-known\/openid-configuration|oauth2\/v2\.0\/authorize|oauth2\/v2\.0\/token|discovery\/v2\.0\/keys)$/.exec(url.pathname);
      const tenantId = match?.[1];
      if (!tenantId) return void res.writeHead(404, cors).end();
      const issuer = standIns.authority(tenantId);
      const endpoint = `https://${AUTHORITY_HOST}/${tenantId}`;

      if (match[2]?.endsWith('openid-configuration')) {
        return void res.writeHead(200, { ...cors, 'content-type': 'application/json' }).end(JSON.stringify({
          issuer,
          authorization_endpoint: `${endpoint}/oauth2/v2.0/authorize`,
          token_endpoint: `${endpoint}/oauth2/v2.0/token`,
          end_session_endpoint: `${endpoint}/oauth2/v2.0/logout`,
          jwks_uri: `${endpoint}/discovery/v2.0/keys`,
          response_types_supported: ['code'],
          response_modes_supported: ['query', 'fragment'],
          scopes_supported: ['openid', 'profile', 'offline_access'],
          subject_types_supported: ['pairwise'],
          id_token_signing_alg_values_supported: ['RS256'],
          code_challenge_methods_supported: ['S256'],
        }));
      }
      if (match[2]?.endsWith('keys')) return void res.writeHead(200, { ...cors, 'content-type': 'application/json' }).end(JSON.stringify(product.identity.jwks));

      if (match[2]?.endsWith('authorize')) {
        // The user signs in at once (or cancels); the answer goes back to the redirect URI as the request asked.
        const redirect = url.searchParams.get('redirect_uri') ?? '';
        const separator = url.searchParams.get('response_mode') === 'query' ? '?' : '#';
        const state = url.searchParams.get('state') ?? '';
        const answer = new URLSearchParams({ state });
        if (!standIns.signInAs) {
          answer.set('error', 'access_denied');
          answer.set('error_description', 'The user cancelled signing in.');
        } else {
          const code = randomUUID();
          codes.set(code, { user: standIns.signInAs, nonce: url.searchParams.get('nonce') ?? '', clientId: url.searchParams.get('client_id') ?? '', scope: url.searchParams.get('scope') ?? '', tenantId });
          answer.set('code', code);
        }
        return void res.writeHead(302, { location: `${redirect}${separator}${answer}` }).end();
      }

      // The token endpoint: an authorization code or a refresh token, form-encoded.
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      const grant = form.get('grant_type') === 'refresh_token' ? refreshTokens.get(form.get('refresh_token') ?? '') : codes.get(form.get('code') ?? '');
      if (!grant) return void res.writeHead(400, { ...cors, 'content-type': 'application/json' }).end(JSON.stringify({ error: 'invalid_grant', error_description: 'Unknown code.' }));
      codes.delete(form.get('code') ?? '');
      const now = Math.floor(Date.now() / 1000);
      const refreshToken = randomUUID();
      refreshTokens.set(refreshToken, grant);
      const idToken = `${base64url({ typ: 'JWT', alg: 'none' })}.${base64url({
        aud: grant.clientId, iss: issuer, iat: now, nbf: now, exp: now + 3600, nonce: grant.nonce, sub: grant.user.userId, oid: grant.user.userId,
        tid: grant.user.tenantId, name: grant.user.displayName, preferred_username: grant.user.email, ver: '2.0',
      })}.c3RhbmQtaW4`;
      // A refresh for Graph scopes the user consented to at the authorize step (MSAL's extraScopesToConsent) gives a
      // Graph token, as Entra does; anything else is a token for Followthrough's API.
      const asked = (form.get('scope') ?? grant.scope).split(' ');
      const consented = new Set(grant.scope.split(' '));
      const graphScopes = asked.filter((s) => (GRAPH_DELEGATED_SCOPES as readonly string[]).includes(s) && consented.has(s));
      const forGraph = graphScopes.length > 0 && !asked.some((s) => s.startsWith('api://'));
      return void res.writeHead(200, { ...cors, 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify({
        token_type: 'Bearer',
        scope: forGraph ? graphScopes.join(' ') : grant.scope.split(' ').filter((s) => s.startsWith('api://')).join(' '),
        expires_in: 3600,
        access_token: forGraph ? await product.identity.mint(grant.user, { aud: GRAPH_AUDIENCES[0], scp: graphScopes.join(' '), roles: undefined }) : await product.identity.mint(grant.user),
        id_token: idToken,
        refresh_token: refreshToken,
      }));
    })().catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const standIns: StandIns = {
    port,
    hostRules: [`MAP ${OFFICE_JS_HOST} 127.0.0.1:${port}`, `MAP ${AUTHORITY_HOST} 127.0.0.1:${port}`],
    chromiumArgs: [`--ignore-certificate-errors-spki-list=${spki}`],
    officeJs: 'serve',
    signInAs: null,
    authority: (tenantId) => `https://${AUTHORITY_HOST}/${tenantId}/v2.0`,
    seen: [],
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return standIns;
}

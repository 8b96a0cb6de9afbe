import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';

/** The local API's app registration, as an Entra admin would create it: its client id is the token audience. */
export const LOCAL_API_CLIENT_ID = '6f1c6d8e-3b7a-4c55-9d2e-0a1b2c3d4e5f';
/** The client app that "requested" the token (Outlook/Teams in production). */
export const LOCAL_CLIENT_APP_ID = 'b7e3f0a2-1c4d-4e8f-9a6b-5c7d8e9f0a1b';
export const TOKEN_LIFETIME_SECONDS = 3600;

export interface DevUser {
  userId: string;
  tenantId: string;
  displayName: string;
  email: string;
  roles: string[];
}

export interface DevIdentity {
  kid: string;
  jwks: { keys: JWK[] };
  issuerFor(tenantId: string): string;
  /** Mints an Entra-v2-shaped access token; `overrides` lets tests forge bad ones. */
  mint(user: DevUser, overrides?: Record<string, unknown>): Promise<string>;
}

/**
 * A local stand-in for Entra ID: an RSA key made at start, published as a JWKS, signing access tokens with the
 * claims Entra puts in v2 tokens. The API verifies them with the same code as real ones.
 */
export async function createDevIdentity(issuerTemplate: string, audience = LOCAL_API_CLIENT_ID): Promise<DevIdentity> {
  const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = randomUUID();
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  const issuerFor = (tenantId: string) => issuerTemplate.replace('{tenantid}', tenantId);
  return {
    kid,
    jwks: { keys: [jwk] },
    issuerFor,
    async mint(user, overrides = {}) {
      const now = Math.floor(Date.now() / 1000);
      const claims: Record<string, unknown> = {
        aud: audience,
        iss: issuerFor(user.tenantId),
        iat: now,
        nbf: now,
        exp: now + TOKEN_LIFETIME_SECONDS,
        tid: user.tenantId,
        oid: user.userId,
        sub: user.userId,
        azp: LOCAL_CLIENT_APP_ID,
        scp: 'access_as_user',
        name: user.displayName,
        preferred_username: user.email,
        ver: '2.0',
        ...(user.roles.includes('admin') ? { roles: ['Followthrough.Admin'] } : {}),
        ...overrides,
      };
      return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid }).sign(privateKey);
    },
  };
}

import { createRemoteJWKSet, errors as joseErrors, type JWTPayload, jwtVerify } from 'jose';
import { type Role, Unauthorized, Unavailable, type VerifiedCaller } from '../domain';
import type { AuthConfig } from './config';

/** Entra's clock-skew allowance (as Microsoft.Identity.Web): 5 minutes. */
const CLOCK_TOLERANCE_SECONDS = 300;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface TokenVerifier {
  /** Verifies the `Authorization` header's bearer token and says who the caller is; Unauthorized otherwise. */
  verify(authorization: string | null): Promise<VerifiedCaller>;
}

/**
 * Verifies Entra ID v2 access tokens: RS256 signature against the issuer's JWKS, audience, the exact issuer for the
 * token's tenant, an allowed tenant, the delegated scope, and the token's lifetime. The local host uses this same
 * code with its own issuer and JWKS; there is no way to switch verification off.
 */
export function createTokenVerifier(config: AuthConfig): TokenVerifier {
  const jwks = createRemoteJWKSet(new URL(config.jwksUrl), { cooldownDuration: 30_000, cacheMaxAge: 24 * 3600_000 });
  const allowed = new Set(config.allowedTenants);

  return {
    async verify(authorization) {
      const token = bearerToken(authorization);
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, jwks, {
          algorithms: ['RS256'],
          audience: config.audiences,
          clockTolerance: CLOCK_TOLERANCE_SECONDS,
          requiredClaims: ['iss', 'aud', 'exp', 'iat', 'tid', 'oid'],
        }));
      } catch (error) {
        throw describeJoseFailure(error);
      }
      const tid = stringClaim(payload, 'tid').toLowerCase();
      const oid = stringClaim(payload, 'oid').toLowerCase();
      if (!GUID.test(tid) || !GUID.test(oid)) throw new Unauthorized('The token does not name a tenant and user.');
      if (payload.iss !== config.issuerTemplate.replace('{tenantid}', tid)) {
        throw new Unauthorized("The token's issuer does not match its tenant.");
      }
      if (!allowed.has(tid)) throw new Unauthorized('Your organization is not enabled for this app.');
      const scopes = typeof payload.scp === 'string' ? payload.scp.split(' ') : [];
      if (!scopes.includes(config.requiredScope)) throw new Unauthorized(`The token lacks the ${config.requiredScope} scope.`);
      const appRoles = Array.isArray(payload.roles) ? payload.roles : [];
      const roles: Role[] = appRoles.includes(config.adminAppRole) ? ['admin'] : [];
      return {
        tenantId: tid,
        userId: oid,
        displayName: optionalString(payload, 'name') ?? '',
        email: (optionalString(payload, 'preferred_username') ?? optionalString(payload, 'email') ?? '').toLowerCase(),
        roles,
      };
    },
  };
}

function bearerToken(authorization: string | null): string {
  const match = /^Bearer ([A-Za-z0-9_\-.=]+)$/i.exec(authorization?.trim() ?? '');
  if (!match?.[1]) throw new Unauthorized('Send an access token: Authorization: Bearer <token>.');
  return match[1];
}

function stringClaim(payload: JWTPayload, name: string): string {
  const value = payload[name];
  if (typeof value !== 'string' || value.length === 0) throw new Unauthorized(`The token lacks the ${name} claim.`);
  return value;
}

function optionalString(payload: JWTPayload, name: string): string | undefined {
  const value = payload[name];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function describeJoseFailure(error: unknown): Error {
  if (error instanceof joseErrors.JWTExpired) return new Unauthorized('The token has expired.');
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    if (error.claim === 'nbf') return new Unauthorized('The token is not valid yet.');
    if (error.claim === 'aud') return new Unauthorized('The token is for another audience.');
    return new Unauthorized(`The token's ${error.claim} claim is not acceptable.`);
  }
  if (error instanceof joseErrors.JWKSTimeout) return new Unavailable('The identity provider did not answer in time. Retry shortly.');
  if (error instanceof joseErrors.JOSEAlgNotAllowed) return new Unauthorized('The token is not signed with RS256.');
  if (error instanceof joseErrors.JOSEError) return new Unauthorized('The token could not be verified.');
  // fetch failures reaching the JWKS endpoint
  return new Unavailable('The identity provider could not be reached. Retry shortly.');
}

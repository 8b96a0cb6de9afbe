import { createRemoteJWKSet, decodeJwt, errors as joseErrors, importJWK, type JWK, type JWTHeaderParameters, type JWTPayload, type JWTVerifyOptions, jwtVerify } from 'jose';
import { Unauthorized, Unavailable } from '../domain';
import type { AuthConfig, BotConfig } from './config';

/** As the Bot Framework SDKs: 5 minutes of clock skew. */
const CLOCK_TOLERANCE_SECONDS = 300;
/** OpenID metadata and keys are read again after a day, or sooner when a token names a key we do not know. */
const METADATA_MAX_AGE_MS = 24 * 3600_000;
const UNKNOWN_KEY_COOLDOWN_MS = 30_000;
const FETCH_TIMEOUT_MS = 5_000;

/** Who sent an activity to /api/messages, as its token says. */
export interface BotCaller {
  /** `botframework` (the Bot Connector's own token) or `entra` (Entra ID issued it for the bot's tenant). */
  issuedBy: 'botframework' | 'entra';
  /** The connector the activity came through: where replies and proactive messages to this conversation go. */
  serviceUrl: string;
}

/** What of the activity the token check needs: the token must have been issued for this connector and channel. */
export interface ActivityOrigin {
  serviceUrl: string;
  channelId: string;
}

export interface BotTokenVerifier {
  /** Verifies the `Authorization` header of an activity POSTed to /api/messages; Unauthorized otherwise. */
  verify(authorization: string | null, activity: ActivityOrigin): Promise<BotCaller>;
}

interface EndorsedJwk extends JWK {
  /** The channels Bot Framework lets sign with this key (`msteams`, …). */
  endorsements?: string[];
}

/**
 * Verifies the Bot Connector's tokens as Azure Bot Service documents them: RS256, signed by a key Bot Framework's
 * OpenID metadata publishes and endorses for the activity's channel, `iss` the metadata's issuer
 * (`https://api.botframework.com`), `aud` our bot's app id, within its lifetime (5 minutes of skew), and a
 * `serviceurl` claim equal to the activity's `serviceUrl`. For a single-tenant or user-assigned-MSI bot
 * (BOT_TENANT_ID), a token Entra ID issued for the bot in that tenant passes the same checks with Entra's keys. The
 * local host points the metadata at its connector stand-in, which signs the same way; nothing switches this off.
 */
export function createBotTokenVerifier(bot: BotConfig | undefined, auth: Pick<AuthConfig, 'issuerTemplate' | 'jwksUrl'>): BotTokenVerifier {
  if (!bot) {
    return {
      async verify() {
        throw new Unauthorized('This deployment has no bot (BOT_APP_ID is not set).');
      },
    };
  }
  const botFramework = new OpenIdKeys(bot.openIdMetadataUrl);
  const entraKeys = createRemoteJWKSet(new URL(auth.jwksUrl), { cooldownDuration: UNKNOWN_KEY_COOLDOWN_MS, cacheMaxAge: METADATA_MAX_AGE_MS });
  const entraIssuers = bot.tenantId ? [auth.issuerTemplate.replace('{tenantid}', bot.tenantId), `https://sts.windows.net/${bot.tenantId}/`] : [];

  return {
    async verify(authorization, activity) {
      const token = bearerToken(authorization);
      let claimed: JWTPayload;
      try {
        claimed = decodeJwt(token);
      } catch {
        throw new Unauthorized('The token could not be verified.');
      }
      const metadata = await botFramework.metadata();
      const issuedBy = claimed.iss === metadata.issuer ? 'botframework' : typeof claimed.iss === 'string' && entraIssuers.includes(claimed.iss) ? 'entra' : null;
      if (!issuedBy) throw new Unauthorized('The token was not issued by Bot Framework.');
      let payload: JWTPayload;
      try {
        const options: JWTVerifyOptions = { algorithms: ['RS256'], audience: bot.appId, issuer: claimed.iss, clockTolerance: CLOCK_TOLERANCE_SECONDS, requiredClaims: ['iss', 'aud', 'exp'] };
        ({ payload } =
          issuedBy === 'botframework'
            ? await jwtVerify(token, (header: JWTHeaderParameters) => botFramework.key(header.kid, activity.channelId), options)
            : await jwtVerify(token, entraKeys, options));
      } catch (error) {
        throw describeFailure(error);
      }
      const serviceUrl = typeof payload.serviceurl === 'string' ? payload.serviceurl : typeof payload.serviceUrl === 'string' ? payload.serviceUrl : null;
      if (!serviceUrl) throw new Unauthorized('The token names no service URL.');
      if (normalizedUrl(serviceUrl) !== normalizedUrl(activity.serviceUrl)) throw new Unauthorized('The token was issued for another service URL than the activity names.');
      return { issuedBy, serviceUrl: activity.serviceUrl };
    },
  };
}

/** Bot Framework's OpenID metadata and signing keys, with each key's channel endorsements (which jose's key sets drop). */
interface LoadedKeys {
  issuer: string;
  keys: EndorsedJwk[];
  at: number;
}

class OpenIdKeys {
  private loaded: Promise<LoadedKeys> | null = null;

  constructor(private readonly metadataUrl: string) {}

  async metadata(): Promise<{ issuer: string }> {
    return this.current();
  }

  /** The public key a token names, if Bot Framework endorses it for the activity's channel. */
  async key(kid: string | undefined, channelId: string) {
    const loaded = await this.current();
    let keys = loaded.keys;
    const at = loaded.at;
    let jwk = keys.find((k: EndorsedJwk) => k.kid === kid);
    if (!jwk && Date.now() - at > UNKNOWN_KEY_COOLDOWN_MS) {
      this.loaded = null;
      ({ keys } = await this.current());
      jwk = keys.find((k: EndorsedJwk) => k.kid === kid);
    }
    if (!jwk) throw new Unauthorized('The token is signed with a key Bot Framework does not publish.');
    if (Array.isArray(jwk.endorsements) && !jwk.endorsements.includes(channelId)) {
      throw new Unauthorized(`The token's signing key is not endorsed for the ${channelId} channel.`);
    }
    const { endorsements: _endorsements, ...plain } = jwk;
    return importJWK({ ...plain, alg: 'RS256' }, 'RS256');
  }

  private current(): Promise<LoadedKeys> {
    const loaded = this.loaded;
    if (loaded) {
      return loaded.then((value): Promise<LoadedKeys> | LoadedKeys => {
        if (Date.now() - value.at < METADATA_MAX_AGE_MS) return value;
        this.loaded = null;
        return this.current();
      });
    }
    const fresh = this.fetchAll();
    this.loaded = fresh;
    fresh.catch(() => {
      if (this.loaded === fresh) this.loaded = null;
    });
    return fresh;
  }

  private async fetchAll(): Promise<LoadedKeys> {
    const metadata = await fetchJson(this.metadataUrl);
    const issuer = (metadata as { issuer?: unknown }).issuer;
    const jwksUri = (metadata as { jwks_uri?: unknown }).jwks_uri;
    if (typeof issuer !== 'string' || typeof jwksUri !== 'string') throw new Unavailable('Bot Framework\'s OpenID metadata names no issuer or keys. Retry shortly.');
    const jwks = await fetchJson(jwksUri);
    const keys = (jwks as { keys?: unknown }).keys;
    if (!Array.isArray(keys)) throw new Unavailable('Bot Framework published no signing keys. Retry shortly.');
    return { issuer, keys: keys as EndorsedJwk[], at: Date.now() };
  }
}

async function fetchJson(url: string): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
  } catch {
    throw new Unavailable('Bot Framework\'s signing keys could not be read. Retry shortly.');
  }
  if (!response.ok) throw new Unavailable(`Bot Framework's signing keys could not be read (${response.status}). Retry shortly.`);
  try {
    return await response.json();
  } catch {
    throw new Unavailable('Bot Framework\'s signing keys could not be read. Retry shortly.');
  }
}

function bearerToken(authorization: string | null): string {
  const match = /^Bearer ([A-Za-z0-9_\-.=]+)$/i.exec(authorization?.trim() ?? '');
  if (!match?.[1]) throw new Unauthorized('Send the Bot Connector\'s token: Authorization: Bearer <token>.');
  return match[1];
}

function normalizedUrl(url: string): string {
  return url.trim().replace(/\/+$/, '').toLowerCase();
}

function describeFailure(error: unknown): Error {
  if (error instanceof Unauthorized || error instanceof Unavailable) return error;
  if (error instanceof joseErrors.JWTExpired) return new Unauthorized('The token has expired.');
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    if (error.claim === 'nbf') return new Unauthorized('The token is not valid yet.');
    if (error.claim === 'aud') return new Unauthorized('The token is for another bot.');
    if (error.claim === 'iss') return new Unauthorized('The token was not issued by Bot Framework.');
    return new Unauthorized(`The token's ${error.claim} claim is not acceptable.`);
  }
  if (error instanceof joseErrors.JWKSTimeout) return new Unavailable('The identity provider did not answer in time. Retry shortly.');
  if (error instanceof joseErrors.JOSEAlgNotAllowed) return new Unauthorized('The token is not signed with RS256.');
  if (error instanceof joseErrors.JOSEError) return new Unauthorized('The token could not be verified.');
  return new Unavailable('The identity provider could not be reached. Retry shortly.');
}

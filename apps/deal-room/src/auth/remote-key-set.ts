import { Logger } from '@nestjs/common';
import { createRemoteJWKSet, errors, JWTVerifyGetKey } from 'jose';

/** The key set could not be had (unreachable, slow, not a key set): the server's problem, not the token's. */
export class KeySetUnavailableError extends Error {
  constructor(readonly reason: unknown) {
    super('The JSON Web Key Set could not be fetched');
    this.name = 'KeySetUnavailableError';
  }
}

export interface RemoteKeySetOptions {
  /** How long one fetch of the key set may take. */
  readonly timeoutMs?: number;
  /** The least time between two fetches, so that tokens naming unknown `kid`s cannot make us hammer the provider. */
  readonly cooldownMs?: number;
  /** How long fetched keys are trusted before the set is fetched again; a provider's rotation shows up within this. */
  readonly cacheMaxAgeMs?: number;
  /** Told why a fetch failed: the client only hears "unavailable", the operator needs the reason. */
  readonly warn?: (message: string) => void;
}

const logger = new Logger('Auth');

/**
 * An identity provider's public keys, fetched from its JWKS URL and cached by jose. A token whose `kid` is
 * not in the set triggers one refetch (at most one per cooldown), which is how key rotation is picked up.
 */
export function remoteKeySet(url: URL, options: RemoteKeySetOptions = {}): JWTVerifyGetKey {
  const { timeoutMs = 5_000, cooldownMs = 30_000, cacheMaxAgeMs = 10 * 60_000 } = options;
  const warn = options.warn ?? ((message: string) => logger.warn(message));
  const keySet = createRemoteJWKSet(url, {
    timeoutDuration: timeoutMs,
    cooldownDuration: cooldownMs,
    cacheMaxAge: cacheMaxAgeMs,
  });
  return async (header, token) => {
    try {
      return await keySet(header, token);
    } catch (error) {
      // These two say something about the token; anything else (timeouts, refused connections, a non-200
      // answer, a document that is not a key set) says the keys are not available right now.
      if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) throw error;
      const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      warn(`Could not fetch the JSON Web Key Set from ${url.origin}${url.pathname}: ${reason}`);
      throw new KeySetUnavailableError(error);
    }
  };
}

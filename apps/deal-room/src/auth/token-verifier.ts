import type { IncomingMessage } from 'node:http';
import { Actor } from '../kernel';
import { checkTokenTimes, missingToken, TokenChecks, VerificationKey, VerifiedToken, verifyToken } from './access-token';
import { bearerTokenOf } from './bearer-token';

export interface TokenVerifierOptions {
  /** How many verified tokens to keep, least recently used dropped first; 0 keeps none. */
  readonly cacheEntries: number;
  /** Milliseconds since the epoch; the clock every check is made against. */
  readonly now?: () => number;
}

/**
 * Checks bearer tokens, remembering the ones it accepted. Checking a signature and parsing the claims
 * is a few percent of a busy server's time, spent again on every request of a client that sends the same
 * token all day; a token kept here is looked up by its exact string instead. Only accepted tokens are
 * kept, and a kept one still has its time claims checked against the clock on every use: it expires,
 * or ages past the maximum, exactly when it would have uncached.
 */
export class TokenVerifier {
  private readonly cache = new Map<string, VerifiedToken>();
  // One verification per request, shared by the guards that need its outcome (rate limit, then auth).
  private readonly byRequest = new WeakMap<object, Promise<Actor>>();
  private readonly now: () => number;

  constructor(
    private readonly key: VerificationKey,
    private readonly checks: TokenChecks,
    private readonly options: TokenVerifierOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  /** The actor behind the request's bearer token; a 401 ApplicationError without one or with a bad one. */
  authenticate(request: Pick<IncomingMessage, 'headers'>): Promise<Actor> {
    let outcome = this.byRequest.get(request);
    if (outcome === undefined) {
      const token = bearerTokenOf(request);
      outcome = token === undefined ? Promise.reject(missingToken()) : this.verify(token);
      // Whoever asks first may not be the one who reports the refusal: no unhandled rejection meanwhile.
      outcome.catch(() => undefined);
      this.byRequest.set(request, outcome);
    }
    return outcome;
  }

  async verify(token: string): Promise<Actor> {
    const now = this.now();
    const kept = this.cache.get(token);
    if (kept !== undefined) {
      try {
        checkTokenTimes(kept.times, this.checks, now);
      } catch (error) {
        this.cache.delete(token);
        throw error;
      }
      // Map keeps insertion order: moving the entry to the end keeps the least recently used first.
      this.cache.delete(token);
      this.cache.set(token, kept);
      return kept.actor;
    }
    const verified = await verifyToken(token, this.key, this.checks, now);
    // Frozen: the same object answers every later request with this token.
    const actor = Object.freeze({ ...verified.actor });
    this.remember(token, { actor, times: verified.times });
    return actor;
  }

  /** For tests and metrics: how many tokens are kept. */
  get size(): number {
    return this.cache.size;
  }

  private remember(token: string, verified: VerifiedToken): void {
    if (this.options.cacheEntries === 0) return;
    this.cache.set(token, verified);
    if (this.cache.size > this.options.cacheEntries) this.cache.delete(this.cache.keys().next().value as string);
  }
}

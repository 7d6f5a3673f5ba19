import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { ExecutionContext, Injectable } from '@nestjs/common';
import { SkipThrottle, ThrottlerGuard, ThrottlerLimitDetail, ThrottlerModuleOptions } from '@nestjs/throttler';
import { bearerTokenOf, TokenVerifier } from '../auth';
import { ApplicationError } from '../common/application-error';
import { RateLimitConfig } from './rate-limit-config';

export const PER_IP = 'per-ip';
export const PER_TOKEN = 'per-token';
const WINDOW_MS = 60_000;

/** Exempts a route or controller from both limits: health probes must answer even while a client floods. */
export const NoRateLimit = (): MethodDecorator & ClassDecorator => SkipThrottle({ [PER_IP]: true, [PER_TOKEN]: true });

/**
 * Runs before AuthGuard, so that requests with no token or a forged one are counted per IP too. The
 * per-token budget is the caller's: a valid token is verified here (once per request, and cached, see
 * TokenVerifier) and charged to its `sub`, so that another spelling of the same token, or another token
 * of the same caller, spends the same budget. A token that fails verification is charged to a hash of
 * the token as sent: a forged token naming someone's `sub` must not spend that someone's budget.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  protected override async throwThrottlingException(
    _context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    const seconds = Math.max(1, detail.timeToBlockExpire);
    const who = detail.key.startsWith(`${PER_TOKEN}:`) ? 'this caller' : 'this client address';
    const message = `Too many requests from ${who}: the limit is ${detail.limit} a minute. Retry after ${seconds} seconds.`;
    throw new ApplicationError('RATE_LIMITED', 429, message, [], { 'Retry-After': String(seconds) });
  }
}

/** The ThrottlerModule options for these limits: one budget per IP and one per token, across all routes. */
export function throttlerOptions({ perIp, perToken }: RateLimitConfig, verifier: TokenVerifier): ThrottlerModuleOptions {
  return {
    throttlers: [
      // Tracked by the library's default, the client address (an IPv6 /64 counts as one address).
      { name: PER_IP, ttl: WINDOW_MS, limit: perIp, skipIf: () => perIp === 0 },
      {
        name: PER_TOKEN,
        ttl: WINDOW_MS,
        limit: perToken,
        // skipIf has made sure there is a token. Hashed so that no token or name outlives its request here.
        getTracker: (request) =>
          verifier.authenticate(request as WithHeaders).then(
            (actor) => `sub:${sha256(actor.sub)}`,
            () => `token:${hashedBearerToken(request as WithHeaders) ?? ''}`,
          ),
        // Without a token there is no per-token budget to spend; AuthGuard refuses the request next.
        skipIf: (context) => perToken === 0 || hashedBearerToken(context.switchToHttp().getRequest()) === undefined,
      },
    ],
    // The library's default key includes the route; a budget per route would multiply the limit.
    generateKey: (_context, tracker, name) => `${name}:${tracker}`,
    // Only Retry-After, on refusals; the limits are no business of a client that keeps within them.
    setHeaders: false,
  };
}

type WithHeaders = { readonly headers: IncomingHttpHeaders };

function hashedBearerToken(request: WithHeaders): string | undefined {
  const token = bearerTokenOf(request);
  return token === undefined ? undefined : sha256(token);
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('base64url');

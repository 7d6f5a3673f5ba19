import type { IncomingHttpHeaders } from 'node:http';
import { Actor } from '../kernel';

/**
 * The request as AuthGuard leaves it: just the fields read of it, whatever serves it. Under Fastify the
 * actor is noted on Node's own message (`raw`) too, where the request log reads it.
 */
export interface AuthenticatedRequest {
  readonly headers: IncomingHttpHeaders;
  actor?: Actor;
  readonly raw?: { actor?: Actor };
}

import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ApplicationError } from '../../common/application-error';
import { sha256Hex } from '../../event-sourcing/deterministic-id';
import { CommandEnvelope } from '../../event-sourcing/event-metadata';
import { canonicalJson } from '../../event-sourcing/hash-chain';
import { Actor } from '../../kernel';
import { correlationIdOf, HttpRequest, pathOf } from '../../http';
import { AuthenticatedRequest } from '../../auth';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;
const ENTITY_TAG = /^(?:W\/)?"?(\d{1,15})"?$/;

/**
 * The envelope of a write, as a controller parameter: `@Envelope() envelope: CommandEnvelope`. Built from
 * the request once AuthGuard has named the actor, so actions take neither the request nor the response.
 */
export const Envelope = createParamDecorator((_data: unknown, context: ExecutionContext): CommandEnvelope => {
  const request = context.switchToHttp().getRequest<HttpRequest & AuthenticatedRequest>();
  if (request.actor === undefined) throw new Error('@Envelope() used on a route that AuthGuard did not authenticate');
  return envelopeOf(request, request.actor);
});

/** Builds the envelope of a write from its request: actor, correlation, idempotency and If-Match. */
export function envelopeOf(request: HttpRequest, actor: Actor): CommandEnvelope {
  return {
    actor,
    correlationId: correlationIdOf(request),
    causationId: randomUUID(),
    idempotency: idempotencyOf(request, actor),
    expectedRevision: expectedRevisionOf(request),
  };
}

function idempotencyOf(request: HttpRequest, actor: Actor): CommandEnvelope['idempotency'] {
  const key = headerOf(request, 'idempotency-key');
  if (key === undefined) return null;
  if (!IDEMPOTENCY_KEY.test(key)) {
    throw new ApplicationError('VALIDATION_FAILED', 400, 'The Idempotency-Key header must be 1 to 255 visible ASCII characters.', [
      { field: 'Idempotency-Key', rule: 'format', message: 'must be 1 to 255 visible ASCII characters' },
    ]);
  }
  // The route, the body (in a stable key order) and who sent it identify the request the key was first used
  // with. Keys are per sub, but one sub may hold tokens for two firms or two roles: without the identity in
  // the fingerprint a retry under the other one would be replayed the first one's answer.
  const identity = canonicalJson({ sub: actor.sub, role: actor.role, investorId: actor.investorId ?? null });
  const fingerprint = sha256Hex(`${request.method} ${pathOf(request)}\n${identity}\n${canonicalJson(request.body ?? null)}`);
  return { key, fingerprint };
}

function expectedRevisionOf(request: HttpRequest): bigint | null {
  const header = headerOf(request, 'if-match');
  if (header === undefined) return null;
  const match = ENTITY_TAG.exec(header.trim());
  if (!match) {
    throw new ApplicationError('VALIDATION_FAILED', 400, 'If-Match must be the ETag of a revision, such as "3".', [
      { field: 'If-Match', rule: 'format', message: 'must be an entity tag such as "3"' },
    ]);
  }
  return BigInt(match[1]);
}

// One value, as Express's `req.header()` gave it: Node joins repeated headers of these names with ", ".
function headerOf(request: HttpRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

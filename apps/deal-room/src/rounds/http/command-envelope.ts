import { randomUUID } from 'node:crypto';
import { Request } from 'express';
import { ApplicationError } from '../../common/application-error';
import { sha256Hex } from '../../event-sourcing/deterministic-id';
import { CommandEnvelope } from '../../event-sourcing/event-metadata';
import { canonicalJson } from '../../event-sourcing/hash-chain';
import { Actor } from '../domain';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;
const CORRELATION_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const ENTITY_TAG = /^(?:W\/)?"?(\d{1,15})"?$/;

/** Builds the envelope of a write from its request: actor, correlation, idempotency and If-Match. */
export function envelopeOf(request: Request, actor: Actor): CommandEnvelope {
  return {
    actor,
    correlationId: correlationIdOf(request),
    causationId: randomUUID(),
    idempotency: idempotencyOf(request, actor),
    expectedRevision: expectedRevisionOf(request),
  };
}

export function correlationIdOf(request: Request): string {
  const stored = (request as Request & { correlationId?: string }).correlationId;
  if (stored) return stored;
  const header = request.header('x-correlation-id');
  return header && CORRELATION_ID.test(header) ? header : randomUUID();
}

function idempotencyOf(request: Request, actor: Actor): CommandEnvelope['idempotency'] {
  const key = request.header('idempotency-key');
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
  const fingerprint = sha256Hex(`${request.method} ${request.path}\n${identity}\n${canonicalJson(request.body ?? null)}`);
  return { key, fingerprint };
}

function expectedRevisionOf(request: Request): bigint | null {
  const header = request.header('if-match');
  if (header === undefined) return null;
  const match = ENTITY_TAG.exec(header.trim());
  if (!match) {
    throw new ApplicationError('VALIDATION_FAILED', 400, 'If-Match must be the ETag of a revision, such as "3".', [
      { field: 'If-Match', rule: 'format', message: 'must be an entity tag such as "3"' },
    ]);
  }
  return BigInt(match[1]);
}

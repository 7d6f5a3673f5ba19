import { Request } from 'express';
import { Actor, Role } from '../kernel';

export const ACCESS_LOG_STREAM = 'access-log';
export const ACCESS_RECORDED = 'deal-room.AccessRecorded.v1';

/** What was read: a page of a round's history, a whole export, its manifest, or a past state. */
export type AccessAction = 'history' | 'history-export' | 'history-manifest' | 'time-travel';

export interface AccessRecord {
  readonly actor: { readonly sub: string; readonly role: Role; readonly investorId: string | null };
  readonly action: AccessAction;
  /** The route, e.g. `GET /rounds/:roundId/history`, so records of one endpoint group together. */
  readonly endpoint: string;
  readonly path: string;
  readonly roundId: string;
  /** The query parameters that chose what was read (`format`, `after`, `limit`, `atRevision`, `asOf`). */
  readonly filter: Readonly<Record<string, string>>;
  readonly correlationId: string;
  readonly accessedAt: string;
}

/**
 * Which reads leave a record. Every export, by anyone: a copy of the books has left the system. Every
 * history or time-travel read by an auditor, and by an admin, who reads for operations: those outside
 * the deal team. The deal team's own reads of its rounds, and investors' of theirs, are not recorded.
 */
export function isRecorded(action: AccessAction, role: Role): boolean {
  return action === 'history-export' || role === 'auditor' || role === 'admin';
}

export interface AccessRequest {
  readonly actor: Actor;
  readonly action: AccessAction;
  readonly roundId: string;
  readonly query: Readonly<Record<string, unknown>>;
  /** The parameters worth recording; others were refused (history) or ignored (time travel). */
  readonly parameters: readonly string[];
  readonly correlationId: string;
}

export function accessRecordOf(request: Request, access: AccessRequest, now: Date): AccessRecord {
  const { actor, action, roundId, query, parameters, correlationId } = access;
  const filter: Record<string, string> = {};
  for (const name of parameters) {
    const value = query[name];
    if (typeof value === 'string') filter[name] = value;
  }
  const route = (request.route as { path?: unknown } | undefined)?.path;
  const path = (request.originalUrl ?? request.url).split('?')[0];
  return {
    actor: { sub: actor.sub, role: actor.role, investorId: actor.investorId ?? null },
    action,
    endpoint: `${request.method} ${typeof route === 'string' ? route : path}`,
    path,
    roundId,
    filter,
    correlationId,
    accessedAt: now.toISOString(),
  };
}

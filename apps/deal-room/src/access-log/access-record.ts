import { HttpRequest, pathOf, routeOf } from '../http';
import { Actor, Role } from '../kernel';

export const ACCESS_LOG_STREAM = 'access-log';
export const ACCESS_RECORDED = 'deal-room.AccessRecorded.v1';

/**
 * What was read: a page of a round's history, a whole export, its manifest, a past state, a verdict, an
 * export of the access log or the anchors; `offline-*` are runs of `npm run audit` on the store itself.
 */
export type AccessAction =
  | 'history'
  | 'history-export'
  | 'history-manifest'
  | 'time-travel'
  | 'verify'
  | 'access-log-export'
  | 'anchors-export'
  | 'offline-history'
  | 'offline-verify'
  | 'offline-replay';

/** Who ran the offline tool: the operating-system user and host, not an authenticated party. */
export const OFFLINE_ROLE = 'offline-tool';

export interface AccessRecord {
  readonly actor: { readonly sub: string; readonly role: Role | typeof OFFLINE_ROLE; readonly investorId: string | null };
  readonly action: AccessAction;
  /** The route, e.g. `GET /rounds/:roundId/history`, so records of one endpoint group together. */
  readonly endpoint: string;
  readonly path: string;
  /** The round read, or null for reads of the access log or the anchors. */
  readonly roundId: string | null;
  /** The query parameters that chose what was read (`format`, `after`, `limit`, `atRevision`, `asOf`). */
  readonly filter: Readonly<Record<string, string>>;
  readonly correlationId: string;
  readonly accessedAt: string;
  /** Present when the read was refused: nothing was served. */
  readonly refused?: { readonly status: number; readonly code: string };
}

/**
 * Which reads leave a record. Every export, by anyone: a copy of the books has left the system. Every
 * history or time-travel read by an auditor, and by an admin, who reads for operations: those outside
 * the deal team. The deal team's own reads of its rounds, and investors' of theirs, are not recorded.
 */
export function isRecorded(action: AccessAction, role: Role): boolean {
  // Verdicts, and copies of the logs themselves, are recorded whoever asks: who checked the books is part of them.
  if (action === 'verify' || action === 'access-log-export' || action === 'anchors-export') return true;
  return action === 'history-export' || role === 'auditor' || role === 'admin';
}

/** The read a refused request attempted, from its route; null for routes whose refusals are not recorded. */
export function attemptedAction(routePath: string, query: Readonly<Record<string, unknown>>): AccessAction | null {
  if (routePath.endsWith('/history')) return query.format === undefined || query.format === 'json' ? 'history' : 'history-export';
  if (routePath.endsWith('/history/manifest')) return 'history-manifest';
  if (routePath.endsWith('/verify')) return 'verify';
  if (routePath === '/access-log/export') return 'access-log-export';
  if (routePath === '/anchors/export') return 'anchors-export';
  return null;
}

export interface AccessRequest {
  readonly actor: Actor;
  readonly action: AccessAction;
  readonly roundId: string | null;
  readonly query: Readonly<Record<string, unknown>>;
  /** The parameters worth recording; others were refused (history) or ignored (time travel). */
  readonly parameters: readonly string[];
  readonly correlationId: string;
}

export function accessRecordOf(request: HttpRequest, access: AccessRequest, now: Date): AccessRecord {
  const { actor, action, roundId, query, parameters, correlationId } = access;
  const filter: Record<string, string> = {};
  for (const name of parameters) {
    const value = query[name];
    if (typeof value === 'string') filter[name] = value;
  }
  const route = routeOf(request);
  const path = pathOf(request);
  return {
    actor: { sub: actor.sub, role: actor.role, investorId: actor.investorId ?? null },
    action,
    endpoint: `${request.method} ${route ?? path}`,
    path,
    roundId,
    filter,
    correlationId,
    accessedAt: now.toISOString(),
  };
}

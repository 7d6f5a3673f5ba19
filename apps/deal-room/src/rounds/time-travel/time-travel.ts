import { EventStoreDBClient } from '@eventstore/db-client';
import { ApplicationError } from '../../common/application-error';
import { Actor } from '../../kernel';
import { deserialize, evolve, initialState, revisionSeenBy, RoundState, roundStreamName, RoundView, toView } from '../domain';
import { describePoint, isWithin, PointInTime, roundNotFound } from './point-in-time';
import { StoredEvent, storedEvents } from '../../event-sourcing/stream-reader';

export interface RoundAsItStood {
  readonly view: RoundView;
  /** The last revision folded. */
  readonly revision: bigint;
}

/**
 * Folds the round's events up to `point` (null: all of them), oldest first, stopping at the first event past it.
 * 404 ROUND_NOT_FOUND when the round did not exist yet (or at all); 404 REVISION_NOT_FOUND when the
 * revision asked for has not been written: answering the head instead would pass off today's state as
 * the one asked for.
 */
export async function roundAsItStood(client: EventStoreDBClient, roundId: string, point: PointInTime | null): Promise<RoundAsItStood> {
  const folded = await foldStoredRound(client, roundId, point);
  const view = toView(folded.state);
  if (!view || folded.revision === null) throw roundNotFound(roundId, point);
  if (point?.kind === 'revision' && folded.revision < point.atRevision) {
    const detail = `Round ${roundId} has no revision ${point.atRevision}: its latest is ${folded.revision}.`;
    throw new ApplicationError('REVISION_NOT_FOUND', 404, detail);
  }
  return { view, revision: folded.revision };
}

/**
 * The round as an investor saw it, its revisions being its own (revisionSeenBy): `atRevision` N is the
 * round after the N-th change of its view since it was admitted, and the answer's revision is the
 * investor's, so neither says how many events others wrote meanwhile. Events past N that the investor
 * cannot see are folded too: they change nothing it is shown.
 */
export async function roundAsItStoodFor(client: EventStoreDBClient, roundId: string, point: PointInTime, reader: Actor): Promise<RoundAsItStood> {
  let state = initialState();
  let last: bigint | null = null;
  for await (const stored of storedEvents(client, roundStreamName(roundId))) {
    if (point.kind === 'time' && !isWithin(stored, point)) break;
    const next = evolve(state, deserialize(stored.type, stored.data));
    if (point.kind === 'revision' && (revisionSeenBy(next, reader, null) ?? -1n) > point.atRevision) break;
    state = next;
    last = stored.revision;
  }
  const view = toView(state);
  if (!view || last === null) throw roundNotFound(roundId, point);
  const seen = revisionSeenBy(state, reader, null);
  if (point.kind === 'revision' && (seen === null || seen < point.atRevision)) {
    const detail = `Round ${roundId} has no revision ${point.atRevision}: its latest is ${seen ?? 0n}.`;
    throw new ApplicationError('REVISION_NOT_FOUND', 404, detail);
  }
  // Not admitted then: the caller answers 403 from the view, which does not list the investor.
  return { view, revision: seen ?? 0n };
}

/** The round's state and last revision folded from its stream, up to `point` (null: all of it). */
const foldStoredRound = (client: EventStoreDBClient, roundId: string, point: PointInTime | null) =>
  foldThrough(storedEvents(client, roundStreamName(roundId)), point);

export async function foldThrough(
  events: AsyncIterable<StoredEvent>,
  point: PointInTime | null,
): Promise<{ state: RoundState; revision: bigint | null }> {
  let state = initialState();
  let revision: bigint | null = null;
  for await (const stored of events) {
    if (!isWithin(stored, point)) break;
    state = evolve(state, deserialize(stored.type, stored.data));
    revision = stored.revision;
  }
  return { state, revision };
}

/** The body of a time-travel answer, over HTTP and from the CLI alike; `view` as its reader may see it. */
export const asItStoodBody = <View extends object>({ view, revision }: { view: View; revision: bigint }, point: PointInTime | null) => ({
  ...view,
  revision: Number(revision),
  ...(point ? describePoint(point) : {}),
});

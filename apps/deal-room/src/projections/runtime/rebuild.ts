import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { EventStoreDBClient } from '@eventstore/db-client';
import { ProjectionDefinition } from '../projection-definition';
import { BatchItem, Checkpoint, HandlerFailure, ProjectionDatabase } from '../store/projection-database';
import { isCovered, LogPosition } from '../store/log-position';
import { BATCH_SIZE, decodeBatch, describeFailure, FeedItem, subscribeToRoundEvents } from './round-event-feed';

export interface RebuildRequest {
  readonly definition: ProjectionDefinition;
  /** The database holding the live tables, which the rebuilt ones replace. */
  readonly live: ProjectionDatabase;
  readonly client: EventStoreDBClient;
  readonly dataDir: string;
  /** Stops the live subscription, so that the live checkpoint holds still until the swap. */
  readonly pauseLive?: () => Promise<void>;
  readonly resumeLive?: () => void;
  readonly onProgress?: (position: LogPosition | null) => void;
  readonly signal?: AbortSignal;
}

export const rebuildFileOf = (dataDir: string, name: string): string => join(dataDir, `projections.rebuild-${name}.sqlite`);

/**
 * Replays every round event into fresh tables in a second database file, while the live tables go on
 * serving and following the store. Once the replay has caught up it pauses the live subscription,
 * replays on until it has every event the live tables have, swaps its tables in (one transaction) and
 * lets the live subscription go on from the rebuilt checkpoint.
 */
export async function rebuildProjection(request: RebuildRequest): Promise<Checkpoint> {
  const { definition, live, client, dataDir, signal } = request;
  const path = rebuildFileOf(dataDir, definition.name);
  removeDatabaseFiles(path);
  const shadow = ProjectionDatabase.open(path, { scratch: true });
  let paused = false;
  try {
    shadow.ensure(definition);
    const feed = subscribeToRoundEvents(client, null);
    const abort = () => void feed.close();
    signal?.addEventListener('abort', abort);
    let caughtUp = false;
    let ready = false;
    try {
      for (let batch = await feed.nextBatch(BATCH_SIZE); batch; batch = await feed.nextBatch(BATCH_SIZE)) {
        const decoded = decodeBatch(batch);
        applyOrExplain(shadow, definition, batch, decoded.items);
        if (decoded.failure) throw decoded.failure.error;
        caughtUp ||= decoded.caughtUp;
        request.onProgress?.(shadow.checkpoint(definition.name).position);
        if (!caughtUp) continue;
        if (!paused) {
          await request.pauseLive?.();
          paused = true;
        }
        ready = hasEverythingLiveHas(shadow.checkpoint(definition.name), live.checkpoint(definition.name));
        if (ready) break;
      }
    } finally {
      signal?.removeEventListener('abort', abort);
      await feed.close();
    }
    if (signal?.aborted) throw new Error('the rebuild was stopped');
    if (!ready) throw new Error('the rebuild subscription ended before it caught up');
    shadow.close();
    return live.swapIn(definition, path);
  } finally {
    shadow.close();
    removeDatabaseFiles(path);
    if (paused) request.resumeLive?.();
  }
}

/** One transaction per batch; a handler's refusal names the event, as the live runtime does. */
function applyOrExplain(database: ProjectionDatabase, definition: ProjectionDefinition, batch: readonly FeedItem[], items: readonly BatchItem[]): void {
  try {
    database.applyBatch(definition, items);
  } catch (error) {
    if (!(error instanceof HandlerFailure)) throw error;
    const item = batch[error.index];
    throw item.kind === 'event' ? describeFailure(item, error.cause) : error;
  }
}

function hasEverythingLiveHas(rebuilt: Checkpoint, live: Checkpoint): boolean {
  return live.lastEventPosition === null || isCovered(live.lastEventPosition, rebuilt.lastEventPosition);
}

function removeDatabaseFiles(path: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${path}${suffix}`, { force: true });
}

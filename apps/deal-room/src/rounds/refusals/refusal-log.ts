import { Inject, Injectable, Logger } from '@nestjs/common';
import { EventStoreDBClient, jsonEvent } from '@eventstore/db-client';
import { EVENT_STORE_CLIENT } from '@deal-room/event-store';
import { readSlice, storedEvents } from '../../event-sourcing/stream-reader';
import { roundStreamName } from '../domain';
import { RoundStates } from '../write-path';
import { COMMAND_REFUSED, RefusalRecord, refusalStreamName, UNKNOWN_ROUND_REFUSALS_STREAM } from './refusal-record';

/** The refusals of the rounds' commands, one stream per round (see refusal-record.ts). */
@Injectable()
export class RefusalLog {
  private readonly logger = new Logger(RefusalLog.name);

  constructor(
    @Inject(EVENT_STORE_CLIENT) private readonly client: EventStoreDBClient,
    private readonly states: RoundStates,
  ) {}

  /** Records being written, by round: a read of a round's refusals waits for them. */
  private readonly pending = new Map<string, Set<Promise<void>>>();

  /**
   * Records a refusal of a command on a round in the round's refusal log, and one on a round id nobody
   * opened in the log of unknown round ids (it is no round's business, and one stream per probed id would
   * let anyone create streams). Either way one event is appended, in the background: the refusal is
   * answered at once and costs the store the same, so neither the time of a 404 nor the store's position
   * in later answers tells a round hidden from the caller from a missing one. Never fails: a record that
   * cannot be written is logged.
   */
  record(record: RefusalRecord): void {
    const written = this.write(record);
    const pending = this.pending.get(record.roundId) ?? new Set<Promise<void>>();
    this.pending.set(record.roundId, pending.add(written));
    void written.finally(() => {
      pending.delete(written);
      if (pending.size === 0 && this.pending.get(record.roundId) === pending) this.pending.delete(record.roundId);
    });
  }

  private async write(record: RefusalRecord): Promise<void> {
    try {
      const { state } = await this.states.current(roundStreamName(record.roundId));
      const stream = state.status === 'none' ? UNKNOWN_ROUND_REFUSALS_STREAM : refusalStreamName(record.roundId);
      const metadata = { actor: record.by, correlationId: record.correlationId, recordedAt: record.refusedAt };
      await this.client.appendToStream(stream, jsonEvent({ type: COMMAND_REFUSED, data: { ...record }, metadata }));
    } catch (error) {
      this.logger.warn(`refusal of ${record.command} on round ${record.roundId} not recorded: ${String(error)}`);
    }
  }

  /** Every refusal on the round, oldest first, including those of refusals already answered here. */
  async list(roundId: string): Promise<RefusalRecord[]> {
    await Promise.all([...(this.pending.get(roundId) ?? [])]);
    const records: RefusalRecord[] = [];
    for await (const event of storedEvents(this.client, refusalStreamName(roundId))) {
      if (event.type === COMMAND_REFUSED) records.push(event.data as RefusalRecord);
    }
    return records;
  }

  /** Up to `limit` refused attempts on unknown round ids after revision `after`, oldest first, and whether more follow. */
  async listUnknown(after: bigint | null, limit: number): Promise<{ refusals: (RefusalRecord & { revision: number })[]; more: boolean }> {
    await Promise.all([...this.pending.values()].flatMap((pending) => [...pending]));
    const fromRevision = after === null ? 0n : after + 1n;
    const slice = await readSlice(this.client, UNKNOWN_ROUND_REFUSALS_STREAM, { fromRevision, maxCount: limit + 1 });
    const refusals = slice.slice(0, limit).map((event) => ({ revision: Number(event.revision), ...(event.data as RefusalRecord) }));
    return { refusals, more: slice.length > limit };
  }
}

import { Inject, Injectable, Logger } from '@nestjs/common';
import { EventStoreDBClient, jsonEvent } from '@eventstore/db-client';
import { EVENT_STORE_CLIENT } from '@deal-room/event-store';
import { storedEvents } from '../../event-sourcing/stream-reader';
import { roundStreamName } from '../domain';
import { RoundStates } from '../write-path';
import { COMMAND_REFUSED, RefusalRecord, refusalStreamName } from './refusal-record';

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
   * Records a refusal of a command on a round that exists (an attempt on a round id nobody opened is no
   * round's business, and would let anyone create streams), in the background: the refusal is answered
   * at once, so that it takes as long on a round hidden from the caller (recorded) as on a missing one
   * (not recorded), and the time of a 404 cannot tell them apart. Never fails: a record that cannot be
   * written is logged.
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
      // A round that exists costs the reads a missing one does (StreamStates.current), hidden or not.
      const { state } = await this.states.current(roundStreamName(record.roundId), (read) => read.status !== 'none');
      if (state.status === 'none') return;
      const metadata = { actor: record.by, correlationId: record.correlationId, recordedAt: record.refusedAt };
      await this.client.appendToStream(refusalStreamName(record.roundId), jsonEvent({ type: COMMAND_REFUSED, data: { ...record }, metadata }));
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
}

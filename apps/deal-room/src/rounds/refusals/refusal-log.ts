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

  /**
   * Records a refusal of a command on a round that exists (an attempt on a round id nobody opened is no
   * round's business, and would let anyone create streams). Never throws: the caller is answered with
   * the refusal itself, which matters more than its record; a record that cannot be written is logged.
   */
  async record(record: RefusalRecord): Promise<void> {
    try {
      const { state } = await this.states.current(roundStreamName(record.roundId));
      if (state.status === 'none') return;
      const metadata = { actor: record.by, correlationId: record.correlationId, recordedAt: record.refusedAt };
      await this.client.appendToStream(refusalStreamName(record.roundId), jsonEvent({ type: COMMAND_REFUSED, data: { ...record }, metadata }));
    } catch (error) {
      this.logger.warn(`refusal of ${record.command} on round ${record.roundId} not recorded: ${String(error)}`);
    }
  }

  /** Every refusal on the round, oldest first. */
  async list(roundId: string): Promise<RefusalRecord[]> {
    const records: RefusalRecord[] = [];
    for await (const event of storedEvents(this.client, refusalStreamName(roundId))) {
      if (event.type === COMMAND_REFUSED) records.push(event.data as RefusalRecord);
    }
    return records;
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { EventStoreDBClient } from '@eventstore/db-client';
import { EVENT_STORE_CLIENT } from '@deal-room/event-store';
import { ApplicationError } from '../../common/application-error';
import { readHistory } from '../../event-sourcing/stream-history';
import { Actor, evolve, initialState, roundStreamName, RoundView, toView } from '../domain';
import { roundCodec } from './round-codec';

export interface RoundReading {
  readonly view: RoundView;
  readonly revision: bigint;
}

/** The current state, folded from the stream itself, so it is always consistent with the last write. */
@Injectable()
export class RoundQueries {
  constructor(@Inject(EVENT_STORE_CLIENT) private readonly client: EventStoreDBClient) {}

  async current(roundId: string, reader: Actor): Promise<RoundReading> {
    const history = await readHistory(this.client, roundStreamName(roundId), roundCodec);
    const view = toView(history.events.reduce((state, recorded) => evolve(state, recorded.event), initialState()));
    if (!view || history.revision === null) throw new ApplicationError('ROUND_NOT_FOUND', 404, `There is no round ${roundId}.`);
    if (reader.role === 'investor' && !view.investors.some((investor) => investor.investorId === reader.investorId)) {
      throw new ApplicationError('FORBIDDEN', 403, `Investor ${reader.investorId} is not admitted to round ${roundId}.`);
    }
    return { view, revision: history.revision };
  }
}

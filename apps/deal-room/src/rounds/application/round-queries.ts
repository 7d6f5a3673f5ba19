import { Inject, Injectable } from '@nestjs/common';
import { EventStoreDBClient } from '@eventstore/db-client';
import { EVENT_STORE_CLIENT } from '@deal-room/event-store';
import { PointInTime, roundAsItStood } from '../../audit';
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
    requireAdmitted(view, reader);
    return { view, revision: history.revision };
  }

  /**
   * The round exactly as it stood at a past revision or time (see roundAsItStood). An investor must have
   * been admitted by then: being admitted later does not open the round's earlier state to it.
   */
  async asItStood(roundId: string, reader: Actor, point: PointInTime): Promise<RoundReading> {
    const reading = await roundAsItStood(this.client, roundId, point);
    requireAdmitted(reading.view, reader);
    return reading;
  }
}

function requireAdmitted(view: RoundView, reader: Actor): void {
  if (reader.role === 'investor' && !view.investors.some((investor) => investor.investorId === reader.investorId)) {
    throw new ApplicationError('FORBIDDEN', 403, `Investor ${reader.investorId} is not admitted to round ${view.roundId}.`);
  }
}

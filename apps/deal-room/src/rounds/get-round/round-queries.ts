import { Inject, Injectable } from '@nestjs/common';
import { EventStoreDBClient } from '@eventstore/db-client';
import { EVENT_STORE_CLIENT } from '@deal-room/event-store';
import { unavailableOnFailure } from '../../event-sourcing/write-errors';
import { ApplicationError } from '../../common/application-error';
import { Actor } from '../../kernel';
import { isHiddenFrom, ReaderView, revisionSeenBy, RoundState, roundStreamName, toView, viewFor } from '../domain';
import { PointInTime, roundAsItStood, roundAsItStoodFor, roundNotFound } from '../time-travel';
import { RoundStates } from '../write-path';

export interface RoundReading {
  /** The round as this reader may see it: an investor sees only itself among the investors (viewFor). */
  readonly view: ReaderView;
  /** The revision as this reader counts it: an investor's counts only changes of its own view (revisionSeenBy). */
  readonly revision: bigint;
}

/** The current state, brought up to date from the stream itself, so it is always consistent with the last write. */
@Injectable()
export class RoundQueries {
  constructor(
    @Inject(EVENT_STORE_CLIENT) private readonly client: EventStoreDBClient,
    private readonly states: RoundStates,
  ) {}

  /** `point` only words the 404, so that it reads the same whether the round is absent or hidden. */
  async current(roundId: string, reader: Actor, point: PointInTime | null = null): Promise<RoundReading> {
    // The kept state brought up to date: one read of what was written since, whatever the round's length.
    const { state, revision } = await unavailableOnFailure(() => this.states.current(roundStreamName(roundId), (read) => isHiddenFrom(read, reader)));
    const view = toView(state);
    // An investor the round did not admit is told exactly what it would be told of a round that never was.
    if (!view || revision === null || isHiddenFrom(state, reader)) throw roundNotFound(roundId, point);
    return { view: visible(viewFor(view, reader), roundId, point), revision: revisionSeenBy(state, reader, revision) ?? revision };
  }

  /** The folded state itself, for readers that compute more than the view (see `current` for who sees it). */
  async currentState(roundId: string, reader: Actor): Promise<{ state: RoundState; revision: bigint }> {
    const { state, revision } = await unavailableOnFailure(() => this.states.current(roundStreamName(roundId), (read) => isHiddenFrom(read, reader)));
    if (state.status === 'none' || revision === null || isHiddenFrom(state, reader)) throw roundNotFound(roundId, null);
    return { state, revision };
  }

  /**
   * The round exactly as it stood at a past revision or time (see roundAsItStood). An investor must have
   * been admitted by then: being admitted later does not open the round's earlier state to it. To an
   * investor never admitted, the round does not exist at any time.
   */
  async asItStood(roundId: string, reader: Actor, point: PointInTime): Promise<RoundReading> {
    // Investors and deal-leads see a round only while it is theirs now (admitted, on its deal team).
    if (reader.role === 'investor' || reader.role === 'deal-lead') await this.current(roundId, reader, point);
    // An investor's revisions are its own (revisionSeenBy): atRevision counts them, and asOf answers with one.
    const reading = reader.role === 'investor' ? await roundAsItStoodFor(this.client, roundId, point, reader) : await roundAsItStood(this.client, roundId, point);
    const view = viewFor(reading.view, reader);
    if (!view) {
      const detail = `Investor ${reader.investorId} was not yet admitted to round ${roundId} at that point.`;
      throw new ApplicationError('FORBIDDEN', 403, detail);
    }
    return { view, revision: reading.revision };
  }
}

// viewFor is null only for an investor the view does not list, which isHiddenFrom has already answered.
function visible(view: ReaderView | null, roundId: string, point: PointInTime | null): ReaderView {
  if (!view) throw roundNotFound(roundId, point);
  return view;
}

import { Inject, Injectable } from '@nestjs/common';
import { EventStoreDBClient } from '@eventstore/db-client';
import { EVENT_STORE_CLIENT } from '@deal-room/event-store';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { CommandExecutor, CommandResult, Outcome, WriteModel } from '../../event-sourcing/command-executor';
import { StreamStateCache } from '../../event-sourcing/stream-state-cache';
import { StreamStates } from '../../event-sourcing/stream-states';
import { CommandAnswer, CommandEnvelope } from '../../event-sourcing/event-metadata';
import { DecisionContext, evolve, toView, initialState, isHiddenFrom, RoundDecide, RoundEvent, RoundState, roundStreamName } from '../domain';
import { roundCodec } from './round-codec';

export type RoundOutcome = Outcome<RoundState, RoundEvent>;

/**
 * The version of RoundState as snapshots hold it. Change it whenever the state's shape or the meaning of
 * evolve changes, so that snapshots folded by an older version are ignored rather than trusted; the
 * write path's spec pins the state's shape and fails, naming this constant, when it moves.
 */
export const ROUND_STATE_VERSION = 'round-state.4';

/** A cold read of a round folds at most this many events after its latest snapshot. */
const SNAPSHOT_EVERY = 100;

const roundWriteModel: WriteModel<RoundState, RoundEvent, DecisionContext> = {
  evolve,
  initialState,
  codec: roundCodec,
  snapshots: { version: ROUND_STATE_VERSION, every: SNAPSHOT_EVERY },
  contextOf: (envelope, now, headHash) => ({ now, actor: envelope.actor, headHash }),
  // An investor the round did not admit is answered as if there were no round, If-Match included.
  conceals: isHiddenFrom,
};

/**
 * The rounds' folded states, kept between requests (up to STATE_CACHE_MB) and shared by the write path
 * and the reads of a round's current state: both then cost what was written since, not the whole stream.
 */
@Injectable()
export class RoundStates extends StreamStates<RoundState, RoundEvent> {
  constructor(@Inject(EVENT_STORE_CLIENT) client: EventStoreDBClient, @Inject(APP_CONFIG) config: AppConfig) {
    super(client, roundWriteModel, new StreamStateCache(config.stateCacheBytes));
  }
}

/**
 * The one write path of every round command: read the round's stream, fold it, run the command's slice
 * of decide, append with the revision read (see CommandExecutor). Each use case's handler calls it with
 * its own command, slice and answer.
 */
@Injectable()
export class RoundWritePath {
  private readonly executor: CommandExecutor<RoundState, RoundEvent, DecisionContext>;

  constructor(@Inject(EVENT_STORE_CLIENT) client: EventStoreDBClient, states: RoundStates) {
    this.executor = new CommandExecutor(client, roundWriteModel, { states });
  }

  execute<C>(roundId: string, command: C, decide: RoundDecide<C>, envelope: CommandEnvelope, answer: (outcome: RoundOutcome) => CommandAnswer): Promise<CommandResult> {
    return this.executor.execute({ stream: roundStreamName(roundId), command, decide, envelope, answer });
  }
}

/** What every round command's answer starts with: the round and its revision after the command. */
export const roundAnswer = (roundId: string, { revision }: RoundOutcome) => ({ roundId, revision: revision === null ? null : Number(revision) });

/** The answer to accepting, rejecting or withdrawing a term: its status after the command. */
export const termAnswer = (roundId: string, termId: string, outcome: RoundOutcome): CommandAnswer => {
  const term = toView(outcome.state)?.terms.find((candidate) => candidate.termId === termId);
  return { created: false, body: { ...roundAnswer(roundId, outcome), termId, status: term?.status ?? null } };
};

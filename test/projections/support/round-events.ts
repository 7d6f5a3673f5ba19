import { randomUUID } from 'node:crypto';
import { RoundEvent } from '../../../apps/deal-room/src/rounds/domain';
import {
  commitmentAmended,
  commitmentMade,
  investorAdmitted,
  roundOpened,
} from '../../support/rounds/round.fixtures';

/** The fixtures' events, moved to another round id. */
export function inRound(roundId: string, events: readonly RoundEvent[]): RoundEvent[] {
  return events.map((event) => ({ ...event, data: { ...event.data, roundId } }) as RoundEvent);
}

/** The events with the round opened at another time than the fixtures' one. */
export function openedAt(at: string, events: readonly RoundEvent[]): RoundEvent[] {
  return events.map((event) => (event.type === 'RoundOpened' ? { ...event, data: { ...event.data, at } } : event));
}

/** A fresh round id and its first events: opened, two investors admitted, both committed. */
export function aRound(): { roundId: string; events: RoundEvent[] } {
  const roundId = `r-${randomUUID()}`;
  return {
    roundId,
    events: inRound(roundId, [
      roundOpened(),
      investorAdmitted('lead', 'lead'),
      investorAdmitted('alpha'),
      commitmentMade('lead', '400000.00'),
      commitmentMade('alpha', '250000.00'),
    ]),
  };
}

export const amendLead = (roundId: string, from: string, to: string): RoundEvent[] => inRound(roundId, [commitmentAmended('lead', from, to)]);

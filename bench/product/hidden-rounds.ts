import { randomUUID } from 'node:crypto';
import { Load, summarize } from './latency';

/** The investor id of the outsider's token. */
export const OUTSIDER = 'not-admitted';

export interface HiddenVsMissing {
  hidden: Load;
  missing: Load;
}

/**
 * What an investor the round did not admit sees of it, timed: `GET /rounds/:id` (or a `PUT` of its
 * commitment) of the hidden round and
 * of a round that never existed, one after the other, alternating, so that both meet the same machine.
 * Both must be 404; anything else counts as a failure.
 */
export async function hiddenVsMissing(url: string, outsiderToken: string, hiddenRoundId: string, samples: number, method: 'GET' | 'PUT' = 'GET'): Promise<HiddenVsMissing> {
  const times = { hidden: [] as number[], missing: [] as number[] };
  const failures = { hidden: 0, missing: 0 };
  const started = process.hrtime.bigint();
  for (let i = 0; i < samples; i += 1) {
    for (const which of i % 2 === 0 ? (['hidden', 'missing'] as const) : (['missing', 'hidden'] as const)) {
      const roundId = which === 'hidden' ? hiddenRoundId : `missing-${randomUUID()}`;
      const sent = process.hrtime.bigint();
      // A PUT is the outsider's own commitment: refused as on a missing round, and recorded for the deal team.
      const response =
        method === 'GET'
          ? await fetch(`${url}/rounds/${roundId}`, { headers: { authorization: `Bearer ${outsiderToken}` } })
          : await fetch(`${url}/rounds/${roundId}/commitments/${OUTSIDER}`, {
              method: 'PUT',
              headers: { authorization: `Bearer ${outsiderToken}`, 'content-type': 'application/json' },
              body: JSON.stringify({ amount: '1000.00', currency: 'EUR' }),
            });
      await response.arrayBuffer();
      times[which].push(Number(process.hrtime.bigint() - sent) / 1e6);
      if (response.status !== 404) failures[which] += 1;
    }
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { hidden: summarize(times.hidden, seconds, failures.hidden), missing: summarize(times.missing, seconds, failures.missing) };
}

// What a load sends, as plain data: the load generator runs in a process of its own (load-generator.ts),
// and a closure cannot cross to it. Both sides turn a plan into requests with `requestsOf`.

export interface HttpRequest {
  method: 'GET' | 'PUT';
  path: string;
  body?: string;
  /** Sent instead of the load's token: each investor makes its own commitment. */
  token?: string;
}

export function headersFor(token: string | undefined): Record<string, string> {
  return { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) };
}

/**
 * Where a sequence of commitments stands. Loads that share one `Counters` continue each other: a load
 * starts after the last request and amount of the one before, so no round and investor gets an amount
 * it already had, and every PUT records an event.
 */
export interface Counters {
  /** Requests of the spread and one-round plans made so far. */
  requests: number;
  /** The last amount sent, in minor units. */
  amount: number;
}

export interface Investor {
  id: string;
  token: string;
}

export type LoadPlan =
  | { kind: 'fixed'; request: HttpRequest }
  /** Request n commits to round n mod R as investor floor(n / R) mod I: every round in turn, each investor R times in a row. */
  | { kind: 'spread'; roundIds: readonly string[]; investors: readonly Investor[]; currency: string; counters: Counters }
  /** Request n commits to the one round as investor n mod I. */
  | { kind: 'one-round'; roundId: string; investors: readonly Investor[]; currency: string; counters: Counters };

/** A commitment with the next amount. */
export function commitment(roundId: string, investor: Investor, currency: string, counters: Counters): HttpRequest {
  counters.amount += 1;
  return {
    method: 'PUT',
    path: `/rounds/${roundId}/commitments/${investor.id}`,
    body: JSON.stringify({ amount: String(counters.amount), currency }),
    token: investor.token,
  };
}

/** The plan's requests, one a call; a PUT plan advances its `counters` with each. */
export function requestsOf(plan: LoadPlan): () => HttpRequest {
  switch (plan.kind) {
    case 'fixed':
      return () => plan.request;
    case 'spread': {
      const { roundIds, investors, currency, counters } = plan;
      return () => {
        const n = (counters.requests += 1);
        return commitment(roundIds[n % roundIds.length], investors[Math.floor(n / roundIds.length) % investors.length], currency, counters);
      };
    }
    case 'one-round': {
      const { roundId, investors, currency, counters } = plan;
      return () => commitment(roundId, investors[(counters.requests += 1) % investors.length], currency, counters);
    }
    default: {
      const unknown: never = plan;
      throw new Error(`unknown load plan ${JSON.stringify(unknown)}`);
    }
  }
}

export const countersOf = (plan: LoadPlan): Counters | undefined => (plan.kind === 'fixed' ? undefined : plan.counters);

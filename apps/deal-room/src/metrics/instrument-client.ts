import { EventStoreDBClient, WrongExpectedVersionError } from '@eventstore/db-client';
import type { AppMetrics } from './app-metrics';

const UNAVAILABLE = /UNAVAILABLE|ECONNREFUSED|unavailable|deadline/i;

/**
 * Counts appends by outcome and catch-up subscriptions opened, on the one client the app shares, by wrapping
 * those two methods of that instance: the write path and the projections stay unaware of metrics. A wrapped
 * call costs one counter increment.
 */
export function instrumentClient(client: EventStoreDBClient, metrics: AppMetrics): void {
  const append = client.appendToStream.bind(client);
  client.appendToStream = (async (...args: Parameters<EventStoreDBClient['appendToStream']>) => {
    try {
      const result = await append(...args);
      metrics.appends.inc({ outcome: 'ok' });
      return result;
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) {
        metrics.appends.inc({ outcome: 'conflict' });
        metrics.appendConflicts.inc();
      } else {
        metrics.appends.inc({ outcome: UNAVAILABLE.test(String((error as Error)?.message ?? error)) ? 'unavailable' : 'error' });
      }
      throw error;
    }
  }) as EventStoreDBClient['appendToStream'];

  const subscribe = client.subscribeToAll.bind(client);
  client.subscribeToAll = ((...args: Parameters<EventStoreDBClient['subscribeToAll']>) => {
    metrics.subscriptionStarts.inc();
    return subscribe(...args);
  }) as EventStoreDBClient['subscribeToAll'];
}

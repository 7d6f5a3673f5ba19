import { AllStreamSubscription, RecordedEvent, StreamSubscription } from '@eventstore/db-client';

export type CatchUpSubscription = StreamSubscription | AllStreamSubscription;

export interface CollectOptions {
  until: (received: RecordedEvent[]) => boolean;
  /** Awaited before the next event is pulled: lets a test slow the consumer down or act mid-stream. */
  onEvent?: (event: RecordedEvent, index: number) => Promise<void> | void;
  timeoutMs?: number;
}

/**
 * Pulls events from a subscription until `until` holds, then unsubscribes. Fails with a count of what arrived
 * when it takes longer than `timeoutMs`, so a missing event shows up as a clear timeout rather than a hang.
 */
export async function collectUntil(
  subscription: CatchUpSubscription,
  { until, onEvent, timeoutMs = 20_000 }: CollectOptions,
): Promise<RecordedEvent[]> {
  const received: RecordedEvent[] = [];
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`subscription timed out after ${timeoutMs} ms with ${received.length} events received`)),
      timeoutMs,
    );
  });
  const consume = (async () => {
    if (until(received)) return;
    for await (const resolved of subscription as AsyncIterable<{ event?: RecordedEvent }>) {
      if (!resolved.event) continue;
      received.push(resolved.event);
      await onEvent?.(resolved.event, received.length - 1);
      if (until(received)) return;
    }
    throw new Error(`subscription ended after ${received.length} events without meeting the condition`);
  })();
  try {
    await Promise.race([consume, timeout]);
  } finally {
    clearTimeout(timer);
    consume.catch(() => undefined);
    await subscription.unsubscribe();
    subscription.destroy();
  }
  return received;
}

import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { ObservedExchange, RequestObserver } from '../http';

// Seconds. Writes wait for an fsync'd append (a few ms) and reads of large rounds fold thousands of events.
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

let processRegistry: Registry | undefined;

/**
 * CPU, memory, heap, event loop lag, handles: one set per process, however many apps it runs (the tests run
 * hundreds), since default metrics describe the process and each set would start its own event loop monitor.
 */
export function processMetrics(): Registry {
  if (processRegistry === undefined) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

/** What the projections report when scraped. */
export interface ProjectionSample {
  readonly name: string;
  readonly lag: number | null;
  readonly checkpoint: string | null;
  readonly headPosition: string | null;
}

/** The app's own metrics, one registry per app instance. */
@Injectable()
export class AppMetrics implements RequestObserver {
  readonly registry = new Registry();

  readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP requests from first byte in to last byte out, by method, route template and status.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  readonly commands = new Counter({
    name: 'deal_room_commands_total',
    help: 'Commands by name and outcome: ok, replayed (an Idempotency-Key retry answered from the first answer), or the problem code it was refused with.',
    labelNames: ['command', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly problems = new Counter({
    name: 'deal_room_problems_total',
    help: 'Problem answers by status and code (429 RATE_LIMITED, 503 EVENT_STORE_UNAVAILABLE, ...).',
    labelNames: ['status', 'code'] as const,
    registers: [this.registry],
  });

  readonly idempotentReplays = new Counter({
    name: 'deal_room_idempotent_replays_total',
    help: 'Writes answered from an earlier answer under the same Idempotency-Key (nothing written).',
    registers: [this.registry],
  });

  readonly appends = new Counter({
    name: 'deal_room_event_store_appends_total',
    help: 'Appends to the event store by outcome: ok, conflict (another writer got there first; the command is decided again, up to its attempt limit, after which it answers CONCURRENCY_CONFLICT), unavailable, error.',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  readonly appendConflicts = new Counter({
    name: 'deal_room_append_conflicts_total',
    help: 'Appends refused because the stream moved on (wrong expected version). Each is retried on the fresh state unless the command ran out of attempts (see deal_room_commands_total{outcome="CONCURRENCY_CONFLICT"}).',
    registers: [this.registry],
  });

  readonly subscriptionStarts = new Counter({
    name: 'deal_room_subscription_starts_total',
    help: 'Catch-up subscriptions to $all opened by this process: one at start, one more for each restart of the projections feed or each rebuild.',
    registers: [this.registry],
  });

  private readProjections: (() => Promise<ProjectionSample[]>) | undefined;
  private sampling: Promise<void> | undefined;

  readonly projectionLag = new Gauge({
    name: 'deal_room_projection_lag',
    help: 'Positions between the store head and the projection checkpoint (events on the embedded store, bytes on EventStoreDB); absent when the head cannot be read.',
    labelNames: ['projection'] as const,
    registers: [this.registry],
    collect: () => this.sampleProjections(),
  });

  readonly projectionCheckpoint = new Gauge({
    name: 'deal_room_projection_checkpoint_position',
    help: 'Commit position each projection has applied.',
    labelNames: ['projection'] as const,
    registers: [this.registry],
    collect: () => this.sampleProjections(),
  });

  readonly headPosition = new Gauge({
    name: 'deal_room_event_store_head_position',
    help: 'Commit position of the last event in the store.',
    registers: [this.registry],
    collect: () => this.sampleProjections(),
  });

  /** Where the projection gauges are read from, at scrape time: nothing is computed between scrapes. */
  readProjectionsWith(read: () => Promise<ProjectionSample[]>): void {
    this.readProjections = read;
  }

  // Three gauges, one read: a scrape collects them together, and they share it.
  private sampleProjections(): Promise<void> {
    const read = this.readProjections;
    if (read === undefined) return Promise.resolve();
    return (this.sampling ??= read()
      .then((samples) => {
        this.projectionLag.reset();
        this.projectionCheckpoint.reset();
        this.headPosition.reset();
        for (const { name, lag, checkpoint, headPosition } of samples) {
          if (lag !== null) this.projectionLag.set({ projection: name }, lag);
          if (checkpoint !== null) this.projectionCheckpoint.set({ projection: name }, Number(checkpoint));
          if (headPosition !== null) this.headPosition.set(Number(headPosition));
        }
      })
      .catch(() => undefined)
      .finally(() => (this.sampling = undefined)));
  }

  observe({ method, route, status, problemCode: code, command, replayed }: ObservedExchange, seconds: number): void {
    this.httpDuration.observe({ method, route: route ?? 'unmatched', status }, seconds);
    if (code !== undefined) this.problems.inc({ status, code });
    if (replayed) this.idempotentReplays.inc();
    if (command !== undefined) {
      const outcome = status < 400 ? (replayed ? 'replayed' : 'ok') : (code ?? String(status));
      this.commands.inc({ command, outcome });
    }
  }

  /** The Prometheus text of this app and of the process. */
  async text(): Promise<string> {
    const [own, process] = await Promise.all([this.registry.metrics(), processMetrics().metrics()]);
    return `${own}\n${process}`;
  }
}

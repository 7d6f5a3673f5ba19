// The load generator, forked by httpLoad (http-load.ts) so that autocannon has a process of its own: in the
// bench's process it shared the event loop with the bench's other work, and its latencies were its own
// delays as much as the app's. It says `ready`, then runs each load it is sent and sends back what
// summarize() needs. One generator serves the loads of a bench run, so that the warm-up warms its JIT as
// it did in the bench's process: a generator forked for each load started cold, and a GET load measured
// ~5 % fewer req/s and a p99 ~1.7 ms higher than from the bench's process.
import autocannon from 'autocannon';
import { Counters, headersFor, LoadPlan, requestsOf } from './load-plan';

export interface LoadJob {
  url: string;
  connections: number;
  seconds: number;
  token?: string;
  plan: LoadPlan;
}

export interface GeneratedLoad {
  /** Milliseconds, one for every answer, 2xx or not. */
  latencies: Float64Array;
  /** Answers outside 2xx. */
  failedAnswers: number;
  /** Transport errors and timeouts: requests without an answer. */
  lost: number;
  seconds: number;
  /** Where the plan's counters stand after the load, for the next load to start from. */
  counters?: Counters;
}

export type FromGenerator = { type: 'ready' } | { type: 'done'; load: GeneratedLoad } | { type: 'failed'; message: string };

function run({ url, connections, seconds, token, plan }: LoadJob): Promise<GeneratedLoad> {
  const next = requestsOf(plan);
  const latencies: number[] = [];
  let failedAnswers = 0;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        connections,
        duration: seconds,
        // autocannon's default of 10 s counts a slow answer as an error: a GET of a 5,000-event round under
        // load takes longer than that today, and it is the figure we want.
        timeout: Math.max(120, seconds * 3),
        requests: [
          {
            headers: headersFor(token),
            setupRequest: (request: autocannon.Request) => {
              const { token: own, ...rest } = next();
              return own ? { ...request, ...rest, headers: headersFor(own) } : { ...request, ...rest };
            },
          },
        ],
      },
      (error, result) => {
        if (error) return reject(error);
        const counters = plan.kind === 'fixed' ? undefined : plan.counters;
        resolve({ latencies: Float64Array.from(latencies), failedAnswers, lost: result.errors + result.timeouts, seconds: result.duration, counters });
      },
    );
    instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
      latencies.push(responseTime);
      if (statusCode < 200 || statusCode >= 300) failedAnswers += 1;
    });
  });
}

const send = (message: FromGenerator) => process.send!(message);

// Nobody is left to read the figures when the bench goes, by its end or by a crash: go with it.
process.on('disconnect', () => process.exit(0));
process.on('message', (job: LoadJob) => {
  run(job).then(
    (load) => send({ type: 'done', load }),
    (error: unknown) => send({ type: 'failed', message: error instanceof Error ? error.stack ?? error.message : String(error) }),
  );
});
send({ type: 'ready' });

export interface Load {
  /** Requests (or appends) that succeeded. */
  count: number;
  seconds: number;
  perSecond: number;
  /** Milliseconds, from every response (not autocannon's whole-millisecond histogram). */
  p50: number;
  p99: number;
  p999: number;
  /** Non-2xx answers and transport errors: each is a bug in the bench or the app, not a slow run. */
  failures: number;
  /**
   * CPU time of the server's main thread per request that succeeded, in milliseconds, when the server's
   * pid was given: what a request costs the event loop, which moves far less than req/s when other jobs
   * share the machine's cores.
   */
  mainThreadMs?: number;
  /**
   * CPU time of every thread of the server's process per request (its embedded store's worker, the
   * garbage collector's and libuv's threads included), in milliseconds.
   */
  serverCpuMs?: number;
  /** The load generator's CPU time per request: with serverCpuMs, what a request costs this machine. */
  generatorCpuMs?: number;
}

/** `failedAnswers` are among the latencies; `lost` (transport errors, timeouts) are not. */
export function summarize(latenciesMs: number[], seconds: number, failedAnswers: number, lost = 0): Load {
  const sorted = Float64Array.from(latenciesMs).sort();
  const at = (q: number) => (sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]);
  const count = sorted.length - failedAnswers;
  return { count, seconds, perSecond: count / seconds, p50: at(0.5), p99: at(0.99), p999: at(0.999), failures: failedAnswers + lost };
}

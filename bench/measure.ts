export interface Throughput {
  count: number;
  seconds: number;
  /** User plus system CPU of the whole process (every thread) during the step: near `seconds` x cores means CPU-bound. */
  cpuSeconds: number;
  perSecond: number;
}

export interface Timing<T> {
  result: T;
  seconds: number;
  cpuSeconds: number;
}

export async function timed<T>(work: () => Promise<T> | T): Promise<Timing<T>> {
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  const result = await work();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const { user, system } = process.cpuUsage(cpu);
  return { result, seconds, cpuSeconds: (user + system) / 1e6 };
}

export function rate(count: number, { seconds, cpuSeconds }: Timing<unknown>): Throughput {
  return { count, seconds, cpuSeconds, perSecond: count / seconds };
}

export async function throughput(count: number, work: () => Promise<unknown> | unknown): Promise<Throughput> {
  return rate(count, await timed(work));
}

export function ratio(store: Throughput, raw: Throughput): number {
  return store.perSecond / raw.perSecond;
}

/** ~200 bytes of JSON, shaped like a domain event of this app (amounts as decimal strings). */
export function samplePayload(sequence: number) {
  return {
    roundId: `round-${(sequence % 977).toString().padStart(6, '0')}`,
    investorId: `investor-${(sequence % 131).toString().padStart(6, '0')}`,
    amount: `${(sequence * 1_000 + 50_000).toString()}.00`,
    currency: 'EUR',
    sequence,
    note: 'benchmark payload padded to roughly two hundred bytes of JSON text',
  };
}

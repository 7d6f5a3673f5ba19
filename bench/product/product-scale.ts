import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadNiceFrom } from './http-load';
import { AppRunner } from './processes';

export interface ProductScale {
  name: 'full' | 'smoke';
  /** Connections of the command loads, and writers of the raw append baseline. */
  connections: number;
  rounds: number;
  investors: number;
  /** Each measured load runs this long. */
  seconds: number;
  warmupSeconds: number;
  readConnections: number;
  smallRoundEvents: number;
  largeRoundEvents: number;
  sequentialWrites: number;
  /** Events in the store the app is started on to time start-up. */
  storeEvents: number;
  runner: AppRunner;
  logLevel: string;
}

const FULL: ProductScale = {
  name: 'full',
  connections: 64,
  rounds: 200,
  investors: 20,
  seconds: 20,
  warmupSeconds: 3,
  readConnections: 16,
  smallRoundEvents: 10,
  largeRoundEvents: 5_000,
  sequentialWrites: 100,
  storeEvents: 1_000_000,
  runner: 'dist',
  logLevel: 'info',
};

// Every step still runs, so the smoke spec covers every code path; ts-node saves the build.
const SMOKE: ProductScale = {
  ...FULL,
  name: 'smoke',
  connections: 4,
  rounds: 3,
  investors: 3,
  seconds: 1,
  // A cold app answers its first commands ~1 s late; without a warm-up a 1 s load may count none.
  warmupSeconds: 1,
  readConnections: 2,
  largeRoundEvents: 200,
  sequentialWrites: 10,
  storeEvents: 2_000,
  runner: 'ts-node',
};

export const PRODUCT_USAGE = `Usage: npm run bench:product -- [--smoke] [--connections N] [--rounds N] [--investors N]
  [--seconds N] [--read-connections N] [--large-round N] [--sequential N] [--store-events N]
  [--runner dist|ts-node] [--log-level LEVEL] [--keep] [--cpu-prof DIR] [--load-nice N]
--cpu-prof writes a profile of each thread of the app under the command and read loads into DIR.
--load-nice runs the load generator (always a process of its own) at niceness N, 0 (default) to 19.`;

export interface ProductRunOptions {
  /** Leave the data sets and the app's logs in place. */
  keep?: boolean;
  cpuProfileDir?: string;
  /** The load generator's niceness, 0 to 19. */
  loadNice?: number;
}

export function productScaleFromCli(argv: readonly string[]): { scale: ProductScale; options: ProductRunOptions } {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    options: {
      smoke: { type: 'boolean' },
      keep: { type: 'boolean' },
      connections: { type: 'string' },
      rounds: { type: 'string' },
      investors: { type: 'string' },
      seconds: { type: 'string' },
      'read-connections': { type: 'string' },
      'large-round': { type: 'string' },
      sequential: { type: 'string' },
      'store-events': { type: 'string' },
      runner: { type: 'string' },
      'log-level': { type: 'string' },
      'cpu-prof': { type: 'string' },
      'load-nice': { type: 'string' },
    },
  });
  const base = values.smoke ? SMOKE : FULL;
  const count = (flag: keyof typeof values, fallback: number) => {
    const raw = values[flag];
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${flag} must be a positive integer, got ${JSON.stringify(raw)}\n${PRODUCT_USAGE}`);
    return n;
  };
  const runner = values.runner ?? base.runner;
  if (runner !== 'dist' && runner !== 'ts-node') throw new Error(`--runner must be dist or ts-node\n${PRODUCT_USAGE}`);
  const scale: ProductScale = {
    ...base,
    connections: count('connections', base.connections),
    rounds: count('rounds', base.rounds),
    investors: count('investors', base.investors),
    seconds: count('seconds', base.seconds),
    readConnections: count('read-connections', base.readConnections),
    largeRoundEvents: count('large-round', base.largeRoundEvents),
    sequentialWrites: count('sequential', base.sequentialWrites),
    storeEvents: count('store-events', base.storeEvents),
    runner,
    logLevel: (values['log-level'] as string | undefined) ?? base.logLevel,
  };
  const loadNice = loadNiceFrom(values['load-nice'], PRODUCT_USAGE);
  return { scale, options: { keep: values.keep === true, cpuProfileDir: values['cpu-prof'] && resolve(values['cpu-prof']), loadNice } };
}

import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { APP_NODE_FLAGS } from '../bench/product/processes';
import type { ProductFigures } from '../bench/product/run-product-benchmark';

function numbersIn(value: unknown, path: string): Array<[string, number]> {
  if (typeof value === 'number') return [[path, value]];
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, child]) => numbersIn(child, `${path}.${key}`));
}

// Timing is never asserted: this proves every step of `npm run bench:product` runs end to end against the
// spawned app, answers every request, and prints each figure with its baseline and ratio.
describe('product benchmark at smoke scale', () => {
  let stdout: string;
  let figures: ProductFigures;

  beforeAll(async () => {
    stdout = await new Promise<string>((resolve, reject) => {
      const args = ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'bench/product.bench.ts', '--smoke'];
      execFile(process.execPath, args, { cwd: join(__dirname, '..'), maxBuffer: 1 << 22 }, (error, out, err) =>
        error ? reject(new Error(`${error.message}\n${err}`)) : resolve(out),
      );
    });
    figures = JSON.parse(stdout.trim().split('\n').pop()!);
  }, 240_000);

  it('reports every figure and ratio as a positive finite number', () => {
    const numbers = numbersIn(figures, 'figures').filter(([path]) => !path.includes('loadAverage') && !path.endsWith('failures') && !path.endsWith('loadNice'));
    expect(numbers.length).toBeGreaterThan(60);
    expect(numbers.filter(([, n]) => !(Number.isFinite(n) && n > 0))).toEqual([]);
    expect(Object.keys(figures.ratios)).toEqual(
      expect.arrayContaining(['commandsVsRawAppends', 'oneRoundVsRawOneStream', 'largeRoundP99VsSmallRoundP99', 'rebuild:round-summariesVsReadAll']),
    );
  });

  it('gets an answer in 2xx to every request and every raw append', () => {
    const { commands, reads, sequentialWrites, baselines } = figures;
    const loads = [commands.spread, commands.oneRound, reads.smallRound, reads.largeRound, sequentialWrites.onSmallRound, sequentialWrites.onLargeRound, baselines.rawAppends.spread, baselines.rawAppends.oneStream];
    expect(loads.map((load) => load.failures)).toEqual(loads.map(() => 0));
    expect(sequentialWrites.onLargeRound.count).toBe(figures.scale.sequentialWrites);
  });

  it('gets the same 404 for the hidden round as for a missing one, warm and from the store', () => {
    const { warm, cold, warmPut } = figures.hiddenRounds;
    const probes = [warm.hidden, warm.missing, cold.hidden, cold.missing, warmPut.hidden, warmPut.missing];
    expect(probes.map((probe) => [probe.count, probe.failures])).toEqual(probes.map(() => [10, 0]));
    expect(Object.keys(figures.ratios)).toEqual(expect.arrayContaining(['hiddenVsMissingWarmP50', 'hiddenVsMissingColdP50', 'hiddenVsMissingPutP50']));
  });

  it('tells what a request costs the machine: the app\'s whole process, its main thread, the generator', () => {
    const { commands, reads, baselines } = figures;
    for (const load of [commands.spread, commands.oneRound, reads.smallRound, reads.largeRound]) {
      // Both are read from /proc in clock ticks over the same interval: the whole process holds the main thread.
      expect(load.serverCpuMs).toBeGreaterThanOrEqual(load.mainThreadMs!);
      expect(load.generatorCpuMs).toBeGreaterThan(0);
    }
    expect(baselines.rawAppends.spread.serverCpuMs).toBeGreaterThan(0);
    expect(stdout).toMatch(/CPU of one PUT commitment, spread +\| [\d.]+ ms: app [\d.]+ \(main thread [\d.]+\), load generator [\d.]+ .*cores serve at most [\d,]+ cmd\/s/);
  });

  it('rebuilds every event of the large store that readAll reads', () => {
    const { readAll, projections } = figures.rebuilds;
    expect(readAll.events).toBe(figures.startup.largeStoreEvents);
    expect(projections.map((p) => p.events)).toEqual(projections.map(() => readAll.events));
  });

  it('prints a table row with a baseline and a ratio for each figure', () => {
    const rows = stdout.split('\n').filter((line) => line.includes(' | '));
    expect(rows.length).toBeGreaterThanOrEqual(12);
    for (const row of rows.slice(1)) expect(row).toMatch(/\d\.\d{3}x/);
  });

  it('runs the app with the Node flags that `npm start` and the Dockerfile give it', () => {
    const root = join(__dirname, '..');
    const start = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts.start as string;
    const flagsOf = (args: string[]) => args.slice(args.indexOf('node') + 1, args.findIndex((arg) => arg.endsWith('main.js')));
    const cmd = /^CMD (\[.*\])$/m.exec(readFileSync(join(root, 'Dockerfile'), 'utf8'))![1];
    expect({ npmStart: flagsOf(start.split(/\s+/).slice(start.split(/\s+/).lastIndexOf('exec') + 1)), dockerfile: flagsOf(JSON.parse(cmd)) }).toEqual({
      npmStart: APP_NODE_FLAGS,
      dockerfile: APP_NODE_FLAGS,
    });
  });
});

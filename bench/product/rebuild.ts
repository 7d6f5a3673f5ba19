import { AllStreamResolvedEvent, EventStoreDBClient, START } from '@eventstore/db-client';
import { startEmbeddedEventStore } from '@deal-room/embedded-eventstore';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { AppRunner, runnerArgs } from './processes';

export interface RebuildFigures {
  projection: string;
  events: number;
  seconds: number;
  perSecond: number;
  /** The rebuild process's resident memory once it is done, and its peak. */
  rssBytes: number;
  peakRssBytes: number;
}

export interface ReadAllFigures {
  events: number;
  seconds: number;
  perSecond: number;
}

const ROOT = join(__dirname, '..', '..');

/** The baseline of a rebuild: one client reading every event of the same store, doing nothing with them. */
export async function measureReadAll(dataDir: string): Promise<ReadAllFigures> {
  const store = await startEmbeddedEventStore({ dataDir, port: 0 });
  const client = EventStoreDBClient.connectionString(store.connectionString);
  try {
    const started = process.hrtime.bigint();
    const events = await new Promise<number>((resolve, reject) => {
      let count = 0;
      client
        .readAll({ fromPosition: START })
        .on('data', (_event: AllStreamResolvedEvent) => (count += 1))
        .on('error', reject)
        .on('end', () => resolve(count));
    });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    return { events, seconds, perSecond: events / seconds };
  } finally {
    await client.dispose();
    await store.close();
  }
}

// Plain JS run in a process of its own, so that its resident memory is the rebuild's alone and no
// TypeScript compiler is counted in it when the app is built.
const CHILD = `
const { runProjectionsCli } = require(process.argv[1]);
const [name, dataDir] = process.argv.slice(2);
let output = '';
const started = process.hrtime.bigint();
runProjectionsCli(['rebuild', name, '--data-dir', dataDir], {}, {
  out: (text) => (output += text), err: (text) => process.stderr.write(text), interactive: false,
}).then((exitCode) => {
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const events = Number(/Rebuilt \\S+: (\\d+) events/.exec(output)?.[1] ?? NaN);
  // Once the CLI has closed its store and database: what the rebuild leaves resident, and its peak.
  const rssBytes = process.memoryUsage().rss, peakRssBytes = process.resourceUsage().maxRSS * 1024;
  process.stdout.write(JSON.stringify({ exitCode, seconds, events, rssBytes, peakRssBytes }) + '\\n');
  process.exitCode = exitCode;
});
`;

/** `npm run projections -- rebuild NAME` as the product runs it, timed from inside its own process. */
export function measureRebuild(projection: string, dataDir: string, runner: AppRunner): Promise<RebuildFigures> {
  const cli = runner === 'dist' ? 'dist/apps/deal-room/src/projections/cli/projections-cli.js' : 'apps/deal-room/src/projections/cli/projections-cli.ts';
  const args = [...runnerArgs(runner), '-e', CHILD, join(ROOT, cli), projection, dataDir];
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { cwd: ROOT, maxBuffer: 1 << 20 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`rebuild of ${projection} failed: ${error.message}\n${stderr}`));
      const { events, seconds, rssBytes, peakRssBytes } = JSON.parse(stdout.trim().split('\n').pop()!);
      resolve({ projection, events, seconds, perSecond: events / seconds, rssBytes, peakRssBytes });
    });
  });
}

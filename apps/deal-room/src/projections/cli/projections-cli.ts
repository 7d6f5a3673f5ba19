import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { SingleBar } from 'cli-progress';
import { EventStoreDBClient } from '@eventstore/db-client';
import { DataDirInUseError, EmbeddedEventStore, startEmbeddedEventStore } from '@deal-room/embedded-eventstore';
import { chooseDataDir, missingStoreProblem } from '../../data-dir/data-dir';
import { findProjection, PROJECTIONS } from '../registrations';
import { readHeadPosition } from '../runtime/head-position';
import { rebuildProjection } from '../runtime/rebuild';
import { PROJECTIONS_FILE, ProjectionDatabase } from '../store/projection-database';

export const PROJECTIONS_USAGE = `Usage:
  npm run projections -- status [--data-dir DIR]
  npm run projections -- rebuild NAME [--data-dir DIR]

Reads the events from EVENTSTORE_CONNECTION_STRING, or else from the embedded store on the data
directory (--data-dir, else DATA_DIR, else ./data), which the app must not have open. The read
models are in DIR/projections.sqlite. Projections: ${PROJECTIONS.map((p) => p.name).join(', ')}.
`;

export interface CliOutput {
  out(text: string): void;
  err(text: string): void;
  /** Whether to draw a progress bar (on a terminal). */
  readonly interactive: boolean;
}

type Env = Readonly<Record<string, string | undefined>>;

/** `status` or `rebuild NAME`; resolves to the exit code (2 for a usage error). */
export async function runProjectionsCli(argv: readonly string[], env: Env, io: CliOutput): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], allowPositionals: true, options: { 'data-dir': { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  } catch (error) {
    io.err(`${error instanceof Error ? error.message : String(error)}\n\n${PROJECTIONS_USAGE}`);
    return 2;
  }
  const [command, name, ...extra] = parsed.positionals;
  if (parsed.values.help) {
    io.out(PROJECTIONS_USAGE);
    return 0;
  }
  const definition = name === undefined ? undefined : findProjection(name);
  const problem = usageProblem(command, name, extra, definition !== undefined);
  if (problem !== undefined) {
    io.err(`error: ${problem}\n\n${PROJECTIONS_USAGE}`);
    return 2;
  }

  const choice = chooseDataDir(parsed.values['data-dir'], env);
  if ('error' in choice) {
    io.err(`error: ${choice.error}\n\n${PROJECTIONS_USAGE}`);
    return 2;
  }
  const { dataDir } = choice;
  // Without a store there is nothing to read or rebuild from; opening one would create an empty store there.
  const missing = env.EVENTSTORE_CONNECTION_STRING === undefined ? missingStoreProblem(choice) : undefined;
  if (missing !== undefined) {
    io.err(`error: ${missing}\n`);
    return 2;
  }
  let store: EmbeddedEventStore | null = null;
  let client: EventStoreDBClient | null = null;
  const database = ProjectionDatabase.open(join(dataDir, PROJECTIONS_FILE));
  try {
    if (env.EVENTSTORE_CONNECTION_STRING === undefined) store = await startEmbeddedEventStore({ dataDir });
    client = EventStoreDBClient.connectionString(store?.connectionString ?? env.EVENTSTORE_CONNECTION_STRING!);
    if (definition) await rebuild(definition.name, database, client, dataDir, io);
    else await status(database, client, io);
    return 0;
  } catch (error) {
    const message =
      error instanceof DataDirInUseError
        ? `${error.message}\nThe app is running on it: GET /projections shows the same status, and POST /projections/NAME/rebuild (admin) rebuilds while it runs; or stop the app first.`
        : String(error instanceof Error ? error.message : error);
    io.err(`${message}\n`);
    return 1;
  } finally {
    await client?.dispose();
    await store?.close();
    database.close();
  }
}

async function rebuild(name: string, database: ProjectionDatabase, client: EventStoreDBClient, dataDir: string, io: CliOutput): Promise<void> {
  const definition = findProjection(name)!;
  database.ensure(definition);
  const head = (await readHeadPosition(client))?.commit ?? 0n;
  const bar = io.interactive ? new SingleBar({ format: `${name} [{bar}] {percentage}% | position {value}/{total}` }) : null;
  bar?.start(Number(head), 0);
  try {
    const checkpoint = await rebuildProjection({
      definition,
      live: database,
      client,
      dataDir,
      onProgress: (position) => bar?.update(Number(position?.commit ?? 0n)),
    });
    bar?.update(Number(head));
    bar?.stop();
    io.out(`Rebuilt ${name}: ${checkpoint.eventsApplied} events, checkpoint ${checkpoint.position?.commit ?? 'none'}.\n`);
  } finally {
    bar?.stop();
  }
}

async function status(database: ProjectionDatabase, client: EventStoreDBClient, io: CliOutput): Promise<void> {
  const head = (await readHeadPosition(client))?.commit ?? null;
  io.out(`head of $all: ${head ?? 'empty store'}\n`);
  for (const { name } of PROJECTIONS) {
    const { position, eventsApplied, lastEventAt } = database.checkpoint(name);
    const lag = head === null ? 0n : head - (position?.commit ?? 0n);
    io.out(`${name}: checkpoint ${position?.commit ?? 'none'}, lag ${lag > 0n ? lag : 0n}, ${eventsApplied} events applied, last event at ${lastEventAt ?? 'never'}\n`);
  }
}

function usageProblem(command: string | undefined, name: string | undefined, extra: readonly string[], known: boolean): string | undefined {
  if (command === undefined) return 'a command is required: status or rebuild NAME';
  if (command !== 'status' && command !== 'rebuild') return `unknown command ${JSON.stringify(command)}: use status or rebuild NAME`;
  if (command === 'status' && name !== undefined) return `status takes no argument, got ${JSON.stringify(name)}`;
  if (command === 'rebuild' && name === undefined) return 'rebuild needs the name of a projection';
  if (extra.length > 0) return `unexpected arguments: ${extra.join(' ')}`;
  if (command === 'rebuild' && !known) return `there is no projection named ${JSON.stringify(name)}`;
  return undefined;
}

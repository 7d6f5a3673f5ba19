import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export type Env = Readonly<Record<string, string | undefined>>;

export const DEFAULT_DATA_DIR = './data';

/** Files that show a directory holds a Deal Room store (the embedded event store's database). */
export const EVENT_STORE_FILE = 'events.sqlite';

export interface DataDirChoice {
  readonly dataDir: string;
  /** Where the value came from, for messages: `--data-dir`, `DATA_DIR` or `default`. */
  readonly source: '--data-dir' | 'DATA_DIR' | 'default';
}

/**
 * The one rule for the app and every command: `--data-dir`, else `DATA_DIR`, else `./data`. An empty value is
 * an error (returned as a message), not a request for the default.
 */
export function chooseDataDir(flag: string | undefined, env: Env): DataDirChoice | { error: string } {
  if (flag !== undefined) return flag.trim() === '' ? { error: '--data-dir must be a non-empty path' } : { dataDir: flag, source: '--data-dir' };
  const variable = env.DATA_DIR;
  if (variable !== undefined) {
    return variable.trim() === '' ? { error: `DATA_DIR must be a non-empty path, got ${JSON.stringify(variable)}` } : { dataDir: variable, source: 'DATA_DIR' };
  }
  return { dataDir: DEFAULT_DATA_DIR, source: 'default' };
}

/**
 * For commands that only read: a directory without an event store is almost always a mistyped path, and
 * opening it would create an empty store there and report nothing. Undefined when the store is there.
 */
export function missingStoreProblem({ dataDir, source }: DataDirChoice): string | undefined {
  if (existsSync(join(dataDir, EVENT_STORE_FILE))) return undefined;
  const from = source === 'default' ? 'the default, as neither --data-dir nor DATA_DIR is set' : `from ${source}`;
  return `No event store in ${resolve(dataDir)} (${from}): there is no ${EVENT_STORE_FILE} there. Give the app's data directory with --data-dir or DATA_DIR.`;
}

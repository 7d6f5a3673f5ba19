import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { askControlSocket, controlSocketPath } from '@deal-room/embedded-eventstore';
import { chooseDataDir, EVENT_STORE_FILE, missingStoreProblem } from '../../apps/deal-room/src/data-dir/data-dir';

const CONTROL_SOCKET = relative('.', controlSocketPath('.'));

export const BACKUP_USAGE = `Usage: npm run backup -- --out DIR [--data-dir DIR]

Copies a Deal Room data directory (--data-dir, else DATA_DIR, else ./data) to a new directory DIR: the read
models (projections.sqlite), then the event store (${EVENT_STORE_FILE}), each as one consistent snapshot made
by SQLite (VACUUM INTO; a copy of the files of a live WAL database is not a backup), and the token secret
(jwt-secret). DIR must not exist yet or be empty; start the app on it to restore.

The app may be running: its event store holds an exclusive lock on ${EVENT_STORE_FILE}, so the copy is asked of
the store itself, over the owner-only socket ${join('DATA_DIR', CONTROL_SOCKET)} (run this as the account that runs
the app, on the same machine or in the same container). The read models
are copied first, so they never claim events the copied store lacks; the app catches them up after a restore.
With EVENTSTORE_CONNECTION_STRING set, back up that server with its own tools.

Options:
  --out <dir>         where the backup goes (required)
  --data-dir <dir>    the data directory to back up
  -h, --help          show this help

Exit status: 0 done, 1 the backup failed, 2 bad usage or nothing to back up.
`;

export interface BackupIo {
  out(text: string): void;
  err(text: string): void;
  /** Whether to show progress (on a terminal). */
  readonly interactive: boolean;
}

type Env = Readonly<Record<string, string | undefined>>;

const PROJECTIONS = 'projections.sqlite';
const SECRET = 'jwt-secret';

export async function runBackupCli(args: readonly string[], env: Env, io: BackupIo): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args: [...args], options: { out: { type: 'string' }, 'data-dir': { type: 'string' }, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals: false }));
  } catch (error) {
    io.err(`error: ${error instanceof Error ? error.message : String(error)}\n\n${BACKUP_USAGE}`);
    return 2;
  }
  if (values.help) {
    io.out(BACKUP_USAGE);
    return 0;
  }
  const problems: string[] = [];
  if (values.out === undefined || values.out.trim() === '') problems.push('--out is required');
  const choice = chooseDataDir(values['data-dir'], env);
  if ('error' in choice) problems.push(choice.error);
  if (problems.length > 0 || values.out === undefined || 'error' in choice) {
    io.err(`${problems.map((problem) => `error: ${problem}`).join('\n')}\n\n${BACKUP_USAGE}`);
    return 2;
  }
  const missing = missingStoreProblem(choice);
  if (missing !== undefined) {
    io.err(`error: ${missing}\n`);
    return 2;
  }
  const out = values.out;
  if (existsSync(out) && readdirSync(out).length > 0) {
    io.err(`error: ${resolve(out)} is not empty: a backup goes to a new directory\n`);
    return 2;
  }
  if (resolve(out) === resolve(choice.dataDir)) {
    io.err('error: --out is the data directory itself\n');
    return 2;
  }

  mkdirSync(out, { recursive: true, mode: 0o700 });
  try {
    // Read models first: their checkpoints then never lie beyond the copied store's head.
    const projections = join(choice.dataDir, PROJECTIONS);
    // The app writes them in WAL mode without an exclusive lock: a reader may wait a moment for a checkpoint.
    if (existsSync(projections)) await backupDatabase(projections, join(out, PROJECTIONS), io, (target) => copyOffline(projections, target, 5000));
    const store = join(choice.dataDir, EVENT_STORE_FILE);
    const head = await backupDatabase(store, join(out, EVENT_STORE_FILE), io, (target) => copyStore(choice.dataDir, store, target));
    if (existsSync(join(choice.dataDir, SECRET))) {
      copyFileSync(join(choice.dataDir, SECRET), join(out, SECRET));
      chmodSync(join(out, SECRET), 0o600);
    }
    io.err(`Backed up ${resolve(choice.dataDir)} to ${resolve(out)} (${head.online ? 'from the running store' : 'offline'}; events up to position ${head.position})\n`);
    return 0;
  } catch (error) {
    io.err(`error: ${describe(error)}\n`);
    return 1;
  }
}

interface Copied {
  readonly online: boolean;
  /** The last `$all` position in the copy (event store only). */
  readonly position: number;
}

/** Makes the copy with `copy`, then checks it with SQLite's own check; the copy is owner-only. */
async function backupDatabase(source: string, target: string, io: BackupIo, copy: (target: string) => Promise<Copied>): Promise<Copied> {
  if (io.interactive) io.err(`${source} ...`);
  const copied = await copy(resolve(target));
  if (io.interactive) io.err(' done\n');
  chmodSync(target, 0o600);
  const check = new Database(target, { readonly: true, fileMustExist: true });
  try {
    const verdict = check.pragma('quick_check', { simple: true });
    if (verdict !== 'ok') throw new Error(`the copy of ${source} fails SQLite's check: ${String(verdict)}`);
  } finally {
    check.close();
  }
  return copied;
}

/**
 * The event store: asked of the running store over its control socket when one answers; else (no app
 * running) copied here. A store that holds the lock without a socket (a data directory whose path is too
 * long for one) is reported, not waited for.
 */
async function copyStore(dataDir: string, source: string, target: string): Promise<Copied> {
  let answer;
  try {
    answer = await askControlSocket(dataDir, { kind: 'backup', to: target });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ECONNREFUSED') throw error;
    return copyOffline(source, target);
  }
  if (!answer.ok) throw new Error(`the running event store refused the backup: ${answer.error}`);
  return { online: true, position: answer.head ?? 0 };
}

async function copyOffline(source: string, target: string, busyTimeoutMs = 0): Promise<Copied> {
  let db: Database.Database;
  try {
    db = new Database(source, { readonly: true, fileMustExist: true, timeout: busyTimeoutMs });
    // Reading the header takes the lock a running store holds: fail here rather than half-way.
    db.pragma('schema_version');
  } catch (error) {
    if (busyTimeoutMs === 0 && /locked|busy/i.test(describe(error))) {
      throw new Error(`${source} is locked by a running event store that serves no backup socket (${CONTROL_SOCKET} is missing, e.g. because the data directory's path is too long for a Unix socket). Stop the app, then back up.`, { cause: error });
    }
    throw error;
  }
  try {
    // SQLite's consistent copy: one read transaction, so the copy is the database as of one instant, written
    // compactly. better-sqlite3's incremental Backup object was used first, but under Node 24 its destructor
    // aborts the process when the garbage collector reaches it (seen in the test run).
    db.prepare('VACUUM INTO ?').run(target);
    const hasEvents = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'events'").get() !== undefined;
    const position = hasEvents ? (db.prepare('SELECT MAX(position) AS head FROM events').get() as { head: number | null }).head ?? 0 : 0;
    return { online: false, position };
  } finally {
    db.close();
  }
}

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));

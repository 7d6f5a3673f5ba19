import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { chooseDataDir, EVENT_STORE_FILE, missingStoreProblem } from '../../apps/deal-room/src/data-dir/data-dir';

export const BACKUP_USAGE = `Usage: npm run backup -- --out DIR [--data-dir DIR]

Copies a Deal Room data directory (--data-dir, else DATA_DIR, else ./data) to a new directory DIR: the event
store (${EVENT_STORE_FILE}) and the read models (projections.sqlite), each as one consistent snapshot made by
SQLite (VACUUM INTO; a copy of the files of a live WAL database is not a backup), and the token secret
(jwt-secret). DIR must not exist yet or be empty; start the app on it to restore.

The app holds the event store's lock while it runs: stop it for the backup (the read models alone can be
copied while it runs). With EVENTSTORE_CONNECTION_STRING set, back up that server with its own tools.

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

const DATABASES = [EVENT_STORE_FILE, 'projections.sqlite'];
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

  mkdirSync(out, { recursive: true });
  try {
    for (const file of DATABASES) {
      const source = join(choice.dataDir, file);
      if (!existsSync(source)) continue;
      await backupDatabase(source, join(out, file), io);
    }
    if (existsSync(join(choice.dataDir, SECRET))) {
      copyFileSync(join(choice.dataDir, SECRET), join(out, SECRET));
      chmodSync(join(out, SECRET), 0o600);
    }
    io.err(`Backed up ${resolve(choice.dataDir)} to ${resolve(out)}\n`);
    return 0;
  } catch (error) {
    io.err(`error: ${describe(error)}\n`);
    return 1;
  }
}

async function backupDatabase(source: string, target: string, io: BackupIo): Promise<void> {
  let db: Database.Database;
  try {
    db = new Database(source, { readonly: true, fileMustExist: true, timeout: 0 });
    // Reading the header takes the lock the app holds while it runs: fail here rather than half-way.
    db.pragma('schema_version');
  } catch (error) {
    if (/locked|busy/i.test(describe(error))) {
      throw new Error(`${source} is in use by a running app (it holds the event store's lock). Stop the app, then back up; meanwhile it can be audited live through the address its listen line gives.`, { cause: error });
    }
    throw error;
  }
  try {
    if (io.interactive) io.err(`${source} ...`);
    // SQLite's consistent copy: one read transaction, so the copy is the database as of one instant, written
    // compactly. better-sqlite3's incremental Backup object was used first, but under Node 24 its destructor
    // aborts the process when the garbage collector reaches it (seen in the test run).
    db.prepare('VACUUM INTO ?').run(target);
    if (io.interactive) io.err(' done\n');
  } finally {
    db.close();
  }
  const copy = new Database(target, { readonly: true, fileMustExist: true });
  try {
    const check = copy.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new Error(`the copy of ${source} fails SQLite's check: ${String(check)}`);
  } finally {
    copy.close();
  }
}

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));

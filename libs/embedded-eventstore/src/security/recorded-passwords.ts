import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Passwords {
  admin: string;
  ops: string;
}

const FILE = join('tls', 'passwords.json');

/**
 * The passwords a store was last given, kept beside its data (mode 0600, readable by no one who could not
 * read the events themselves). A store started again on the directory without passwords uses them, as
 * EventStoreDB keeps its accounts in its database: a process that restarts the store, or a tool that opens
 * a stopped app's directory, reaches it with the same credentials as before. With nothing given and
 * nothing recorded, EventStoreDB's defaults apply.
 */
export function effectivePasswords(dataDir: string, given: Partial<Passwords>, defaults: Passwords): Passwords {
  const file = join(dataDir, FILE);
  const recorded: Partial<Passwords> = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Partial<Passwords>) : {};
  const passwords = { admin: given.admin ?? recorded.admin ?? defaults.admin, ops: given.ops ?? recorded.ops ?? defaults.ops };
  if (given.admin !== undefined || given.ops !== undefined) {
    mkdirSync(join(dataDir, 'tls'), { recursive: true, mode: 0o700 });
    writeFileSync(file, JSON.stringify(passwords), { mode: 0o600 });
    chmodSync(file, 0o600);
  }
  return passwords;
}

import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';

/**
 * Data files hold the whole history and the read models: readable by their owner only. A directory is made
 * 0700 when this creates it (an existing one, perhaps `.`, is the operator's to set); a file is made 0600,
 * or tightened to it if an older version left it wider. SQLite gives its -wal and -shm files the mode of
 * the database file, so those follow.
 */
export function ownerOnlyDirectory(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
}

export function ownerOnlyFile(file: string): void {
  // SQLite's names for a database with no file: nothing to create, nothing to protect.
  if (file === ':memory:' || file === '') return;
  if (!existsSync(file)) closeSync(openSync(file, 'a', 0o600));
  chmodSync(file, 0o600);
}

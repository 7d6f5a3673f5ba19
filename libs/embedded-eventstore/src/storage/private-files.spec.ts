import Database from 'better-sqlite3';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEventLog } from './schema';
import { ownerOnlyDirectory, ownerOnlyFile } from './private-files';

const modeOf = (path: string) => statSync(path).mode & 0o777;

describe('data files readable by their owner only', () => {
  let root: string;
  beforeEach(() => (root = mkdtempSync(join(tmpdir(), 'private-files-'))));
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('creates the data directory 0700 and the event log, its WAL and shared memory 0600', () => {
    const dataDir = join(root, 'data');
    ownerOnlyDirectory(dataDir);
    const db = openEventLog(join(dataDir, 'events.sqlite'));
    try {
      expect(modeOf(dataDir)).toBe(0o700);
      const files = readdirSync(dataDir);
      expect(files).toEqual(expect.arrayContaining(['events.sqlite', 'events.sqlite-wal']));
      expect(files.map((file) => [file, modeOf(join(dataDir, file))])).toEqual(files.map((file) => [file, 0o600]));
    } finally {
      db.close();
    }
  });

  it('tightens a database file an older version left readable to all', () => {
    const file = join(root, 'projections.sqlite');
    writeFileSync(file, '', { mode: 0o644 });
    ownerOnlyFile(file);
    new Database(file).close();
    expect(modeOf(file)).toBe(0o600);
  });
});

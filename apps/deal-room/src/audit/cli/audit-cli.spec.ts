import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { runAudit } from './audit-cli';
import { investorAdmitted, roundOpened } from '../../../../../test/support/rounds/round.fixtures';
import { storedStream } from '../../../../../test/support/audit/audit.fixtures';

async function audit(...args: string[]) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (chunk: Buffer) => out.push(chunk));
  stderr.on('data', (chunk: Buffer) => err.push(chunk));
  const exitCode = await runAudit(args, { stdout, stderr, env: {} });
  return { exitCode, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() };
}

describe('runAudit, before it touches a store', () => {
  it('prints the usage on --help', async () => {
    const { exitCode, stdout } = await audit('--help');
    expect(exitCode).toBe(0);
    expect(stdout).toContain('Usage: npm run audit -- <history|verify|replay>');
  });

  it('lists every usage problem at once and exits 2', async () => {
    const { exitCode, stderr } = await audit('rewind', '--as-of', 'noon', '--format', 'xml');
    expect(exitCode).toBe(2);
    expect(stderr).toContain('the command must be history, verify or replay');
    expect(stderr).toContain('--round is required');
    expect(stderr).toContain('--as-of must be an ISO 8601');
    expect(stderr).toContain('--format must be table, csv or jsonl');
  });

  it('refuses flags that do not apply to the command', async () => {
    expect((await audit('verify', '--round', 'r-1', '--at-revision', '3')).stderr).toContain('verify checks the whole chain');
    expect((await audit('replay', '--round', 'r-1', '--format', 'csv')).stderr).toContain('--format applies to history only');
    expect((await audit('replay', '--round', 'r-1', '--as-of', '2025-01-01T00:00:00Z', '--at-revision', '1')).stderr).toContain('not both');
    expect((await audit('history', '--round', 'r-1', '--bogus')).exitCode).toBe(2);
  });

  it('takes one subject: a round, a log stream or export files, the last two for verify only', async () => {
    expect((await audit('verify', '--round', 'r-1', '--file', 'x.jsonl')).stderr).toContain('give one of --round, --stream or --file');
    expect((await audit('verify', '--stream', 'rounds')).stderr).toContain('--stream must be access-log or anchors');
    expect((await audit('history', '--file', 'x.jsonl')).stderr).toContain('--stream and --file apply to verify only');
    expect((await audit('replay', '--round', 'r-1', '--key', 'k.json')).stderr).toContain('--receipts, --key and --json apply to verify only');
  });

  it('verifies files without a store, and asks for the key when there are signatures to check', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'audit-cli-files-'));
    try {
      const stored = storedStream([roundOpened(), investorAdmitted('alpha')]);
      const lines = stored.map((event) => JSON.stringify({ kind: 'event', stream: 'round-r-1', revision: Number(event.revision), type: event.type, data: event.data, metadata: event.metadata }));
      const path = join(dir, 'round.jsonl');
      writeFileSync(path, `${lines.join('\n')}\n`);
      const intact = await audit('verify', '--file', path);
      expect({ exitCode: intact.exitCode, first: intact.stdout.split('\n')[0] }).toEqual({ exitCode: 0, first: 'History intact: 2 events, not yet anchored.' });
      expect(JSON.parse((await audit('verify', '--file', path, '--json')).stdout)).toMatchObject({ intact: true, events: 2 });

      writeFileSync(path, `${lines.join('\n')}`);
      expect(await audit('verify', '--file', path)).toMatchObject({ exitCode: 2, stderr: expect.stringContaining('does not end in a newline') });
      writeFileSync(path, `${lines[0]}\nnot json\n`);
      expect(await audit('verify', '--file', path)).toMatchObject({ exitCode: 2, stderr: expect.stringContaining('line 2 is not JSON') });
      writeFileSync(path, `${lines.join('\n')}\n`);
      const receipts = join(dir, 'receipts.txt');
      writeFileSync(receipts, 'a.b.c\n');
      expect(await audit('verify', '--file', path, '--receipts', receipts)).toMatchObject({ exitCode: 2, stderr: expect.stringContaining('--key is needed') });
      expect(await audit('verify', '--file', join(dir, 'absent.jsonl'))).toMatchObject({ exitCode: 2, stderr: expect.stringContaining('ENOENT') });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('does not create a store in a directory that has none', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'audit-cli-'));
    try {
      const { exitCode, stderr } = await audit('verify', '--round', 'r-1', '--data-dir', empty);
      expect(exitCode).toBe(2);
      expect(stderr).toContain(`There is no event store in ${empty}`);
      expect(readdirSync(empty)).toEqual([]);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

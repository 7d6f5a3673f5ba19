import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { runAudit } from './audit-cli';

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

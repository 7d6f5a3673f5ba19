import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { eventHash, GENESIS_HASH } from '../../../apps/deal-room/src/event-sourcing/hash-chain';
import { runAudit } from '../../../apps/deal-room/src/audit/cli/audit-cli';

export interface ForgeableEvent {
  type: string;
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
}

/**
 * What a forger with the app's own hash function does after changing events: every hash recomputed from
 * the genesis hash, and the closing's seal set to the new head before it. The result chains perfectly.
 */
export function rechain<E extends ForgeableEvent>(events: readonly E[]): E[] {
  let prevHash = GENESIS_HASH;
  return events.map((event) => {
    const data = /^deal-room\.RoundClosed\.v\d+$/.test(event.type) ? { ...event.data, sealedHeadHash: prevHash } : event.data;
    const { hash: _old, ...rest } = event.metadata;
    const unsealed = { ...rest, prevHash };
    const hash = eventHash(event.type, data, unsealed);
    prevHash = hash;
    return { ...event, data, metadata: { ...unsealed, hash } };
  });
}

export async function audit(env: Record<string, string>, ...args: string[]) {
  const stdout = new PassThrough();
  const out: Buffer[] = [];
  stdout.on('data', (chunk: Buffer) => out.push(chunk));
  const stderr = new PassThrough();
  const err: Buffer[] = [];
  stderr.on('data', (chunk: Buffer) => err.push(chunk));
  const exitCode = await runAudit(args, { stdout, stderr, env });
  const text = Buffer.concat(out).toString('utf8');
  return { exitCode, stdout: text, sentence: text.split('\n')[0], stderr: Buffer.concat(err).toString('utf8') };
}

const ROOT = join(__dirname, '..', '..', '..');

/** True when a python3 is on the PATH; the reference verifier's cases need one. */
export const hasPython = spawnSync('python3', ['--version']).status === 0;

/** The reference verifier, tools/verify-export.py, run as an auditor would run it. */
export function python(...args: string[]) {
  const run = spawnSync('python3', [join(ROOT, 'tools', 'verify-export.py'), ...args], { encoding: 'utf8', timeout: 60_000 });
  return { exitCode: run.status, stdout: run.stdout, sentence: run.stdout.split('\n')[0], stderr: run.stderr };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- export lines are arbitrary JSON, altered field by field
export const jsonLines = (text: string): Record<string, any>[] => text.split('\n').filter((line) => line.length > 0).map((line) => JSON.parse(line));
export const toJsonl = (lines: readonly object[]): string => lines.map((line) => `${JSON.stringify(line)}\n`).join('');

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { captureOutput, fixture, killIfRunning, spawnTypeScript, waitForExit } from './process-helpers';

// The client is closed under 64 appends sent at once, as the app's shutdown would under a write load.
async function closeUnderAppends(mode: 'gated' | 'bare') {
  const dataDir = mkdtempSync(join(tmpdir(), 'deal-room-close-under-'));
  const child = spawnTypeScript(fixture('close-under-appends.ts'), [dataDir, '64', mode]);
  try {
    const output = captureOutput(child);
    const exit = await waitForExit(child, 60_000);
    return { exit, lines: output.lines, stderr: output.stderr() };
  } finally {
    killIfRunning(child);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

describe('closing the client under many appends (@eventstore/db-client 6.x)', () => {
  it('through the AppendGate, every append answers and the process lives', async () => {
    const { exit, lines, stderr } = await closeUnderAppends('gated');
    expect({ exit, stderr }).toEqual({ exit: { code: 0, signal: null }, stderr: '' });
    const [, ok, failed] = /^settled (\d+) (\d+)$/.exec(lines.at(-1) ?? '') ?? [];
    expect(Number(ok) + Number(failed)).toBe(64);
  }, 90_000);

  // What the gate is for. When this fails, the client no longer loses its queued writes' rejections, and
  // AppendGate (libs/event-store/src/append-gate.ts) can go.
  it('without it, the client leaves a rejection unhandled and the process dies of it', async () => {
    const { exit, stderr } = await closeUnderAppends('bare');
    // Every append the caller awaits does answer; the one left unhandled is the client's own.
    expect(exit).toEqual({ code: 1, signal: null });
    expect(stderr).toMatch(/CANCELLED: Cancelled on client/);
  }, 90_000);
});

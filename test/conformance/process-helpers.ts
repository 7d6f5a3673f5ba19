import { ChildProcess, spawn, SpawnOptions } from 'node:child_process';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

export const repoRoot = resolve(__dirname, '..', '..');
export const fixture = (name: string) => join(__dirname, 'fixtures', name);

/**
 * Runs a TypeScript file in a child process. `node -r ts-node/register/transpile-only -r tsconfig-paths/register`
 * was measured against `npx ts-node --transpile-only -r tsconfig-paths/register` on this machine: 2.5-3.7 s vs
 * 2.8-2.9 s to the first line of output, i.e. the same (most of it is the store's worker compiling its own
 * sources); the direct form saves the npx lookup and leaves no intermediate process between us and the child.
 */
export function spawnTypeScript(file: string, args: string[], options: SpawnOptions = {}, nodeArgs: readonly string[] = []): ChildProcess {
  return spawn(
    process.execPath,
    [...nodeArgs, '-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', file, ...args],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], ...options },
  );
}

export interface ChildOutput {
  lines: string[];
  stderr: () => string;
}

/** Collects stdout lines and stderr text as they arrive. */
export function captureOutput(child: ChildProcess, onLine?: (line: string) => void): ChildOutput {
  const lines: string[] = [];
  let stderr = '';
  createInterface({ input: child.stdout! }).on('line', (line) => {
    lines.push(line);
    onLine?.(line);
  });
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return { lines, stderr: () => stderr };
}

export function waitForLine(child: ChildProcess, output: ChildOutput, pattern: RegExp, timeoutMs: number): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const found = () => output.lines.find((line) => pattern.test(line));
    const check = () => {
      const line = found();
      if (line === undefined) return;
      cleanup();
      resolvePromise(line);
    };
    const onExit = (code: number | null, signal: string | null) => {
      cleanup();
      reject(new Error(`child exited (code ${code}, signal ${signal}) before printing ${pattern}; stderr: ${output.stderr()}`));
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`no line matching ${pattern} within ${timeoutMs} ms; stderr: ${output.stderr()}`));
    }, timeoutMs);
    const poll = setInterval(check, 10);
    const cleanup = () => {
      clearTimeout(timer);
      clearInterval(poll);
      child.off('exit', onExit);
    };
    child.on('exit', onExit);
    check();
  });
}

export function waitForExit(child: ChildProcess, timeoutMs: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  }
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`child ${child.pid} did not exit within ${timeoutMs} ms`)), timeoutMs);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolvePromise({ code, signal });
    });
  });
}

/** True when no process is left in the process group `pgid` (the group of a child spawned with detached). */
export function processGroupGone(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return false;
  } catch {
    return true;
  }
}

/** Best-effort cleanup for children a failed test may have left running; with `group`, their whole group. */
export function killIfRunning(child: ChildProcess | undefined, group = false): void {
  if (!child || child.pid === undefined) return;
  try {
    if (group) process.kill(-child.pid, 'SIGKILL');
    else if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  } catch {
    // already gone
  }
}

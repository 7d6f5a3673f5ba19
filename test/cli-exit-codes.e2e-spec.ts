import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startEmbeddedEventStore } from '@deal-room/embedded-eventstore';

const repoRoot = resolve(__dirname, '..');

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a TypeScript entry point as `npm run` does (ts-node, path aliases), and returns how it ended. */
function run(entry: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<Ran> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [require.resolve('ts-node/dist/bin.js'), '-r', 'tsconfig-paths/register', '--transpile-only', entry, ...args], {
      cwd: repoRoot,
      env: { ...process.env, ...env, NODE_ENV: 'test' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`${entry} ${args.join(' ')} did not exit: ${stderr}`));
    }, 60_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
  });
}

const EVENTSTORE = 'libs/embedded-eventstore/src/cli.ts';

describe('exit codes of the commands: 0 done or help, 1 failed, 2 bad usage', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'deal-room-cli-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('npm run eventstore: exit 2 and what was wrong for bad usage, a real --help, exit 1 when the store fails', async () => {
    const held = await startEmbeddedEventStore({ dataDir: join(dir, 'held'), port: 0 });
    try {
      const [unknown, badPort, badEnv, help, inUse] = await Promise.all([
        run(EVENTSTORE, ['--frob']),
        run(EVENTSTORE, ['--data-dir', join(dir, 'never'), '--port', '70000', '--max-append-size', '1e3']),
        run(EVENTSTORE, ['--data-dir', join(dir, 'never')], { EVENTSTORE_INSECURE: 'yes' }),
        run(EVENTSTORE, ['--help']),
        run(EVENTSTORE, ['--data-dir', join(dir, 'held'), '--port', '0']),
      ]);
      expect(unknown).toMatchObject({ code: 2, stdout: '' });
      expect(unknown.stderr).toMatch(/^error: Unknown option '--frob'/);
      expect(unknown.stderr).toContain('Usage: npm run eventstore');
      expect(badPort.code).toBe(2);
      expect(badPort.stderr).toContain('error: --port must be an integer from 0 to 65535, got "70000"');
      expect(badPort.stderr).toContain('error: --max-append-size (EVENTSTORE_MAX_APPEND_SIZE) must be a whole number of bytes from 1, got "1e3"');
      expect(badEnv).toMatchObject({ code: 2, stderr: expect.stringContaining('error: EVENTSTORE_INSECURE must be true or false, got "yes"') });
      // Nothing was created for a refused invocation.
      expect(readdirSync(dir)).toEqual(['held']);
      expect(help).toMatchObject({ code: 0, stderr: '' });
      for (const part of ['--data-dir', 'DATA_DIR', '--insecure', 'EVENTSTORE_DEFAULT_ADMIN_PASSWORD', 'Exit status']) expect(help.stdout).toContain(part);
      expect(inUse.code).toBe(1);
      expect(inUse.stderr).toContain('is in use');
    } finally {
      await held.close();
    }
  }, 120_000);

  it('npm run bench -- --help prints the usage and runs nothing; an unknown argument is exit 2', async () => {
    const before = readdirSync(tmpdir()).filter((name) => name.startsWith('deal-room-bench-')).length;
    const [help, unknown] = await Promise.all([run('bench/eventstore.bench.ts', ['--help']), run('bench/eventstore.bench.ts', ['--frob'])]);
    expect(help).toMatchObject({ code: 0, stderr: '', stdout: expect.stringContaining('Usage: npm run bench') });
    expect(unknown).toMatchObject({ code: 2, stderr: expect.stringContaining('error: unknown argument "--frob"') });
    expect(readdirSync(tmpdir()).filter((name) => name.startsWith('deal-room-bench-')).length).toBeLessThanOrEqual(before);
  }, 120_000);

  it('npm run projections -- frob says what was wrong, exit 2', async () => {
    const frob = await run('scripts/projections.ts', ['frob'], { DATA_DIR: join(dir, 'none') });
    expect(frob.code).toBe(2);
    expect(frob.stderr).toMatch(/^error: unknown command "frob": use status or rebuild NAME\n\nUsage:/);
  }, 120_000);
});

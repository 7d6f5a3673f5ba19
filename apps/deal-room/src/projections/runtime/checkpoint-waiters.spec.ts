import { CheckpointWaiters } from './checkpoint-waiters';

describe('CheckpointWaiters', () => {
  let checkpoint: bigint | null;
  let waiters: CheckpointWaiters;

  beforeEach(() => {
    jest.useFakeTimers();
    checkpoint = null;
    waiters = new CheckpointWaiters(() => checkpoint);
  });

  afterEach(() => jest.useRealTimers());

  it('answers at once when the checkpoint is already there', async () => {
    checkpoint = 7n;
    await expect(waiters.waitFor(7n, 1000)).resolves.toBe(true);
    await expect(waiters.waitFor(3n, 0)).resolves.toBe(true);
  });

  it('wakes the waiter when the checkpoint moves past its position, not before', async () => {
    checkpoint = 1n;
    const waiting = waiters.waitFor(5n, 1000);
    const settled = jest.fn();
    void waiting.then(settled);

    checkpoint = 4n;
    waiters.notify();
    await Promise.resolve();
    expect(settled).not.toHaveBeenCalled();

    checkpoint = 6n;
    waiters.notify();
    await expect(waiting).resolves.toBe(true);
  });

  it('gives up at the deadline', async () => {
    const waiting = waiters.waitFor(5n, 250);
    jest.advanceTimersByTime(249);
    checkpoint = 2n;
    waiters.notify();
    jest.advanceTimersByTime(1);
    await expect(waiting).resolves.toBe(false);
  });

  it('releases everyone on shutdown with the truth about their position', async () => {
    const far = waiters.waitFor(100n, 10_000);
    checkpoint = 5n;
    const near = waiters.waitFor(5n, 10_000);
    waiters.releaseAll();
    await expect(far).resolves.toBe(false);
    await expect(near).resolves.toBe(true);
  });
});

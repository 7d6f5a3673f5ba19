interface Waiter {
  readonly minimum: bigint;
  readonly resolve: (reached: boolean) => void;
  readonly timer: NodeJS.Timeout;
}

/**
 * Read-your-writes without polling: a reader parks here until the projection's checkpoint reaches the
 * commit position it asked for, and is woken by the checkpoint moving, or by its deadline.
 */
export class CheckpointWaiters {
  private readonly waiters = new Set<Waiter>();

  constructor(private readonly current: () => bigint | null) {}

  /** Resolves true once the checkpoint is at or past `minimum`; false if `timeoutMs` passes first. */
  waitFor(minimum: bigint, timeoutMs: number): Promise<boolean> {
    if (this.reached(minimum)) return Promise.resolve(true);
    if (timeoutMs <= 0) return Promise.resolve(false);
    return new Promise<boolean>((resolve) => {
      const waiter: Waiter = {
        minimum,
        resolve,
        timer: setTimeout(() => this.settle(waiter, false), timeoutMs),
      };
      this.waiters.add(waiter);
    });
  }

  /** Call after every checkpoint change. */
  notify(): void {
    for (const waiter of this.waiters) if (this.reached(waiter.minimum)) this.settle(waiter, true);
  }

  /** On shutdown: nobody waits for a projection that will not move any more. */
  releaseAll(): void {
    for (const waiter of this.waiters) this.settle(waiter, this.reached(waiter.minimum));
  }

  private reached(minimum: bigint): boolean {
    const checkpoint = this.current();
    return checkpoint !== null && checkpoint >= minimum;
  }

  private settle(waiter: Waiter, reached: boolean): void {
    clearTimeout(waiter.timer);
    this.waiters.delete(waiter);
    waiter.resolve(reached);
  }
}

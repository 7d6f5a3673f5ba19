/**
 * The append calls in progress, so that a stop ends each of them the way the real server's clients
 * expect instead of leaving it to a timer: a classic Append gets UNAVAILABLE, a BatchAppend call CANCELLED.
 */
export class OpenCalls {
  private readonly stops = new Set<() => void>();
  private stopping = false;

  /** Registers how to end one call; returns the function that forgets it once the call is over. */
  track(stop: () => void): () => void {
    if (this.stopping) {
      setImmediate(stop); // after the caller has its unregister function
      return () => undefined;
    }
    this.stops.add(stop);
    return () => this.stops.delete(stop);
  }

  get isStopping(): boolean {
    return this.stopping;
  }

  stopAll(): void {
    this.stopping = true;
    const stops = [...this.stops];
    this.stops.clear();
    for (const stop of stops) stop();
  }
}

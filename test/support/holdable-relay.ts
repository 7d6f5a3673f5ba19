import { AddressInfo, createConnection, createServer, Server, Socket } from 'node:net';

/**
 * A TCP relay between the app and its event store that a test can hold: while it is held no byte passes
 * either way, so whatever the app asked of the store waits, for certain, until it is released. Nothing is
 * faked: the bytes are the real client's and the real store's.
 */
export class HoldableRelay {
  private readonly pipes = new Set<Pipe>();
  private held = false;

  private constructor(
    private readonly server: Server,
    private readonly target: number,
    private readonly targetConnectionString: string,
  ) {
    server.on('connection', (downstream) => this.connect(downstream));
  }

  /** `store`: the embedded store to relay to; the relay's connection string is its own, with the store's port swapped out. */
  static async start(store: { port: number; connectionString: string }): Promise<HoldableRelay> {
    const relay = new HoldableRelay(createServer(), store.port, store.connectionString);
    await new Promise<void>((resolve) => relay.server.listen(0, '127.0.0.1', resolve));
    return relay;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  get connectionString(): string {
    return this.targetConnectionString.replace(new RegExp(`^(esdb://(?:[^@/]*@)?[^:/?]+):${this.target}(?=[/?]|$)`), `$1:${this.port}`);
  }

  hold(): void {
    this.held = true;
  }

  release(): void {
    this.held = false;
    for (const pipe of this.pipes) pipe.flush();
  }

  async close(): Promise<void> {
    for (const pipe of this.pipes) pipe.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private connect(downstream: Socket): void {
    const upstream = createConnection({ host: '127.0.0.1', port: this.target });
    const pipe = new Pipe(downstream, upstream, () => this.held);
    this.pipes.add(pipe);
    pipe.onClose(() => this.pipes.delete(pipe));
  }
}

/** Both directions of one relayed connection; chunks that arrive while held wait, in order, for the release. */
class Pipe {
  private readonly waiting: { to: Socket; chunk: Buffer }[] = [];

  constructor(
    private readonly a: Socket,
    private readonly b: Socket,
    private readonly isHeld: () => boolean,
  ) {
    this.forward(a, b);
    this.forward(b, a);
  }

  flush(): void {
    for (const { to, chunk } of this.waiting.splice(0)) to.write(chunk);
    this.a.resume();
    this.b.resume();
  }

  destroy(): void {
    this.a.destroy();
    this.b.destroy();
  }

  onClose(listener: () => void): void {
    this.a.once('close', listener);
  }

  private forward(from: Socket, to: Socket): void {
    from.on('data', (chunk: Buffer) => {
      if (!this.isHeld() && this.waiting.length === 0) {
        to.write(chunk);
        return;
      }
      // Stop reading: the rest stays in the kernel's buffers until the release.
      from.pause();
      this.waiting.push({ to, chunk });
    });
    from.on('end', () => to.end());
    from.on('error', () => this.destroy());
    from.on('close', () => to.destroy());
  }
}

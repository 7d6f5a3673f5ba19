// Run as a child process by crash.e2e-spec.ts: the projection runtime over the store in DIR/store,
// killed with SIGKILL from inside a handler, in the middle of a batch's transaction.
// Usage: crash-mid-batch.ts DIR KILL_AT (the KILL_AT-th CommitmentMade seen by round-summaries).
import { join } from 'node:path';
import { EventStoreDBClient } from '@eventstore/db-client';
import { startEmbeddedEventStore } from '@deal-room/embedded-eventstore';
import { ProjectionDefinition, ProjectionHandler } from '../../../apps/deal-room/src/projections/projection-definition';
import { PROJECTIONS, ROUND_SUMMARIES } from '../../../apps/deal-room/src/projections/registrations';
import { ProjectionRuntime } from '../../../apps/deal-room/src/projections/runtime/projection-runtime';
import { PROJECTIONS_FILE, ProjectionDatabase } from '../../../apps/deal-room/src/projections/store/projection-database';
import { CommitmentMade } from '../../../apps/deal-room/src/rounds/domain';

async function main(dir: string, killAt: number): Promise<void> {
  const store = await startEmbeddedEventStore({ dataDir: join(dir, 'store') });
  const client = EventStoreDBClient.connectionString(store.connectionString);
  let seen = 0;
  const definitions: ProjectionDefinition[] = PROJECTIONS.map((definition) => {
    if (definition.name !== ROUND_SUMMARIES) return definition;
    const original = definition.handlers.CommitmentMade as ProjectionHandler<CommitmentMade>;
    const CommitmentMade: ProjectionHandler<CommitmentMade> = (event, context) => {
      original(event, context);
      seen += 1;
      if (seen === killAt) process.kill(process.pid, 'SIGKILL');
    };
    return { ...definition, handlers: { ...definition.handlers, CommitmentMade } };
  });
  const database = ProjectionDatabase.open(join(dir, PROJECTIONS_FILE));
  const quiet = { log: () => undefined, warn: (message: string) => process.stderr.write(`${message}\n`) };
  new ProjectionRuntime(database, () => client, dir, definitions, { backoff: { initialMs: 20, maxMs: 200 }, logger: quiet }).start();
  setTimeout(() => {
    process.stderr.write(`not killed: only ${seen} commitments seen\n`);
    process.exit(3);
  }, 60_000);
}

void main(process.argv[2], Number(process.argv[3]));

#!/usr/bin/env node
// `npm run audit -- verify --round <id> --data-dir <copy>`: the offline audit trail; see AUDIT_USAGE.
import { runAudit } from '../apps/deal-room/src/audit/cli/audit-cli';

// `npm run audit -- history … | head` closes stdout early: that ends the output, it is not a failure.
const closedPipe = (error: unknown) => (error as NodeJS.ErrnoException | null)?.code === 'EPIPE';
process.stdout.on('error', (error) => {
  if (!closedPipe(error)) throw error;
});

runAudit(process.argv.slice(2)).then(
  (exitCode) => {
    process.exitCode = exitCode;
  },
  (error: unknown) => {
    if (closedPipe(error)) return;
    console.error(error);
    process.exitCode = 2;
  },
);

#!/usr/bin/env node
// `npm run backup -- --out DIR [--data-dir DIR]`: a consistent copy of a data directory; see BACKUP_USAGE.
import { runBackupCli } from './backup/backup-cli';

runBackupCli(process.argv.slice(2), process.env, {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  interactive: process.stderr.isTTY === true,
}).then((exitCode) => {
  process.exitCode = exitCode;
});

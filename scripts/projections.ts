#!/usr/bin/env node
// `npm run projections -- rebuild NAME [--data-dir DIR]` or `status`: see PROJECTIONS_USAGE.
import { runProjectionsCli } from '../apps/deal-room/src/projections/cli/projections-cli';

runProjectionsCli(process.argv.slice(2), process.env, {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  interactive: process.stderr.isTTY === true,
}).then((exitCode) => {
  process.exitCode = exitCode;
});

#!/usr/bin/env node
// `npm run -s token -- --sub alice --role deal-lead`: prints an access token; see TOKEN_USAGE.
import { runTokenCli } from '../apps/deal-room/src/auth/token-cli';

runTokenCli(process.argv.slice(2), process.env).then(({ exitCode, stdout, stderr }) => {
  process.stdout.write(stdout);
  process.stderr.write(stderr);
  process.exitCode = exitCode;
});

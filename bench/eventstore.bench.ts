import { formatReport } from './report';
import { runBenchmark } from './run-benchmark';
import { scaleFromCli } from './scale';

const USAGE = `Usage: npm run bench [-- --smoke]

Measures the event store through the real client against raw SQLite on the same machine: sequential,
concurrent and batched appends, readAll and a catch-up subscription. About a minute (~130k events);
--smoke (or BENCH_SCALE=smoke) runs every step at toy size in a few seconds. EVENTSTORE_CONNECTION_STRING
measures that server instead of the embedded one. Prints a table, then the figures as one JSON line.
`;

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(USAGE);
    return;
  }
  const unknown = args.filter((arg) => arg !== '--smoke');
  if (unknown.length > 0) {
    process.stderr.write(`error: unknown argument ${unknown.map((arg) => JSON.stringify(arg)).join(', ')}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  // On a terminal, each step as it starts (a run takes about a minute); never in a pipe or a log.
  const started = Date.now();
  const progress = process.stderr.isTTY ? (step: string) => process.stderr.write(`[${((Date.now() - started) / 1000).toFixed(0).padStart(3)}s] ${step}\n`) : undefined;
  const figures = await runBenchmark({ scale: scaleFromCli(args, process.env), progress });
  console.log(formatReport(figures));
  console.log(JSON.stringify(figures));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

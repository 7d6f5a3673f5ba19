import { formatReport } from './report';
import { runBenchmark } from './run-benchmark';
import { scaleFromCli } from './scale';

async function main(): Promise<void> {
  const figures = await runBenchmark({ scale: scaleFromCli(process.argv.slice(2), process.env) });
  console.log(formatReport(figures));
  console.log(JSON.stringify(figures));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

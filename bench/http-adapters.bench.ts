// npm run bench:http                                       # about two minutes
// npm run bench:http -- --seconds=10 --repeats=3 --profile=/tmp/put.cpuprofile
import { formatHttpBench, runHttpBench } from './http-adapters';

async function main(): Promise<void> {
  const args = new Map(process.argv.slice(2).map((arg) => arg.replace(/^--/, '').split('=') as [string, string]));
  const figures = await runHttpBench({ seconds: Number(args.get('seconds') ?? 5), repeats: Number(args.get('repeats') ?? 3), rounds: 50, investors: 10, profile: args.get('profile') });
  console.log(formatHttpBench(figures));
  console.log(JSON.stringify(figures));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

import { formatProductReport } from './product/product-report';
import { productScaleFromCli } from './product/product-scale';
import { runProductBenchmark } from './product/run-product-benchmark';

async function main(): Promise<void> {
  const { scale, options } = productScaleFromCli(process.argv.slice(2));
  const figures = await runProductBenchmark(scale, options);
  console.log(formatProductReport(figures));
  console.log(JSON.stringify(figures));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

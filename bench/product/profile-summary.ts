// `npx ts-node bench/product/profile-summary.ts FILE.cpuprofile [TOP]`: where a --cpu-prof profile spent
// its samples, by function and by package, so a profile of a bench run can be quoted in a commit.
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
}

function packageOf(url: string): string {
  if (url === '') return '(native or idle)';
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (modules) return modules[1];
  if (url.startsWith('node:')) return 'node core';
  const ours = /\/(apps|libs|bench)\/([^/]+(?:\/src\/[^/]+)?)/.exec(url);
  return ours ? `${ours[1]}/${ours[2]}` : url;
}

function main(): void {
  const [file, top = '25'] = process.argv.slice(2);
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const total = profile.samples.length;
  const byFunction = new Map<string, number>();
  const byPackage = new Map<string, number>();
  const hits = new Map<number, number>();
  for (const id of profile.samples) hits.set(id, (hits.get(id) ?? 0) + 1);
  for (const node of profile.nodes) {
    const count = hits.get(node.id) ?? 0;
    if (count === 0) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const name = `${functionName || '(anonymous)'} ${url.replace(/^.*\/(node_modules|apps|libs|bench)\//, '$1/')}:${lineNumber + 1}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + count);
    byPackage.set(packageOf(url), (byPackage.get(packageOf(url)) ?? 0) + count);
  }
  const seconds = (profile.endTime - profile.startTime) / 1e6;
  const show = (title: string, map: Map<string, number>) => {
    console.log(`\n${title}`);
    for (const [name, count] of [...map].sort((a, b) => b[1] - a[1]).slice(0, Number(top))) {
      console.log(`${((100 * count) / total).toFixed(1).padStart(5)}%  ${name}`);
    }
  };
  console.log(`${file}: ${total} samples over ${seconds.toFixed(1)} s`);
  show('self time by package', byPackage);
  show('self time by function', byFunction);
}

main();

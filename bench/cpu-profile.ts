import { Session } from 'node:inspector/promises';
import { readFileSync, writeFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** V8's sampling profiler (what `node --cpu-prof` runs) around `work` only, so start-up and setup stay out. */
export async function profiled<T>(file: string, work: () => Promise<T>): Promise<{ result: T; profile: CpuProfile }> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 500 });
  await session.post('Profiler.start');
  try {
    const result = await work();
    const { profile } = (await session.post('Profiler.stop')) as unknown as { profile: CpuProfile };
    writeFileSync(file, JSON.stringify(profile));
    return { result, profile };
  } finally {
    session.disconnect();
  }
}

// What each part of the stack is, by the package (or folder) the sampled function lives in.
const GROUPS: Array<[string, RegExp]> = [
  ['validation (class-validator, class-transformer)', /^(class-validator|class-transformer|validator|libphonenumber-js)$/],
  ['Nest (core, common, cqrs, throttler, terminus)', /^@nestjs\//],
  ['Fastify and its plugins', /^(fastify|@fastify\/.*|find-my-way|fast-querystring|fast-decode-uri-component|avvio|fastq|reusify|toad-cache|light-my-request|fast-json-stringify|rfdc|abstract-logging|process-warning|secure-json-parse|safe-regex2|ret|fast-uri|json-schema-ref-resolver)$/],
  ['Express and its body parser', /^(express|router|body-parser|raw-body|finalhandler|send|qs|path-to-regexp|on-finished|type-is|content-type|iconv-lite|media-typer|mime-types|mime-db|accepts|negotiator|depd|http-errors|statuses|vary|parseurl|encodeurl|etag|fresh|proxy-addr|forwarded|ipaddr\.js|setprototypeof|ee-first|unpipe|destroy|cookie|content-disposition|merge-descriptors|call-bind-apply-helpers|get-intrinsic|side-channel.*|object-inspect|es-errors|dunder-proto|math-intrinsics|gopd|has-symbols|hasown|function-bind|es-define-property|es-object-atoms|get-proto|call-bound)$/],
  ['logging (pino, pino-http, nestjs-pino)', /^(pino.*|nestjs-pino|fast-redact|@pinojs\/.*|sonic-boom|thread-stream|quick-format-unescaped|atomic-sleep|on-exit-leak-free|fast-safe-stringify|safe-stable-stringify)$/],
  ['helmet', /^helmet$/],
  ['rxjs', /^rxjs$/],
  ['token check (jose)', /^jose$/],
  ['event store client (db-client, grpc, protobuf)', /^(@eventstore\/.*|@grpc\/.*|google-protobuf|protobufjs|@protobufjs\/.*|uuid)$/],
];

function groupOf(url: string, functionName: string): string {
  if (url === '') return functionName.startsWith('(') ? functionName : '(native / V8 builtins)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1];
  if (pkg !== undefined) return GROUPS.find(([, pattern]) => pattern.test(pkg))?.[0] ?? `other package: ${pkg}`;
  if (url.startsWith('node:internal/http2')) return 'Node core: http2 (the gRPC channel to the store)';
  if (/^node:(_http_|net$|internal\/streams|stream$|internal\/stream_base)/.test(url)) return 'Node core: http, net, streams';
  if (url.startsWith('node:')) return 'Node core: other (task queues, events, buffers, timers)';
  if (url.includes('/apps/deal-room/src/http/') || url.includes('/apps/deal-room/src/access-log/')) return 'app: HTTP shell (middleware, filters, access log)';
  if (url.includes('/apps/deal-room/src/auth/')) return 'app: auth guard';
  if (url.includes('/apps/deal-room/src/')) return 'app: controllers, handlers, write path, domain';
  if (url.includes('/libs/')) return 'libs (event-store module)';
  return `other: ${url}`;
}

/**
 * Self time per group, in ms and as a share of the busy (non-idle) time, largest first. A native frame
 * (a builtin, a syscall such as writev) is charged to the nearest JavaScript frame that called it, and
 * the profiler's own work (serialising the profile on stop) is left out.
 */
export interface ProfileShares {
  busyMs: number;
  idleMs: number;
  rows: Array<{ group: string; ms: number; share: number }>;
}

export function shares(profile: CpuProfile): ProfileShares {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const charged = (id: number): ProfileNode['callFrame'] => {
    for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at)) {
      const { callFrame } = byId.get(at)!;
      if (callFrame.url !== '' || callFrame.functionName.startsWith('(')) return callFrame;
    }
    return byId.get(id)!.callFrame;
  };
  const totals = new Map<string, number>();
  profile.samples.forEach((id, index) => {
    const { url, functionName } = charged(id);
    if (url === 'node:inspector') return;
    const group = groupOf(url, functionName);
    totals.set(group, (totals.get(group) ?? 0) + profile.timeDeltas[index] / 1000);
  });
  const idleMs = totals.get('(idle)') ?? 0;
  totals.delete('(idle)');
  const busyMs = [...totals.values()].reduce((sum, ms) => sum + ms, 0);
  const rows = [...totals].map(([group, ms]) => ({ group, ms, share: ms / busyMs })).sort((a, b) => b.ms - a.ms);
  return { busyMs, idleMs, rows };
}

/** `npx ts-node bench/cpu-profile.ts FILE.cpuprofile`: the same table for a profile taken by `node --cpu-prof`. */
if (require.main === module) {
  const { busyMs, idleMs, rows } = shares(JSON.parse(readFileSync(process.argv[2], 'utf8')) as CpuProfile);
  console.log(`${busyMs.toFixed(0)} ms busy, ${idleMs.toFixed(0)} ms idle`);
  for (const { group, ms, share } of rows) console.log(`  ${(share * 100).toFixed(1).padStart(5)} %  ${ms.toFixed(0).padStart(6)} ms  ${group}`);
}

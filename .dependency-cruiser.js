// Architecture rules, enforced in the test run by apps/deal-room/src/architecture.spec.ts.
// A domain folder is plain TypeScript: it decides, the shell around it does I/O and wiring. The kernel
// is what every folder may import, so it imports nothing. Folders never import each other in a loop.
const path = require('node:path');

// Domain folders, and each use case's slice of decide (`make-commitment.decide.ts`), are pure.
const DOMAIN = '(^|/)domain/|\\.decide\\.ts$';
const SPEC = '\\.spec\\.ts$';
// Built-ins that reach outside the process (or into its clock, environment and scheduler).
const IO_BUILTINS = [
  'fs', 'fs/promises', 'net', 'http', 'https', 'http2', 'tls', 'dgram', 'dns', 'dns/promises', 'child_process',
  'cluster', 'worker_threads', 'os', 'process', 'readline', 'repl', 'inspector', 'perf_hooks', 'timers',
  'timers/promises', 'async_hooks', 'v8', 'vm', 'zlib', 'stream', 'crypto',
];

module.exports = {
  forbidden: [
    {
      name: 'domain-not-to-frameworks',
      comment: 'No Nest, no event store client, no database driver in a domain folder, its specs included.',
      severity: 'error',
      from: { path: DOMAIN },
      to: { path: '(^|/)node_modules/(@nestjs|@eventstore|better-sqlite3)/|^(@nestjs|@eventstore)/|^better-sqlite3$' },
    },
    {
      name: 'domain-not-to-io',
      comment: 'No I/O from domain code: time and outside facts arrive in the command context.',
      severity: 'error',
      from: { path: DOMAIN, pathNot: SPEC },
      to: { dependencyTypes: ['core'], path: `^(node:)?(${IO_BUILTINS.join('|')})$` },
    },
    {
      name: 'domain-imports-only-its-own-folder',
      comment: 'Domain code depends on its own domain folder and the kernel only: no packages, no built-ins, no shell.',
      severity: 'error',
      from: { path: '^(apps/[^/]+/src)/([^/]+/domain)/', pathNot: SPEC },
      to: { pathNot: '^$1/($2|kernel)/' },
    },
    {
      name: 'decide-imports-only-the-domain',
      comment: "A use case's slice of decide depends on its feature's domain folder and the kernel only.",
      severity: 'error',
      from: { path: '^(apps/[^/]+/src)/([^/]+)/[^/]+/[^/]+\\.decide\\.ts$' },
      to: { pathNot: '^$1/($2/domain|kernel)/' },
    },
    {
      name: 'kernel-imports-nothing',
      comment: 'The kernel is what everything may import, so it imports nothing: no app code, no packages, no I/O.',
      severity: 'error',
      from: { path: '^(apps/[^/]+/src/kernel)/', pathNot: SPEC },
      to: { pathNot: '^$1/' },
    },
    {
      name: 'domain-not-to-unresolvable',
      comment: 'An import the cruiser cannot resolve cannot be checked, so it is refused.',
      severity: 'error',
      from: { path: DOMAIN },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Also see `import type`: a type-only import of a framework still couples the domain to it.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: path.join(__dirname, 'tsconfig.json') },
    // Anchored: an unanchored 'dist/' would also hide packages whose entry point sits in dist/.
    exclude: { path: '^(dist|coverage)/' },
  },
};

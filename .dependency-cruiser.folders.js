// The folder rule, enforced in the test run by apps/deal-room/src/architecture.spec.ts: production folders
// never import each other in a loop. Specs and test support are left out, as they may reach anywhere.
const path = require('node:path');

module.exports = {
  forbidden: [
    {
      name: 'no-folder-cycles',
      comment: 'Folders depend on each other one way: a cycle means two folders are one feature, or one holds what belongs to both.',
      severity: 'error',
      scope: 'folder',
      from: { path: '^apps/[^/]+/src/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: path.join(__dirname, 'tsconfig.json') },
    exclude: { path: '^(dist|coverage|test)/|\\.spec\\.ts$' },
  },
};

// typescript-eslint's recommended rules, without type information (the type check is `npm run typecheck`;
// rules that need types would make the lint as slow as a second type check on this 2-core machine).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'coverage/**', 'reports/**', '.stryker-tmp/**', 'node_modules/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', require: 'readonly', module: 'writable', __dirname: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setImmediate: 'readonly', setInterval: 'readonly', clearInterval: 'readonly' } },
    rules: {
      // `_`-prefixed names are deliberately unused (destructuring something away, an interface's parameter).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', destructuredArrayIgnorePattern: '^_' }],
    },
  },
  {
    // Findings in files that other work in flight is changing (the round domain and its specs, the store's
    // conformance harness, the projections specs), left as warnings so that this branch does not collide
    // with it: once merged, fix them and drop this block so that they fail the lint like everything else.
    files: [
      'apps/deal-room/src/rounds/**/*.ts',
      'test/conformance/harness.ts',
      'test/projections/runtime.e2e-spec.ts',
      'test/support/rounds/given-when-then.ts',
    ],
    rules: {
      '@typescript-eslint/no-unused-vars': 'warn',
      'no-case-declarations': 'warn',
      'no-useless-assignment': 'warn',
      'preserve-caught-error': 'warn',
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);

// Flat config. The one house rule that must never slip: nothing under src/core imports `vscode`,
// so the core runs (and is tested) under plain Node and backs the CLI.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export const noVscodeInCore = {
  'no-restricted-imports': [
    'error',
    {
      paths: [{ name: 'vscode', message: 'src/core must not import vscode: put editor code in src/extension.' }],
      patterns: [{ group: ['**/extension/**', '**/cli/**'], message: 'src/core must not depend on the front ends.' }],
    },
  ],
};

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', 'examples/**', '.vscode-test/**', 'test/fixtures/**', 'bench/fixtures/**', 'runtimes/**', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', Buffer: 'readonly', __dirname: 'readonly', performance: 'readonly', AbortController: 'readonly', AbortSignal: 'readonly', setImmediate: 'readonly', fetch: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },
  { files: ['src/core/**/*.ts'], rules: noVscodeInCore },
  {
    // Node's `require` in the CLI and scripts.
    files: ['**/*.mjs', '**/*.cjs', '**/*.js'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);

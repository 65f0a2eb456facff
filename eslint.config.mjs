// ESLint flat config. Syntax-only (no type information): the type checker already runs as
// `npm run typecheck`, and type-aware linting would cost a second full program build per run.
// Formatting belongs to prettier (`npm run lint:format`), so no stylistic rules here.
import js from '@eslint/js';
import comments from '@eslint-community/eslint-plugin-eslint-comments/configs';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { boundaryZones, noImportTypeReferences } from './eslint.boundaries.mjs';

const root = import.meta.dirname;

export default tseslint.config(
  {
    ignores: ['node_modules/', '.data-collector/', '.lab-state/', '.cache/', 'tmp/'],
  },
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  comments.recommended,
  {
    files: ['**/*.{ts,js,cjs,mjs}'],
    languageOptions: { globals: { ...globals.node } },
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js', '.cjs', '.mjs', '.json', '.d.ts'] })],
    },
    rules: {
      // A disable comment says why (`// eslint-disable-next-line rule -- reason`) and names its rules.
      '@eslint-community/eslint-comments/require-description': ['error', { ignore: [] }],
      '@eslint-community/eslint-comments/no-unlimited-disable': 'error',
      '@eslint-community/eslint-comments/disable-enable-pair': ['error', { allowWholeFile: false }],

      // Size limits that catch a unit doing several jobs (blank lines and comments not counted).
      'max-lines-per-function': ['error', { max: 80, skipBlankLines: true, skipComments: true }],
      'max-lines': ['error', { max: 400, skipBlankLines: true, skipComments: true }],
      complexity: ['error', 15],

      // `_`-prefixed names are deliberately unused (callback positions, destructuring rest).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],

      // The fixture DSL's signature, as in Playwright Test: `async ({}, use) => …` for a fixture with no dependencies.
      'no-empty-pattern': ['error', { allowObjectPatternsAsParameters: true }],

      'import-x/no-restricted-paths': ['error', { basePath: root, zones: boundaryZones }],
    },
  },
  {
    // `import('../lab/x').T` in a type position is invisible to import-x/no-restricted-paths:
    // make such type references go through an `import type` declaration, which it checks.
    files: ['**/*.{ts,js,cjs,mjs}'],
    ignores: ['test/**'],
    rules: { 'no-restricted-syntax': ['error', ...noImportTypeReferences] },
  },
  {
    // CommonJS entry points (the ts register hook, the lab's virtctl shim, test fakes).
    files: ['**/*.{js,cjs}'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The lab's virtctl is one self-contained file by design: the lab serves it as the virtctl
    // binary inside a ConsoleCLIDownload archive, from which the suite extracts that one file and
    // runs it with nothing but Node.js. Its functions keep the per-function limits.
    files: ['lab/virtctl/virtctl.js'],
    rules: { 'max-lines': ['error', { max: 500, skipBlankLines: true, skipComments: true }] },
  },
  {
    // Tests: a describe block is a list of cases, not one unit of logic, so its callback is long
    // by nature; splitting it would only scatter the cases. Helper functions in tests keep the
    // complexity limit, and a test file may hold more cases than a source file holds code. A
    // package's own tests (packages/*/test) are tests in the same sense.
    files: ['test/**', 'packages/*/test/**'],
    rules: {
      'max-lines-per-function': 'off',
      'max-lines': ['error', { max: 800, skipBlankLines: true, skipComments: true }],
    },
  },
);

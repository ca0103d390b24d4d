import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'crypto', 'child_process', 'http', 'url', 'util', 'worker_threads'];
const pattern = (group, message) => ({ group, message });

/** The folder boundaries of STYLE.md, enforced rather than hoped for. */
const boundaries = [
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          pattern(nodeBuiltins, 'shared/ is pure TypeScript: no Node built-ins.'),
          pattern(['electron', 'electron/*'], 'shared/ must not import electron.'),
          pattern(['**/db/**', '../db', '../db/*', 'better-sqlite3', 'drizzle-orm', 'drizzle-orm/*'], 'shared/ must not import db/.'),
          pattern(['**/renderer/**', '**/electron/**', 'react', 'react-dom', 'react-dom/*'], 'shared/ must not import the renderer or the app side.'),
        ],
      }],
      'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'localStorage', 'process', 'Buffer', 'require'],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          pattern(['**/db/**', 'better-sqlite3', 'drizzle-orm', 'drizzle-orm/*'], 'renderer/ talks to the backend through the api client, never db/.'),
          pattern(['electron', 'electron/*', '**/electron/**'], 'renderer/ must not import electron or the app side.'),
          pattern(nodeBuiltins, 'renderer/ runs in a sandboxed page: no Node built-ins.'),
        ],
      }],
    },
  },
  {
    files: ['db/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          pattern(['electron', 'electron/*', '**/electron/**', '**/renderer/**', 'react'], 'db/ is below the handlers: no electron, renderer or handlers.'),
        ],
      }],
    },
  },
  {
    files: ['electron/handlers/**/*.ts', 'electron/services/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [pattern(['electron', 'electron/*'], 'handlers and services run in every host: no electron import.'), pattern(['**/renderer/**'], 'no renderer code on the app side.')],
      }],
    },
  },
  {
    // The hosts translate their transport into dispatch and back (STYLE.md habit 9): SQL and the
    // audit chain are reached only through the handler table, so no host can skip a role check or
    // write a change without its audit entry.
    files: ['electron/cli/**/*.ts', 'electron/hosts/**/*.ts', 'electron/main.ts', 'electron/preload.ts', 'electron/ipc.ts', 'electron/holder.ts', 'electron/runtime.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [pattern(['**/db/queries/**', '**/db/queries', '**/db/audit', '**/db/audit.ts'], 'hosts go through dispatch: no db/queries or db/audit import.')],
      }],
    },
  },
];

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'db/migrations/**', 'test-results/**', 'playwright-report/**', '.electron-native/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['*.js', '*.mjs', 'bin/*.mjs', 'scripts/*.mjs'] }, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/consistent-type-definitions': ['error', 'type'],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' }],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  {
    // Config files are loaded by their tools, which expect a default export.
    files: ['*.config.{ts,js}', 'eslint.config.js'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: ['**/*.{js,mjs}'],
    ...tseslint.configs.disableTypeChecked,
  },
  ...boundaries,
);

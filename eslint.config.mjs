// ESLint 9 flat config: @eslint/js + typescript-eslint recommended sets, not type-aware (fast, no tsconfig project).
// `npm run lint` runs `eslint .` over src/, test/, bench/, migrations/ and ormconfig.ts.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

const TS_FILES = ['**/*.ts'];

/** The bounded contexts: one folder each under src/, each with an index.ts as its only public surface. */
const CONTEXTS = ['identity', 'icd10', 'patients', 'clinical-workflow', 'pharmacy', 'inventory', 'routing', 'medical-aid', 'analytics'];

// Regex-escape a folder name (the pattern is compiled with the `u` flag, so `-` must stay unescaped).
const escapeRegex = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A file inside one context may import another context only through that context's index.ts:
 * `../identity` is allowed, `../identity/user.entity` (or `src/identity/...`) is not. One config
 * block per context, so a context's own files are free to import each other. (The match is on the
 * import text: `../` any number of times, then another context's folder name.)
 */
const contextBoundaries = CONTEXTS.map((context) => ({
  name: `boundaries/${context}`,
  files: [`src/${context}/**/*.ts`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: CONTEXTS.filter((other) => other !== context).map((other) => ({
          regex: `^(?:(?:\\.\\./)+|(?:\\./)?src/)${escapeRegex(other)}/.+`,
          caseSensitive: true,
          message: `Import the ${other} context only through its index.ts (e.g. '../${other}'), never its internal files.`,
        })),
      },
    ],
  },
}));

/** The shared kernel depends on no context at all, not even through its index.ts (as src/common/architecture.spec.ts checks). */
const kernelBoundary = {
  name: 'boundaries/common',
  files: ['src/common/**/*.ts'],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: CONTEXTS.map((context) => ({
          regex: `^(?:(?:\\.\\./)+|(?:\\./)?src/)${escapeRegex(context)}(?:/.*)?$`,
          caseSensitive: true,
          message: `The shared kernel (src/common) must not depend on the ${context} context.`,
        })),
      },
    ],
  },
};

export default defineConfig(
  {
    name: 'ignores',
    ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'bench/results/**'],
  },
  {
    name: 'javascript',
    files: ['**/*.{js,mjs,cjs}'],
    extends: [js.configs.recommended],
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: { console: 'readonly', process: 'readonly' },
    },
  },
  {
    name: 'typescript',
    files: TS_FILES,
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
    },
    rules: {
      // TypeScript resolves identifiers itself; the core rule does not know Node's or Jest's globals.
      'no-undef': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
      // Nest modules are decorated, otherwise empty classes.
      '@typescript-eslint/no-extraneous-class': 'off',
      // Do NOT enable consistent-type-imports: with emitDecoratorMetadata a type-only import of an injected
      // class erases the runtime reference Nest's dependency injection needs.
      '@typescript-eslint/consistent-type-imports': 'off',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-var': 'error',
      'prefer-const': 'error',
      // The app logs through pino (nestjs-pino), which redacts credentials; console.log would bypass that.
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    // Command-line tools, benchmarks and tests print to the terminal. main.ts is the process entry point:
    // it reports bad configuration, an unreachable database and shutdown before/after the app logger exists.
    name: 'console-allowed',
    files: ['src/cli/**/*.ts', 'src/main.ts', 'bench/**/*.ts', 'test/**/*.ts', 'src/**/*.spec.ts', 'migrations/**/*.ts', 'ormconfig.ts'],
    rules: { 'no-console': 'off' },
  },
  ...contextBoundaries,
  kernelBoundary,
);

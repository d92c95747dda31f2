import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

// The pure core (model, editor logic, backends, engine) must not import React or the DOM-only UI layers.
// The editor's React provider (context.tsx) is its one exception.
const pureCore = ['src/model/**', 'src/backends/**', 'src/lib/**', 'src/editor/**'];

/** Layers above the core, top to bottom: app (composition root) > features > queries / shell > core. */
const layerRule = (patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });

export default tseslint.config(
  { ignores: ['dist', 'dist-baseline', 'node_modules', 'test-results', 'playwright-report', 'bench/results'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    // Features never import the composition root: what they share (backend context, notices, clipboard) is in shell/.
    files: ['src/features/**'],
    rules: layerRule([{ group: ['**/app/**', '**/app'], message: 'features never import app/ (the composition root); use src/shell.' }]),
  },
  {
    files: ['src/queries/**', 'src/shell/**'],
    rules: layerRule([{ group: ['**/features/**', '**/app/**', '**/app'], message: 'queries and shell import no features and no app/.' }]),
  },
  {
    files: pureCore,
    ignores: ['**/*.test.ts', '**/*.test.tsx', 'src/editor/context.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['react', 'react-dom', 'react/*', '@xyflow/*', '**/features/**', '**/app/**', '**/forms/**'], message: 'The pure core imports no React or UI.' },
          ],
        },
      ],
    },
  },
);

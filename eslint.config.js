// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import solid from 'eslint-plugin-solid/configs/typescript';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: [
      'node_modules',
      'dist',
      'public',
      'data',
      '.cache',
      'artifacts',
      'test-results',
      'src/search/wasm/*.generated.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node, ...globals.worker } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // User, movie and LLM text is data: it must never reach the page as HTML.
      'no-restricted-properties': [
        'error',
        {
          property: 'innerHTML',
          message:
            'Never render data as HTML; use text nodes (or the sanitizing renderer in src/ui/markdown.ts).',
        },
        { property: 'outerHTML', message: 'Never render data as HTML.' },
        { property: 'insertAdjacentHTML', message: 'Never render data as HTML.' },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "JSXAttribute[name.name='innerHTML']",
          message: 'innerHTML on data is forbidden; see src/ui/markdown.ts.',
        },
        { selector: "CallExpression[callee.name='eval']", message: 'No eval.' },
      ],
    },
  },
  { files: ['src/ui/**/*.tsx'], ...solid },
);

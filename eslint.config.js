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
  ...layerRules(),
);

/**
 * Who may import whom (../shared/notes/architecture.md; the README's architecture section). Data flows
 * one way: dataset → build-index → assets → workers → engine → core → page-side service → ui.
 * A newcomer learns the rules from the first error.
 */
function layerRules() {
  const folder = (name) => [`**/${name}/**`, `**/${name}`];
  const rule = (files, groups, message, extra = {}) => ({
    files,
    ignores: extra.ignores ?? [],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: groups, message }] }],
    },
  });
  // Each file is matched by exactly one block below (a later block would replace an earlier one's list).
  const outside = [...folder('build-index'), ...folder('eval'), ...folder('scripts'), ...folder('tests')];
  const page = [...folder('app'), ...folder('ui'), ...folder('workers')];
  const LIBRARY =
    'Library layers (engine, search, embed, llm, storage, qdrant, data) never import the page (src/app, src/ui), worker entries, harnesses or tests.';
  const BROWSER = 'Browser code uses no Node modules and no build, eval, script or test code.';
  return [
    rule(
      ['src/core/**'],
      [
        ...['embed', 'search', 'engine', 'storage', 'qdrant', 'llm', 'data'].flatMap(folder),
        ...page,
        ...outside,
        'node:*',
        'comlink',
        'solid-js',
        'solid-js/*',
        'idb',
        '@*/*',
      ],
      'src/core is pure TypeScript: it imports only from src/core (no DOM, worker, Node or library code). Pass what it needs in as data or an interface.',
    ),
    rule(
      ['src/ui/**'],
      [
        ...['workers', 'engine', 'search', 'embed', 'llm', 'storage', 'qdrant', 'data'].flatMap(folder),
        ...outside,
        'comlink',
        'idb',
        'node:*',
      ],
      'src/ui talks only to the page-side service (src/app) and uses core types; reach workers, storage and models through src/app.',
    ),
    rule(['src/engine/**', 'src/embed/**', 'src/data/**'], [...page, ...outside], LIBRARY),
    rule(
      ['src/search/**', 'src/storage/**', 'src/qdrant/**', 'src/llm/**'],
      [...page, ...outside, 'node:*'],
      `${LIBRARY} ${BROWSER}`,
    ),
    rule(['src/app/**', 'workers/**'], [...outside, 'node:*'], BROWSER),
    rule(
      ['scripts/**', 'eval/**', 'build-index/**'],
      [...folder('tests')],
      'Scripts, the eval and the build import no tests: move what both need into src/ or scripts/lib/.',
    ),
    {
      files: ['**/*.ts', '**/*.tsx'],
      ignores: ['workers/**', 'tests/**', 'scripts/bench-harness/**'],
      rules: {
        'no-restricted-syntax': [
          'error',
          {
            selector: "CallExpression[callee.object.name='Comlink'][callee.property.name='expose']",
            message: 'Every worker entry lives in workers/ (a thin comlink adapter).',
          },
          {
            selector: "JSXAttribute[name.name='innerHTML']",
            message: 'innerHTML on data is forbidden; see src/ui/markdown.ts.',
          },
          { selector: "CallExpression[callee.name='eval']", message: 'No eval.' },
        ],
      },
    },
  ];
}

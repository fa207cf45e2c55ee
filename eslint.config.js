// @ts-check
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', '.synthorg/**', 'coverage/**', 'dist/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The determinism boundary (DESIGN.md): workflow code may import only the workflow SDK,
    // pure domain code, config schema types and activity *types*.
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^node:', message: 'Workflows must not import Node built-ins.' },
            {
              regex:
                '^(fs|path|os|crypto|child_process|http|https|net|pg|ai|yaml|@ai-sdk/.*|@temporalio/(client|worker|activity|testing))$',
              message: 'Workflows import only @temporalio/workflow, src/domain and src/config/schemas.',
            },
            {
              regex:
                '\\.\\./(src/(db|llm|cli|temporal|templates|memory|sandbox|federation|client)|activities|workers)/',
              message: 'Workflows import only src/domain and src/config/schemas (activity types via `import type`).',
              allowTypeImports: true,
            },
            {
              // Every new workflow runs every module of the bundle again; zod was most of that cost
              // (docs/faults-and-load.md, seventh round). test/workflows/bundle-zod-free.test.ts checks the bundle.
              regex: '^zod(/.*)?$|/src/config/',
              message: 'No zod in workflow code: take types from src/config (`import type`), parse with src/domain.',
              allowTypeImports: true,
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'setTimeout', message: 'Use sleep() from @temporalio/workflow.' },
        { name: 'setInterval', message: 'Use sleep() from @temporalio/workflow.' },
      ],
    },
  },
);

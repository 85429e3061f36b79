// Shared flat config: typescript-eslint's recommended rules plus the habits of CONVENTIONS.md
// (named exports only, no `export *`, no non-null assertions, type-only imports marked).
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Base config for every package. */
export const base = tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/.turbo/**', '**/coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportAllDeclaration', message: 'Re-export names explicitly (CONVENTIONS.md: no `export *`).' },
        { selector: 'ExportDefaultDeclaration', message: 'Named exports only (CONVENTIONS.md).' },
      ],
    },
  },
  {
    // Config files and tests may use default exports (tool conventions) and looser typing.
    files: ['**/*.config.{js,ts,mjs}', '**/*.test.ts', '**/test/**', '**/bench/**'],
    rules: {
      'no-restricted-syntax': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
);

/** For NestJS packages: parameter decorators need value imports for emitDecoratorMetadata. */
export const nest = tseslint.config(...base, {
  rules: { '@typescript-eslint/consistent-type-imports': 'off' },
});

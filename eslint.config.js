// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import n from 'eslint-plugin-n';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  { languageOptions: { globals: { ...globals.node } } },
  {
    files: ['**/*.ts'],
    plugins: { n },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'n/prefer-node-protocol': 'error',
      'no-restricted-syntax': [
        'error',
        { selector: 'TSEnumDeclaration', message: 'Use an `as const` table and a union (STYLE.md §6).' },
        { selector: "CallExpression[callee.property.name='includes'][arguments.0.value='application/json']", message: 'Parse the media type; do not substring-match it.' },
      ],
    },
  },
  {
    // The hook shim is CommonJS for start-up speed (see its header); `require` is how it loads Node built-ins.
    files: ['src/cli/hook-shim.cts'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);

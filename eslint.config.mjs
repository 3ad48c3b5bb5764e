// ESLint flat config: typescript-eslint's recommended rules everywhere, React hooks rules for the admin.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      'emulator/dist/',
      'coverage/',
      'tests/app/.strapi/',
      'tests/app/build/',
      'tests/app/dist/',
      'tests/app/types/',
      'tests/app/.tmp/',
      '.dev/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: 'module', globals: { ...globals.node, ...globals.jest } },
    rules: {
      // Strapi's own types leave `any` at many seams (documents, db queries); it is allowed, and each use is visible.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // The plugin's CommonJS entry points and scripts require() by design.
      '@typescript-eslint/no-require-imports': 'off',
      // The TypeScript lib of the server build predates ES2022's `new Error(message, { cause })`.
      'preserve-caught-error': 'off',
    },
  },
  {
    files: ['admin/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
  {
    files: ['tests/app/public/**/*.js', 'tests/app/demo-course/**/*.js', 'tests/browser/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
);

// ESLint for the whole repository: typescript-eslint with type information (so it can see a
// promise nobody awaits) on api/, domain/, migrations/, test/ and web/, and eslint-plugin-vue on
// the pages. Run with `npm run lint`; CI runs it on every submission.
import globals from 'globals';
import tseslint from 'typescript-eslint';
import vue from 'eslint-plugin-vue';

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'data/**', 'coverage/**', 'test-results/**', 'web/src/components.d.ts', 'web/src/api/schema.d.ts'] },
  ...tseslint.configs.recommendedTypeChecked,
  ...vue.configs['flat/recommended'],
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['web/vite.config.ts'] },
        tsconfigRootDir: import.meta.dirname,
        extraFileExtensions: ['.vue'],
      },
      globals: { ...globals.node },
    },
    rules: {
      // A promise must be awaited, returned, or marked `void` on purpose.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      // Callback APIs (passport, express-session, FileReader) hand their own error values on.
      '@typescript-eslint/prefer-promise-reject-errors': 'off',
      // Unused code goes, except a `_` placeholder that says "deliberately ignored".
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', destructuredArrayIgnorePattern: '^_' }],
      // Rows, JSON columns and driver answers are `any` at the edge; the code narrows them where it reads them.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/restrict-template-expressions': 'off',
      '@typescript-eslint/no-redundant-type-constituents': 'off',
      // It cannot see that `reactive({ status: 'active' as StatusFilter })` needs its assertion to keep the type narrow.
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
      // Route handlers and migrations are async by contract, whether or not they await.
      '@typescript-eslint/require-await': 'off',
      // Pinia stores and route specs are destructured on purpose; their methods use no `this`.
      '@typescript-eslint/unbound-method': 'off',
      // Layout belongs to the formatter habits already in the code, not to the linter.
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/multiline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      'vue/html-indent': 'off',
      'vue/html-closing-bracket-newline': 'off',
      'vue/attributes-order': 'off',
    },
  },
  {
    files: ['web/**/*.{ts,vue}'],
    languageOptions: {
      globals: { ...globals.browser },
      parserOptions: { parser: tseslint.parser },
    },
  },
  {
    // The web app's unit tests are typed with the web app's own settings.
    files: ['test/web/**/*.ts'],
    languageOptions: { parserOptions: { projectService: false, project: './web/tsconfig.json' } },
  },
  {
    files: ['**/*.{js,cjs,mjs}'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // CommonJS by necessity: autocannon's worker threads load the bench's request maker by path.
    files: ['**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);

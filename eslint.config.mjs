// `npm run lint` (part of `npm test`): the rules a type checker cannot give. Import layout and
// cycles are checked by scripts/check-imports.mjs, formatting by Prettier (npm run format).
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'build/**'] },
  {
    files: ['src/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      // A promise nobody awaits loses its rejection. node:test's test() and describe() return
      // promises that the runner itself awaits.
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['test', 'it', 'describe', 'suite'] },
          ],
        },
      ],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      // Prettier wraps code at 100 columns but never comments: this holds them to it too. String
      // and template literals (messages, test names) may run past it rather than be split.
      'max-len': [
        'error',
        {
          code: 100,
          ignoreStrings: true,
          ignoreTemplateLiterals: true,
          ignoreRegExpLiterals: true,
          ignoreUrls: true,
        },
      ],
    },
  },
  {
    // design.md "Injected inputs": the engine reads time, randomness and identity from its deps.
    files: ['src/engine/**/*.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'use the injected Rng (RunContext.rng)' },
        { object: 'Date', property: 'now', message: 'use the injected clock' },
        { object: 'process', property: 'pid', message: 'use the run context' },
      ],
    },
  },
);

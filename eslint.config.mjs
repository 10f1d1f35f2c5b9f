// ESLint enforces the layering of DESIGN.md: only src/extension (and the VS Code test suite)
// may import `vscode`; core imports no processes either.
import tseslint from 'typescript-eslint';

const noVscode = { name: 'vscode', message: 'Only src/extension/ may import vscode (see docs/architecture.md, the layers).' };
const noProcesses = ['child_process', 'node:child_process', 'execa'].map((name) => ({
  name,
  message: 'src/core is pure: no processes. Launch tools from src/profilers/.',
}));

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', 'test-results/**', 'examples/**', 'test/fixtures/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    files: ['src/core/**', 'src/server/**', 'src/cli/**', 'src/profilers/**', 'webview/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [noVscode] }] },
  },
  {
    files: ['src/core/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [noVscode, ...noProcesses] }] },
  },
);

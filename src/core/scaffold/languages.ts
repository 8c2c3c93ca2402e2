import type { ScaffoldLanguage, ScaffoldRuntime, ScaffoldRuntimeId } from './types';

/** The runtime choices, in the order pickers list them. */
export const scaffoldRuntimes: Record<ScaffoldRuntimeId, ScaffoldRuntime> = {
  'nodejs20.x-ts': {
    id: 'nodejs20.x-ts',
    lambdaRuntime: 'nodejs20.x',
    language: 'typescript',
    label: 'Node.js TypeScript',
    description: 'nodejs20.x, typed with @types/aws-lambda; compiled on the fly when run locally',
  },
  'nodejs20.x': {
    id: 'nodejs20.x',
    lambdaRuntime: 'nodejs20.x',
    language: 'javascript',
    label: 'Node.js JavaScript',
    description: 'nodejs20.x, an ES module (.mjs)',
  },
  'python3.12': { id: 'python3.12', lambdaRuntime: 'python3.12', language: 'python', label: 'Python 3.12', description: 'python3.12' },
  'python3.11': { id: 'python3.11', lambdaRuntime: 'python3.11', language: 'python', label: 'Python 3.11', description: 'python3.11' },
};

/** Where a language's files go in the function's code folder, and how its tests run. */
export interface LanguageLayout {
  handlerFile: string;
  testFile: string;
  /** Lambda's handler string for `handlerFile`. */
  handler: string;
  /** The command that runs the unit test, from the code folder. */
  testCommand: string;
  /** Project files beside the code (package.json, tsconfig.json), by file name. */
  projectFiles(name: string, description: string): Record<string, string>;
}

/**
 * Ranges, not pins: the function's own `npm install` picks current versions. `module: preserve`
 * (TypeScript 5.4+) matches how the code is run: bundled by esbuild, never by tsc.
 */
const typescriptDevDependencies = { '@types/aws-lambda': '^8.10.0', '@types/node': '^20.0.0', tsx: '^4.0.0', typescript: '^5.4.0' };

const tsconfig = {
  compilerOptions: {
    target: 'ES2022',
    module: 'preserve',
    moduleResolution: 'bundler',
    lib: ['ES2022'],
    types: ['node'],
    strict: true,
    isolatedModules: true,
    skipLibCheck: true,
    noEmit: true,
  },
};

function packageJson(name: string, description: string, scripts: Record<string, string>, devDependencies: Record<string, string>): string {
  // npm package names are lower case; function names need not be.
  const manifest = { name: name.toLowerCase(), version: '1.0.0', private: true, description, scripts, devDependencies };
  return json(manifest);
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

export const languageLayouts: Record<ScaffoldLanguage, LanguageLayout> = {
  typescript: {
    handlerFile: 'index.ts',
    testFile: 'index.test.ts',
    handler: 'index.handler',
    testCommand: 'npm install && npm test',
    projectFiles: (name, description) => ({
      'package.json': packageJson(
        name,
        description,
        { test: 'node --import tsx --test index.test.ts', typecheck: 'tsc --noEmit -p .' },
        typescriptDevDependencies,
      ),
      'tsconfig.json': json(tsconfig),
    }),
  },
  javascript: {
    handlerFile: 'index.mjs',
    testFile: 'index.test.mjs',
    handler: 'index.handler',
    testCommand: 'npm test',
    // @types/aws-lambda only feeds the editor's checks of the JSDoc types; the code needs nothing.
    projectFiles: (name, description) => ({
      'package.json': packageJson(name, description, { test: 'node --test index.test.mjs' }, { '@types/aws-lambda': '^8.10.0' }),
    }),
  },
  python: {
    handlerFile: 'app.py',
    testFile: 'test_app.py',
    handler: 'app.lambda_handler',
    testCommand: 'python3 -m unittest',
    projectFiles: () => ({}),
  },
};

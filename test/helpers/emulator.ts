import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Emulator } from '../../src/core/emulator';
import type { EmulatorOptions, Invocation } from '../../src/core/emulator/types';
import type { FunctionSpec } from '../../src/core/project/functionSpec';

export const EMULATOR_FIXTURES = path.resolve(__dirname, '../fixtures/emulator');

/** A FunctionSpec for a fixture folder under test/fixtures/emulator (or an absolute folder). */
export function fixtureSpec(name: string, folder: string, handler: string, overrides: Partial<FunctionSpec> = {}): FunctionSpec {
  return {
    name,
    provider: 'aws',
    runtime: 'nodejs20.x',
    codeDir: path.isAbsolute(folder) ? folder : path.join(EMULATOR_FIXTURES, folder),
    handler,
    timeout: 10,
    memorySize: 128,
    environment: {},
    events: [],
    ...overrides,
  };
}

export interface TestEmulator {
  emulator: Emulator;
  /** Every onLog line, in order. */
  logs: string[];
  warnings: string[];
}

/** An Emulator whose children are killed after the test file. */
export function createTestEmulator(after: (fn: () => Promise<void>) => void, options: EmulatorOptions = {}): TestEmulator {
  const logs: string[] = [];
  const warnings: string[] = [];
  const emulator = new Emulator({
    ...options,
    onLog: (event) => {
      logs.push(event.line);
      options.onLog?.(event);
    },
    onWarning: (message) => {
      warnings.push(message);
      options.onWarning?.(message);
    },
  });
  after(() => emulator.close());
  return { emulator, logs, warnings };
}

export function json(invocation: Invocation): unknown {
  return JSON.parse(invocation.payload.toString('utf8'));
}

/** A private copy of a fixture folder (for tests that edit code), removed afterwards. */
export function copyFixture(after: (fn: () => void) => void, folder: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'swb-emulator-'));
  cpSync(path.join(EMULATOR_FIXTURES, folder), dir, { recursive: true });
  after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Asserts an invocation failed in AWS's shape and returns its error. */
export function failure(invocation: Invocation): { errorType: string; errorMessage: string; trace?: string[] } {
  if (!invocation.error) throw new Error(`expected a failure, got ${invocation.payload.toString()}`);
  if (invocation.functionError !== 'Unhandled') throw new Error('functionError should be Unhandled');
  const payload = JSON.parse(invocation.payload.toString('utf8')) as { errorType: string; errorMessage: string; trace?: string[] };
  if (payload.errorType !== invocation.error.errorType) throw new Error('payload and error disagree');
  return payload;
}

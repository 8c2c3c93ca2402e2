import { Emulator } from '../core/emulator/emulator';
import type { EmulatorApi, EmulatorOptions } from '../core/emulator/types';

/** The emulator the CLI runs functions in (real child processes). */
export function createEmulator(options: EmulatorOptions): EmulatorApi {
  return new Emulator(options);
}

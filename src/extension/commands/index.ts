import type { Services } from '../services';
import { openSettings } from './openSettings';
import { refreshDeployedFunctions, refreshLocalFunctions } from './refreshViews';
import { registerCommand, type CommandDefinition } from './registerCommand';
import { showLog } from './showLog';

/** Every command of the extension; each is declared in package.json's `contributes.commands`. */
export const allCommands: CommandDefinition[] = [showLog, refreshLocalFunctions, refreshDeployedFunctions, openSettings];

export function registerAllCommands(services: Services): void {
  for (const definition of allCommands) registerCommand(services, definition);
}

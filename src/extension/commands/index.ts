import type { Services } from '../services';
import { debugFunction } from './debugFunction';
import { editEvent } from './editEvent';
import { invokeFunction } from './invokeFunction';
import { newEventFromCatalogue } from './newEventFromCatalogue';
import { newFunction } from './newFunction';
import { openHandler } from './openHandler';
import { openSettings } from './openSettings';
import { pickEvent } from './pickEvent';
import { refreshDeployedFunctions, refreshLocalFunctions } from './refreshViews';
import { registerCommand, type CommandDefinition } from './registerCommand';
import { revealInTemplate } from './revealInTemplate';
import { saveLastInputAsEvent } from './saveLastInputAsEvent';
import { showFunctionOutput } from './showFunctionOutput';
import { showLog } from './showLog';

/** Every command of the extension; each is declared in package.json's `contributes.commands`. */
export const allCommands: CommandDefinition[] = [
  showLog,
  refreshLocalFunctions,
  refreshDeployedFunctions,
  openSettings,
  newFunction,
  invokeFunction,
  debugFunction,
  pickEvent,
  newEventFromCatalogue,
  editEvent,
  saveLastInputAsEvent,
  openHandler,
  revealInTemplate,
  showFunctionOutput,
];

export function registerAllCommands(services: Services): void {
  for (const definition of allCommands) registerCommand(services, definition);
}

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
import { copyDeployedArn } from './copyDeployedArn';
import { deleteDeployedFunction } from './deleteDeployedFunction';
import { deployFunction } from './deployFunction';
import { downloadDeployedCode } from './downloadDeployedCode';
import { invokeDeployedFunction } from './invokeDeployedFunction';
import { loadMoreDeployedFunctions } from './loadMoreDeployedFunctions';
import { localCloudActions } from './localCloudActions';
import { pickAwsProfile } from './pickAwsProfile';
import { redeployFunction } from './redeployFunction';
import { runFixCommand } from './runFixCommand';
import { startLocalCloud } from './startLocalCloud';
import { stopLocalCloud } from './stopLocalCloud';
import { saveEventFromLogs } from './saveEventFromLogs';
import { stopTail } from './stopTail';
import { tailLogs } from './tailLogs';

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
  deployFunction,
  startLocalCloud,
  stopLocalCloud,
  localCloudActions,
  pickAwsProfile,
  invokeDeployedFunction,
  redeployFunction,
  downloadDeployedCode,
  copyDeployedArn,
  deleteDeployedFunction,
  loadMoreDeployedFunctions,
  runFixCommand,
  tailLogs,
  stopTail,
  saveEventFromLogs,
];

export function registerAllCommands(services: Services): void {
  for (const definition of allCommands) registerCommand(services, definition);
}

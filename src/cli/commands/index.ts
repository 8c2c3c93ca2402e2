import type { CliCommand } from '../command';
import { deployCommand } from './deploy';
import { eventsCommand } from './events';
import { functionsCommand } from './functions';
import { invokeCommand } from './invoke';
import { logsCommand } from './logs';
import { newCommand } from './new';
import { packageCommand } from './package';
import { serveCommand } from './serve';

/**
 * Every `swb` command, in the order `swb --help` lists them. Each lives in its own file;
 * later issues add invoke, serve, events, new, deploy and logs here.
 */
export const commands: CliCommand[] = [newCommand, invokeCommand, serveCommand, eventsCommand, packageCommand, deployCommand, functionsCommand, logsCommand];

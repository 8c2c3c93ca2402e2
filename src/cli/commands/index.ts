import type { CliCommand } from '../command';
import { eventsCommand } from './events';
import { invokeCommand } from './invoke';
import { packageCommand } from './package';
import { serveCommand } from './serve';

/**
 * Every `swb` command, in the order `swb --help` lists them. Each lives in its own file;
 * later issues add invoke, serve, events, new, deploy and logs here.
 */
export const commands: CliCommand[] = [invokeCommand, serveCommand, eventsCommand, packageCommand];

import type { CliCommand } from '../command';

/**
 * Every `swb` command, in the order `swb --help` lists them. Each lives in its own file;
 * later issues add invoke, serve, events, new, deploy and logs here.
 */
export const commands: CliCommand[] = [];

import { FunctionUrls, type FunctionUrlChanges, type FunctionUrlListing, type FunctionUrlsOptions } from '../emulator/functionUrls';
import type { EmulatorApi, InvokeRequest } from '../emulator/types';
import type { FunctionUrlSpec } from '../project/functionSpec';
import { urlSpecOf, urlTargetName } from './functionUrlConfigs';
import type { FunctionRecord } from './model';

/**
 * The deployed functions' URLs, served locally like the workspace's (`FunctionUrls`, one port
 * each) over the local cloud's view of the emulator, so an alias's URL runs the alias's version.
 * A URL is served under its target name: the function's name, or `name:alias`.
 */

export interface UrlTarget {
  /** `name` or `name:alias` (urlTargetName). */
  target: string;
  spec: FunctionUrlSpec;
  /** Where it was served before (the state folder remembers it across restarts). */
  port?: number;
}

export class DeployedFunctionUrls {
  private readonly urls: FunctionUrls;
  private readonly remembered = new Map<string, number>();

  constructor(deployed: EmulatorApi, options: Omit<FunctionUrlsOptions, 'preferredPort'> = {}) {
    this.urls = new FunctionUrls(qualifiedTargets(deployed), { ...options, preferredPort: (target) => this.remembered.get(target) });
  }

  /** Serves exactly `targets` (starting, updating and closing servers); resolves once they listen. */
  serve(targets: readonly UrlTarget[]): Promise<FunctionUrlChanges> {
    for (const { target, port } of targets) if (port !== undefined && !this.remembered.has(target)) this.remembered.set(target, port);
    return this.urls.setFunctions(targets.map(({ target, spec }) => ({ name: target, url: spec })));
  }

  /**
   * Serves the URL configs of `records`, reports those that could not be served, and remembers each
   * newly served URL's port in its config: returns the records changed that way (to be saved).
   */
  async sync(records: readonly FunctionRecord[], onWarning: (message: string) => void): Promise<FunctionRecord[]> {
    const configs = records.flatMap((record) => (record.urls ?? []).map((config) => ({ record, config, target: urlTargetName(record.name, config.qualifier) })));
    const changes = await this.serve(configs.map(({ config, target }) => ({ target, spec: urlSpecOf(config), ...(config.port !== undefined ? { port: config.port } : {}) })));
    for (const { functionName, message } of changes.failed) onWarning(`local cloud: the function URL of ${functionName} is not served: ${message}`);
    const moved = new Set<FunctionRecord>();
    for (const added of changes.added) {
      const port = Number(new URL(added.url).port);
      const entry = configs.find((c) => c.target === added.functionName);
      if (!entry || entry.config.port === port) continue;
      entry.config.port = port;
      moved.add(entry.record);
    }
    return [...moved];
  }

  list(): FunctionUrlListing[] {
    return this.urls.list();
  }

  /** The served URL of a target (`http://127.0.0.1:3002/`), if it is served. */
  urlOf(target: string): FunctionUrlListing | undefined {
    return this.urls.list().find((entry) => entry.functionName === target);
  }

  close(): Promise<void> {
    return this.urls.close();
  }
}

/** The view with `name:alias` targets: invokes run the named function with that qualifier. */
function qualifiedTargets(deployed: EmulatorApi): EmulatorApi {
  const split = (target: string): { name: string; qualifier?: string } => {
    const colon = target.indexOf(':');
    return colon === -1 ? { name: target } : { name: target.slice(0, colon), qualifier: target.slice(colon + 1) };
  };
  return {
    ...deployed,
    has: (target: string) => deployed.has(split(target).name),
    invoke: (target: string, request: InvokeRequest) => {
      const { name, qualifier } = split(target);
      return deployed.invoke(name, qualifier === undefined ? request : { ...request, qualifier });
    },
  };
}

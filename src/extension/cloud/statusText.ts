import type { LocalCloudState } from './localCloud';

/**
 * The text of the two status bar items: the local cloud's (`$(cloud) Local cloud :3001`) and the
 * AWS profile's (`$(account) aws: dev · eu-west-1`). No `vscode` here: unit-tested under Node.
 */

export interface StatusText {
  text: string;
  tooltip: string;
}

/** Undefined while stopped: the item is hidden then (Start is in the palette and the view). */
export function localCloudStatus(state: LocalCloudState, endpoint: string | undefined, portTaken?: number): StatusText | undefined {
  switch (state) {
    case 'stopped':
      return undefined;
    case 'starting':
      return { text: '$(loading~spin) Local cloud', tooltip: 'Starting the local cloud…' };
    case 'stopping':
      return { text: '$(loading~spin) Local cloud', tooltip: 'Stopping the local cloud…' };
    case 'running': {
      const port = endpoint ? new URL(endpoint).port : '';
      const taken = portTaken ? `\nPort ${portTaken} is taken (serverlessWorkbench.localCloud.port), so another free port is used.` : '';
      return { text: `$(cloud) Local cloud :${port}`, tooltip: `Local cloud at ${endpoint}${taken}\nClick to stop it, copy its endpoint or show the log.` };
    }
  }
}

/** `aws: dev · eu-west-1`; an empty profile setting shows what the AWS CLI would use. */
export function awsStatus(profile: string, region: string): StatusText {
  return {
    text: `$(account) aws: ${profile} · ${region}`,
    tooltip: `AWS profile ${profile}, region ${region}: used by Deploy and the Deployed Functions view.\nClick to pick another profile or region.`,
  };
}

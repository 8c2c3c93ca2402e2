/**
 * What the CodeLens over a handler says and runs, without `vscode` (the provider turns each spec
 * into a `vscode.CodeLens`).
 */

export interface LensSpec {
  title: string;
  command: string;
  arguments: unknown[];
  tooltip: string;
}

export interface LensFunction {
  name: string;
  /** The selected saved event, undefined for the default. */
  eventName?: string;
  /** Its logs are tailed now: the lens stops the tail instead. */
  tailing?: boolean;
}

export const DEFAULT_EVENT_LABEL = 'default event';

export const lensCommands = {
  invoke: 'serverlessWorkbench.invokeFunction',
  debug: 'serverlessWorkbench.debugFunction',
  pickEvent: 'serverlessWorkbench.pickEvent',
  tailLogs: 'serverlessWorkbench.tailLogs',
  stopTail: 'serverlessWorkbench.stopTail',
  manageTrust: 'workbench.trust.manage',
} as const;

export const UNTRUSTED_TITLE = '$(shield) Invoke disabled: workspace not trusted';

/**
 * The lenses of one handler line: `▶ Invoke | ⚙ Debug | <event> ▾ | Tail` per function. When the file
 * holds several functions (`named`), each group starts with its function's name so the groups
 * can be told apart; the tooltips always name the function. In an untrusted workspace the line
 * gets one lens that explains why nothing runs and opens the trust editor.
 */
export function handlerLensSpecs(functions: readonly LensFunction[], options: { trusted: boolean; named: boolean }): LensSpec[] {
  if (!functions.length) return [];
  if (!options.trusted) {
    return [
      {
        title: UNTRUSTED_TITLE,
        command: lensCommands.manageTrust,
        arguments: [],
        tooltip: 'Serverless Workbench runs no workspace code until this workspace is trusted. Click to manage Workspace Trust.',
      },
    ];
  }
  return functions.flatMap((fn) => {
    const event = fn.eventName ?? DEFAULT_EVENT_LABEL;
    const prefix = options.named ? `${fn.name}: ` : '';
    return [
      { title: `${prefix}▶ Invoke`, command: lensCommands.invoke, arguments: [fn.name], tooltip: `Invoke ${fn.name} locally with ${event}` },
      { title: '⚙ Debug', command: lensCommands.debug, arguments: [fn.name], tooltip: `Debug ${fn.name} locally with ${event}` },
      { title: `${event} ▾`, command: lensCommands.pickEvent, arguments: [fn.name], tooltip: `Pick the event ${fn.name} runs with` },
      fn.tailing
        ? { title: '$(debug-stop) Stop tail', command: lensCommands.stopTail, arguments: [fn.name], tooltip: `Stop tailing ${fn.name}'s logs` }
        : { title: '$(pulse) Tail', command: lensCommands.tailLogs, arguments: [fn.name], tooltip: `Tail ${fn.name}'s logs in the local cloud` },
    ];
  });
}

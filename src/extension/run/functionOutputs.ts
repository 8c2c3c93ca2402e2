import * as vscode from 'vscode';
import type { FunctionOutputs } from './types';

/**
 * One `Serverless: <function>` output channel per function, created when first written to, in
 * the `serverless-log` language so START/END/REPORT, request ids, levels and errors are coloured.
 * Log tails of the deployed function write to the same channel later.
 */
export class FunctionOutputChannels implements FunctionOutputs {
  private readonly channels = new Map<string, vscode.OutputChannel>();

  channel(functionName: string): vscode.OutputChannel {
    let channel = this.channels.get(functionName);
    if (!channel) {
      channel = vscode.window.createOutputChannel(`Serverless: ${functionName}`, 'serverless-log');
      this.channels.set(functionName, channel);
    }
    return channel;
  }

  dispose(): void {
    for (const channel of this.channels.values()) channel.dispose();
    this.channels.clear();
  }
}

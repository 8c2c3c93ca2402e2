import * as vscode from 'vscode';
import { deployedArg } from './deployedArg';
import type { CommandDefinition } from './registerCommand';

export const copyDeployedArn: CommandDefinition = {
  id: 'copyDeployedArn',
  what: 'Copy ARN',
  async run(services, arg): Promise<string> {
    const ref = await deployedArg(services, arg, 'Copy ARN');
    await vscode.env.clipboard.writeText(ref.arn);
    vscode.window.setStatusBarMessage(`$(check) Copied ${ref.arn}`, 4000);
    return ref.arn;
  },
};

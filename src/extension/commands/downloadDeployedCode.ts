import { homedir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { extractZip } from '../../core/package/zipReader';
import { suggestDownloadFolder, validateDownloadFolder } from '../cloud/downloadFolder';
import { deployedArg } from './deployedArg';
import type { CommandDefinition } from './registerCommand';

/** Unpacks a deployed function's package into a new folder (proposed beside the workspace) and offers to open it. */
export const downloadDeployedCode: CommandDefinition = {
  id: 'downloadDeployedCode',
  what: 'Download code',
  async run(services, arg): Promise<string> {
    const ref = await deployedArg(services, arg, 'Download Code');
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const base = folder?.scheme === 'file' ? path.dirname(folder.fsPath) : homedir();
    const dir = path.resolve(
      (
        await services.ui.input({
          title: `Download Code of ${ref.name}${ref.qualifier ? `:${ref.qualifier}` : ''}`,
          prompt: 'A new (or empty) folder to unpack the deployed package into',
          value: suggestDownloadFolder(base, ref.name, ref.qualifier),
          validate: validateDownloadFolder,
        })
      ).trim(),
    );
    const provider = await services.cloud.providers.get(ref.target);
    const files = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Downloading ${ref.name} from ${provider.location.label}`, cancellable: true },
      async (_progress, token) => {
        const controller = new AbortController();
        const subscription = token.onCancellationRequested(() => controller.abort());
        try {
          const code = await provider.downloadCode(ref.name, { qualifier: ref.qualifier, signal: controller.signal });
          return await extractZip(code.zip, dir);
        } finally {
          subscription.dispose();
        }
      },
    );
    services.log.info(`Downloaded ${files.length} files of ${ref.name} into ${dir}`);
    const open = 'Open in New Window';
    void services.ui.info(`Downloaded ${files.length} file${files.length === 1 ? '' : 's'} of ${ref.name} into ${dir}`, open).then((choice) => {
      if (choice === open) void vscode.commands.executeCommand('vscode.openFolder', vscode.Uri.file(dir), { forceNewWindow: true });
    });
    return dir;
  },
};

import * as vscode from 'vscode';
import type { LocalFunction } from '../project/localFunction';

/**
 * A tree whose nodes are produced by a loader. An empty result shows the view's welcome content
 * (package.json `viewsWelcome`); a failing loader becomes an error node with an action, never a
 * throw from `getChildren`.
 */
export interface TreeNode {
  /** Stable across refreshes, so expansion and selection survive them. */
  id?: string;
  label: string;
  description?: string;
  tooltip?: string;
  icon?: string;
  contextValue?: string;
  command?: vscode.Command;
  children?: () => Promise<TreeNode[]>;
  /** Shown expanded at first (nodes with children are collapsed otherwise). */
  expanded?: boolean;
  /** The local function a node stands for: commands run from its context menu receive the node. */
  fn?: LocalFunction;
}

export class FunctionsTree implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(
    private readonly load: () => Promise<TreeNode[]>,
    private readonly log: vscode.LogOutputChannel,
    private readonly retryCommand: string,
  ) {}

  refresh(): void {
    this.changed.fire(undefined);
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    const item = new vscode.TreeItem(
      node.label,
      !node.children
        ? vscode.TreeItemCollapsibleState.None
        : node.expanded
          ? vscode.TreeItemCollapsibleState.Expanded
          : vscode.TreeItemCollapsibleState.Collapsed,
    );
    item.id = node.id;
    item.description = node.description;
    item.tooltip = node.tooltip;
    item.contextValue = node.contextValue;
    item.command = node.command;
    if (node.icon) item.iconPath = new vscode.ThemeIcon(node.icon);
    return item;
  }

  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    try {
      return node ? ((await node.children?.()) ?? []) : await this.load();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.log.error(`Loading ${node ? node.label : 'the view'} failed: ${message}`);
      return [
        {
          label: `Could not load: ${message.split('\n')[0]}`,
          icon: 'error',
          tooltip: 'Click to retry. Details are in the Serverless Workbench log.',
          contextValue: 'error',
          command: { command: this.retryCommand, title: 'Retry' },
        },
      ];
    }
  }

  dispose(): void {
    this.changed.dispose();
  }
}

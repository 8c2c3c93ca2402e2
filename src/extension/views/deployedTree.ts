import type * as vscode from 'vscode';
import type { DeployedNode } from './deployedNodes';
import { FunctionsTree } from './functionsTree';

/** The Deployed Functions tree: the shared tree with `getParent`, which `TreeView.reveal` needs ("Show in Tree"). */
export class DeployedTree extends FunctionsTree implements vscode.TreeDataProvider<DeployedNode> {
  getParent(node: DeployedNode): DeployedNode | undefined {
    return node.parent;
  }
}

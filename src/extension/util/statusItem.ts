import type * as vscode from 'vscode';
import type { StatusText } from '../cloud/statusText';

/** Shows `shown` in the item, or hides the item when there is nothing to show. */
export function showStatus(item: vscode.StatusBarItem, shown: StatusText | undefined): void {
  if (!shown) return item.hide();
  item.text = shown.text;
  item.tooltip = shown.tooltip;
  item.show();
}

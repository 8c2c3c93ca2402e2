import { formatBytes } from '../../core/package/limits';
import type { DeployResult } from '../../core/providers/types';

/**
 * The one line a finished deploy is summed up in, e.g. "Deployed hello to local cloud at
 * http://127.0.0.1:3001: created (1.2 KB) in 0.8 s". No `vscode` here: unit-tested under Node.
 */
export function deploySummary(workspaceName: string, result: DeployResult, location: string): string {
  const as = result.functionName === workspaceName ? '' : ` as ${result.functionName}`;
  const parts: string[] = [];
  if (result.created) parts.push(`created (${formatBytes(result.codeSize)})`);
  else {
    parts.push(result.codeUpdated ? `code updated (${formatBytes(result.codeSize)})` : 'code unchanged');
    parts.push(result.configChanges.length ? `configuration updated (${result.configChanges.join(', ')})` : 'configuration unchanged');
  }
  if (result.version) parts.push(`version ${result.version}${result.alias ? ` (alias ${result.alias})` : ''}`);
  const url = result.functionUrl ? `; function URL ${result.functionUrl}` : '';
  return `Deployed ${workspaceName}${as} to ${location}: ${parts.join(', ')} in ${(result.durationMs / 1000).toFixed(1)} s${url}`;
}

/** Deploy's "no execution role" refusal (AWS only), answered by asking for a role ARN. */
export function isMissingRole(error: unknown): boolean {
  return error instanceof Error && /^no execution role to create /.test(error.message);
}

/** The role ARN input's check. */
export function validateRoleArn(value: string): string | undefined {
  return /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/.test(value.trim()) ? undefined : 'An IAM role ARN, e.g. arn:aws:iam::123456789012:role/lambda-basic';
}

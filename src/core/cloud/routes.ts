/**
 * Which Lambda operation a request is, from its method and path (REST-JSON: the operation is in
 * the URL). Path members come back URL-decoded; a trailing slash is accepted, as botocore sends
 * one on some paths (`/2015-03-31/functions/`).
 */
export type Operation =
  | 'ListFunctions'
  | 'CreateFunction'
  | 'GetFunction'
  | 'DeleteFunction'
  | 'GetFunctionConfiguration'
  | 'UpdateFunctionConfiguration'
  | 'UpdateFunctionCode'
  | 'ListVersionsByFunction'
  | 'PublishVersion'
  | 'ListAliases'
  | 'CreateAlias'
  | 'GetAlias'
  | 'UpdateAlias'
  | 'DeleteAlias'
  | 'Invoke'
  | 'InvokeWithResponseStream'
  | 'GetAccountSettings'
  | 'ListTags'
  | 'TagResource'
  | 'UntagResource'
  | 'AddPermission'
  | 'GetPolicy'
  | 'RemovePermission'
  | 'CreateFunctionUrlConfig'
  | 'GetFunctionUrlConfig'
  | 'UpdateFunctionUrlConfig'
  | 'DeleteFunctionUrlConfig'
  | 'ListFunctionUrlConfigs'
  /** Not AWS's: the download link GetFunction returns as `Code.Location`. */
  | 'DownloadCode';

export interface Route {
  operation: Operation;
  /** The `{FunctionName}` path member, e.g. `name`, `name:alias` or an ARN. */
  functionName?: string;
  alias?: string;
  /** TagResource & co.: the resource ARN. */
  resource?: string;
  /** RemovePermission: the statement's id. */
  statementId?: string;
  /** DownloadCode: the package's file name. */
  file?: string;
}

export const CODE_DOWNLOAD_PREFIX = '/_swb/code/';

const functionRoutes: Record<string, Partial<Record<string, Operation>>> = {
  '': { GET: 'GetFunction', DELETE: 'DeleteFunction' },
  configuration: { GET: 'GetFunctionConfiguration', PUT: 'UpdateFunctionConfiguration' },
  code: { PUT: 'UpdateFunctionCode' },
  versions: { GET: 'ListVersionsByFunction', POST: 'PublishVersion' },
  aliases: { GET: 'ListAliases', POST: 'CreateAlias' },
  invocations: { POST: 'Invoke' },
  policy: { GET: 'GetPolicy', POST: 'AddPermission' },
};

/** Function URLs (2021-10-31): `functions/{name}/url` and `functions/{name}/urls`. */
const urlRoutes: Record<string, Partial<Record<string, Operation>>> = {
  url: { POST: 'CreateFunctionUrlConfig', GET: 'GetFunctionUrlConfig', PUT: 'UpdateFunctionUrlConfig', DELETE: 'DeleteFunctionUrlConfig' },
  urls: { GET: 'ListFunctionUrlConfigs' },
};

export function matchRoute(method: string | undefined, pathname: string): Route | undefined {
  const trimmed = pathname.length > 1 && pathname.endsWith('/') ? pathname.slice(0, -1) : pathname;
  const parts = trimmed.split('/').slice(1).map(decode);
  if (parts.some((p) => p === undefined)) return undefined;
  const [version, collection, ...rest] = parts as string[];
  const verb = method ?? 'GET';

  if (version === '2015-03-31' && collection === 'functions') {
    if (rest.length === 0) return verb === 'GET' ? { operation: 'ListFunctions' } : verb === 'POST' ? { operation: 'CreateFunction' } : undefined;
    const [functionName, sub = '', alias, ...extra] = rest;
    if (extra.length) return undefined;
    if (sub === 'aliases' && alias !== undefined) {
      const operation = ({ GET: 'GetAlias', PUT: 'UpdateAlias', DELETE: 'DeleteAlias' } as const)[verb as 'GET'];
      return operation ? { operation, functionName, alias } : undefined;
    }
    if (sub === 'policy' && alias !== undefined) return verb === 'DELETE' ? { operation: 'RemovePermission', functionName, statementId: alias } : undefined;
    if (alias !== undefined) return undefined;
    const operation = functionRoutes[sub]?.[verb];
    return operation ? { operation, functionName } : undefined;
  }
  if (version === '2021-10-31' && collection === 'functions' && rest.length === 2) {
    const operation = urlRoutes[rest[1]]?.[verb];
    return operation ? { operation, functionName: rest[0] } : undefined;
  }
  if (version === '2021-11-15' && collection === 'functions' && rest.length === 2 && rest[1] === 'response-streaming-invocations' && verb === 'POST') {
    return { operation: 'InvokeWithResponseStream', functionName: rest[0] };
  }
  if (version === '2016-08-19' && collection === 'account-settings' && rest.length === 0 && verb === 'GET') return { operation: 'GetAccountSettings' };
  if (version === '2017-03-31' && collection === 'tags' && rest.length === 1) {
    const operation = ({ GET: 'ListTags', POST: 'TagResource', DELETE: 'UntagResource' } as const)[verb as 'GET'];
    return operation ? { operation, resource: rest[0] } : undefined;
  }
  if (`/${version}/${collection}/` === CODE_DOWNLOAD_PREFIX && rest.length === 2 && verb === 'GET') {
    return { operation: 'DownloadCode', functionName: rest[0], file: rest[1] };
  }
  return undefined;
}

/**
 * Lambda's other changes to a function (concurrency, event invoke configs…), keyed `METHOD version
 * sub-resource`. The local cloud does not serve them, but it refuses them for a project function
 * (read-only) instead of passing them on.
 */
const otherWrites: Record<string, string> = {
  'PUT 2017-10-31 concurrency': 'PutFunctionConcurrency',
  'DELETE 2017-10-31 concurrency': 'DeleteFunctionConcurrency',
  'PUT 2019-09-25 event-invoke-config': 'PutFunctionEventInvokeConfig',
  'POST 2019-09-25 event-invoke-config': 'UpdateFunctionEventInvokeConfig',
  'DELETE 2019-09-25 event-invoke-config': 'DeleteFunctionEventInvokeConfig',
  'PUT 2019-09-30 provisioned-concurrency': 'PutProvisionedConcurrencyConfig',
  'DELETE 2019-09-30 provisioned-concurrency': 'DeleteProvisionedConcurrencyConfig',
  'PUT 2020-06-30 code-signing-config': 'PutFunctionCodeSigningConfig',
  'DELETE 2020-06-30 code-signing-config': 'DeleteFunctionCodeSigningConfig',
  'PUT 2021-07-20 runtime-management-config': 'PutRuntimeManagementConfig',
  'PUT 2024-08-31 recursion-config': 'PutFunctionRecursionConfig',
  'PUT 2025-11-30 function-scaling-config': 'PutFunctionScalingConfig',
};

/** One of `otherWrites`, with its `{FunctionName}`. */
export function matchOtherWrite(method: string | undefined, pathname: string): { operation: string; functionName: string } | undefined {
  const parts = pathname.split('/').slice(1).map(decode);
  const [version, collection, functionName, sub, ...extra] = parts;
  if (collection !== 'functions' || functionName === undefined || sub === undefined || extra.length) return undefined;
  const operation = otherWrites[`${method ?? 'GET'} ${version} ${sub}`];
  return operation ? { operation, functionName } : undefined;
}

function decode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

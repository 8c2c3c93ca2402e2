import { createReadStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FunctionUrlListing, FunctionUrlsOptions } from '../emulator/functionUrls';
import { createInvokeApiHandler, parseFunctionName, type InvokeApiOptions } from '../emulator/invokeApi';
import type { EmulatorApi, FunctionRunOptions } from '../emulator/types';
import type { FunctionSpec } from '../project/functionSpec';
import { CloudError, invalidParameter } from './cloudErrors';
import { CloudStore } from './cloudStore';
import type { CloudIdentity } from './configuration';
import { readRequestBody, sendCloudError, sendJson, whenAnswered } from './httpIo';
import { deployedFunctionsView } from './invokeTargets';
import { LocalLambda, type Reply } from './localLambda';
import type { CodeRef, FunctionConfigurationOutput } from './model';
import { ProjectFunctions, type ProjectFunctionsSource } from './projectFunctions';
import { projectFunctionReply } from './projectOperations';
import { CODE_DOWNLOAD_PREFIX, matchOtherWrite, matchRoute, type Operation, type Route } from './routes';
import { taggedFunctionName } from './tags';
import { parseMaxItems, type JsonObject } from './validate';

/**
 * The local cloud: the part of Lambda's control-plane API that deploy tools use (create, update,
 * publish, aliases, tags, list, delete, function URLs — each served on a port of its own — and
 * permissions, stored but not enforced), over the emulator, as an HTTP request handler that shares
 * a port with the other local APIs. It returns false, touching nothing, for requests it does not
 * own (the caller passes them on):
 *
 *   const cloud = await createLambdaControlPlane({ emulator, stateDir });
 *   http.createServer((req, res) => logs(req, res) || cloud.handler(req, res) || invoke(req, res));
 *
 * It also answers invokes of the functions it deployed (any qualifier: version, alias, $LATEST);
 * invokes of other functions fall through to the emulator's own Invoke API. Given the project's
 * own functions (`projectFunctions`), it lists and describes them too, read-only; a deployed
 * function of the same name hides one, here as for invokes. Requests are not signature-checked:
 * any credentials work. See docs/local-cloud.md.
 */

export interface ControlPlaneFaults {
  /** Every nth counted call is refused with TooManyRequestsException (429). */
  throttleEvery?: number;
  /** Every nth counted call has its connection destroyed (mid-upload when the body is large). */
  dropEvery?: number;
  /** The operations that count (default: every control-plane operation; invokes never count). */
  operations?: Operation[];
}

export interface ControlPlaneRequest {
  operation: string;
  functionName?: string;
  /** The status answered; 0 when the connection ended without an answer (dropped or interrupted). */
  status: number;
}

export interface LambdaControlPlaneOptions {
  emulator: EmulatorApi;
  /** Where deployed code and state live; survives restarts. */
  stateDir: string;
  region?: string;
  /** Account id of the ARNs (default 000000000000, as `swb serve`). */
  accountId?: string;
  /** How long a function stays Pending after CreateFunction / an update stays InProgress (default 100 ms each). */
  delays?: { createMs?: number; updateMs?: number };
  faults?: ControlPlaneFaults;
  /** Concurrency and queueing of deployed functions in the emulator. */
  runOptions?: FunctionRunOptions;
  /** Passed to the Invoke API that runs deployed functions (e.g. request logs). */
  invokeApi?: Pick<InvokeApiOptions, 'onInvocation' | 'onBackgroundError' | 'maxSyncPayloadBytes' | 'maxAsyncPayloadBytes'>;
  /**
   * How deployed functions' URLs are served: host (default 127.0.0.1), first port (default 3002,
   * the next free one per URL; 0: free ones), request log.
   */
  functionUrls?: Pick<FunctionUrlsOptions, 'host' | 'basePort' | 'onRequest'>;
  /** The workspace's functions (`swb serve`'s own), shown read-only beside the deployed ones. */
  projectFunctions?: ProjectFunctionsSource;
  /** Every request the control plane answered (the server's request log). */
  onRequest?: (entry: ControlPlaneRequest) => void;
  onWarning?: (message: string) => void;
}

export interface LambdaControlPlane {
  /** Answers the request and returns true, or returns false without touching it. */
  handler(req: IncomingMessage, res: ServerResponse): boolean;
  /** `$LATEST` of every deployed function, as GetFunctionConfiguration returns it. */
  functions(): FunctionConfigurationOutput[];
  /** The deployed functions' URLs being served (`name`, or `name:alias`), each on its own port. */
  functionUrls(): FunctionUrlListing[];
  /** Replaces the fault injection settings (counting starts again). */
  setFaults(faults: ControlPlaneFaults | undefined): void;
  /** Stops state transitions and takes the deployed functions out of the emulator (which stays open). */
  close(): Promise<void>;
}

/** Lambda's limit on a CreateFunction/UpdateFunctionCode request (a 50 MB zip, base64, in JSON). */
export const MAX_UPLOAD_REQUEST_BYTES = 70_167_211;
const DEFAULT_DELAY_MS = 100;

export async function createLambdaControlPlane(options: LambdaControlPlaneOptions): Promise<LambdaControlPlane> {
  const identity: CloudIdentity = { region: options.region ?? 'us-east-1', accountId: options.accountId ?? '000000000000' };
  const lambda = new LocalLambda({
    emulator: options.emulator,
    store: new CloudStore(options.stateDir),
    identity,
    createMs: options.delays?.createMs ?? DEFAULT_DELAY_MS,
    updateMs: options.delays?.updateMs ?? DEFAULT_DELAY_MS,
    runOptions: options.runOptions,
    functionUrls: { ...options.functionUrls, accountId: identity.accountId },
    onWarning: options.onWarning ?? (() => undefined),
  });
  await lambda.start();
  const project = new ProjectFunctions(options.projectFunctions, identity, (name) => lambda.has(name));
  const invoke = createInvokeApiHandler(deployedFunctionsView(options.emulator, lambda), { ...options.invokeApi, ...identity });
  let faults = options.faults;
  let counted = 0;
  let closed = false;

  const report = (res: ServerResponse, operation: string, functionName: string | undefined): void => {
    if (options.onRequest) whenAnswered(res, (status) => options.onRequest!({ operation, ...(functionName ? { functionName } : {}), status }));
  };

  const handle = async (req: IncomingMessage, res: ServerResponse, route: Route, query: URLSearchParams): Promise<void> => {
    if (faults && (!faults.operations || faults.operations.includes(route.operation))) {
      counted++;
      if (faults.dropEvery && counted % faults.dropEvery === 0) return dropConnection(req);
      if (faults.throttleEvery && counted % faults.throttleEvery === 0) {
        await readRequestBody(req, MAX_UPLOAD_REQUEST_BYTES);
        return sendCloudError(res, new CloudError('TooManyRequestsException', 'Rate exceeded', { Reason: 'CallerRateLimitExceeded' }));
      }
    }
    const read = await readRequestBody(req, MAX_UPLOAD_REQUEST_BYTES);
    // The client went away mid-body: whatever it was uploading never arrived, so nothing changes.
    if (!read) return;
    try {
      if ('tooLarge' in read) {
        throw new CloudError('RequestEntityTooLargeException', `Request must be smaller than ${MAX_UPLOAD_REQUEST_BYTES} bytes for the ${route.operation} operation`);
      }
      const reply = await dispatch(lambda, project, identity, route, query, parseJson(read.body), (name, code) => codeUrl(req, name, code));
      sendJson(res, reply.status, reply.body);
    } catch (error) {
      if (res.headersSent) return void res.destroy();
      if (error instanceof CloudError) return sendCloudError(res, error);
      options.onWarning?.(`local cloud: ${route.operation} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      sendCloudError(res, new CloudError('ServiceException', error instanceof Error ? error.message : String(error)));
    }
  };

  const handler = (req: IncomingMessage, res: ServerResponse): boolean => {
    if (closed) return false;
    const url = req.url ?? '/';
    const queryStart = url.indexOf('?');
    const pathname = queryStart === -1 ? url : url.slice(0, queryStart);
    const route = matchRoute(req.method, pathname);
    if (!route) return refuseOtherWrite(req, res, pathname);
    const functionName = route.functionName !== undefined ? (parseFunctionName(route.functionName)?.name ?? route.functionName) : undefined;
    if (route.operation === 'Invoke' || route.operation === 'InvokeWithResponseStream') {
      if (functionName === undefined || !lambda.has(functionName)) return false;
      report(res, route.operation, functionName);
      invoke(req, res);
      return true;
    }
    report(res, route.operation, functionName);
    if (route.operation === 'DownloadCode') {
      downloadCode(lambda, req, res, functionName ?? '', route.file ?? '');
      return true;
    }
    void handle(req, res, route, new URLSearchParams(queryStart === -1 ? '' : url.slice(queryStart + 1)));
    return true;
  };

  /** A change the local cloud does not serve (AddPermission, PutFunctionConcurrency…) to a project function is refused, not passed on. */
  const refuseOtherWrite = (req: IncomingMessage, res: ServerResponse, pathname: string): boolean => {
    const write = matchOtherWrite(req.method, pathname);
    const name = write && parseFunctionName(write.functionName)?.name;
    const spec = name === undefined ? undefined : project.find(name);
    if (!write || !spec) return false;
    report(res, write.operation, spec.name);
    req.resume();
    sendCloudError(res, project.readOnly(spec));
    return true;
  };

  return {
    handler,
    functions: () => lambda.configurations(),
    functionUrls: () => lambda.functionUrls(),
    setFaults: (next) => {
      faults = next;
      counted = 0;
    },
    close: async () => {
      closed = true;
      await lambda.close();
    },
  };
}

function dispatch(
  lambda: LocalLambda,
  project: ProjectFunctions,
  identity: CloudIdentity,
  route: Route,
  query: URLSearchParams,
  body: JsonObject,
  codeUrl: (name: string, code: CodeRef) => string,
): Reply | Promise<Reply> {
  const name = (): string => target(route.functionName, query).name;
  const qualifier = (): string | undefined => target(route.functionName, query).qualifier;
  const workspace = projectTarget(project, route, query);
  if (workspace) {
    return projectFunctionReply(project, identity, workspace.spec, {
      operation: route.operation,
      qualifier: workspace.qualifier,
      alias: route.alias,
      marker: query.get('Marker'),
      maxItems: parseMaxItems(query.get('MaxItems')),
    });
  }
  switch (route.operation) {
    case 'ListFunctions': {
      const version = query.get('FunctionVersion');
      if (version !== null && version !== 'ALL') throw invalidParameter(`Value '${version}' at 'functionVersion' failed to satisfy constraint: Member must satisfy enum value set: [ALL]`);
      const listed = project.list().map((f) => ({ name: f.name, configuration: (arnQualifier: string | undefined) => project.configuration(f, { listing: true, arnQualifier }) }));
      return lambda.listFunctions(query.get('Marker'), parseMaxItems(query.get('MaxItems')), version === 'ALL', listed);
    }
    case 'CreateFunction':
      return lambda.createFunction(body);
    case 'GetFunction':
      return lambda.getFunction(name(), qualifier(), codeUrl);
    case 'GetFunctionConfiguration':
      return lambda.getConfiguration(name(), qualifier());
    case 'DeleteFunction':
      return lambda.deleteFunction(name(), qualifier());
    case 'UpdateFunctionConfiguration':
      return lambda.updateConfiguration(name(), body);
    case 'UpdateFunctionCode':
      return lambda.updateCode(name(), body);
    case 'ListVersionsByFunction':
      return lambda.listVersions(name(), query.get('Marker'), parseMaxItems(query.get('MaxItems')));
    case 'PublishVersion':
      return lambda.publishVersion(name(), body);
    case 'ListAliases':
      return lambda.listAliases(name(), query.get('FunctionVersion'), query.get('Marker'), parseMaxItems(query.get('MaxItems')));
    case 'CreateAlias':
      return lambda.createAlias(name(), body);
    case 'GetAlias':
      return lambda.getAlias(name(), route.alias ?? '');
    case 'UpdateAlias':
      return lambda.updateAlias(name(), route.alias ?? '', body);
    case 'DeleteAlias':
      return lambda.deleteAlias(name(), route.alias ?? '');
    case 'GetAccountSettings':
      return lambda.accountSettings();
    case 'ListTags':
      return lambda.listTags(route.resource ?? '');
    case 'TagResource':
      return lambda.tagResource(route.resource ?? '', body);
    case 'UntagResource':
      return lambda.untagResource(route.resource ?? '', query.getAll('tagKeys'));
    case 'CreateFunctionUrlConfig':
      return lambda.createUrlConfig(name(), qualifier(), body);
    case 'GetFunctionUrlConfig':
      return lambda.getUrlConfig(name(), qualifier());
    case 'UpdateFunctionUrlConfig':
      return lambda.updateUrlConfig(name(), qualifier(), body);
    case 'DeleteFunctionUrlConfig':
      return lambda.deleteUrlConfig(name(), qualifier());
    case 'ListFunctionUrlConfigs':
      return lambda.listUrlConfigs(name(), query.get('Marker'), parseMaxItems(query.get('MaxItems')));
    case 'AddPermission':
      return lambda.addPermission(name(), qualifier(), body);
    case 'GetPolicy':
      return lambda.getPolicy(name(), qualifier());
    case 'RemovePermission':
      return lambda.removePermission(name(), qualifier(), route.statementId ?? '', query.get('RevisionId') ?? undefined);
    case 'Invoke':
    case 'InvokeWithResponseStream':
    case 'DownloadCode':
      throw new Error(`${route.operation} is not a control-plane operation`);
  }
}

/**
 * The project function an operation is about, if any. CreateFunction is not: a new deployed
 * function of that name hides the project function (as `swb deploy` to the local cloud does).
 */
function projectTarget(project: ProjectFunctions, route: Route, query: URLSearchParams): { spec: FunctionSpec; qualifier?: string } | undefined {
  if (route.operation === 'ListTags' || route.operation === 'TagResource' || route.operation === 'UntagResource') {
    let tagged: string;
    try {
      tagged = taggedFunctionName(route.resource ?? '');
    } catch {
      // A bad resource ARN: the deployed-function path answers it as Lambda does.
      return undefined;
    }
    const spec = project.find(tagged);
    return spec && { spec };
  }
  if (route.functionName === undefined) return undefined;
  const { name, qualifier } = target(route.functionName, query);
  const spec = project.find(name);
  return spec && { spec, qualifier };
}

/** `{FunctionName}` (name, `name:qualifier`, partial or full ARN) and the `Qualifier` query member, reconciled. */
function target(raw: string | undefined, query: URLSearchParams): { name: string; qualifier?: string } {
  const parsed = raw === undefined ? undefined : parseFunctionName(raw);
  if (!parsed) {
    throw invalidParameter(
      `1 validation error detected: Value '${raw ?? ''}' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: (arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?`,
    );
  }
  const fromQuery = query.get('Qualifier') ?? undefined;
  if (fromQuery !== undefined && parsed.qualifier !== undefined && fromQuery !== parsed.qualifier) {
    throw invalidParameter('The derived qualifier from the function name does not match the specified qualifier.');
  }
  return { name: parsed.name, qualifier: fromQuery ?? parsed.qualifier };
}

function parseJson(body: Buffer): JsonObject {
  if (body.length === 0) return {};
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw new CloudError('InvalidRequestContentException', `Could not parse request body into json: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new CloudError('InvalidRequestContentException', 'Could not parse request body into json: not an object');
  return value as JsonObject;
}

/** GetFunction's `Code.Location`: a plain URL on this same server, as S3's presigned URL is for Lambda. */
function codeUrl(req: IncomingMessage, name: string, code: CodeRef): string {
  const host = req.headers.host ?? `${req.socket.localAddress}:${req.socket.localPort}`;
  return `http://${host}${CODE_DOWNLOAD_PREFIX}${encodeURIComponent(name)}/${code.dir}.zip`;
}

function downloadCode(lambda: LocalLambda, req: IncomingMessage, res: ServerResponse, name: string, file: string): void {
  req.resume();
  const zip = file.endsWith('.zip') ? lambda.packagePath(name, file.slice(0, -4)) : undefined;
  if (!zip) return sendJson(res, 404, { Type: 'User', Message: 'No such code package' }, { 'x-amzn-ErrorType': 'ResourceNotFoundException' });
  const stream = createReadStream(zip);
  stream.once('open', () => {
    res.writeHead(200, { 'Content-Type': 'application/zip' });
    stream.pipe(res);
  });
  stream.once('error', () => {
    if (res.headersSent) res.destroy();
    else sendJson(res, 404, { Type: 'User', Message: 'No such code package' }, { 'x-amzn-ErrorType': 'ResourceNotFoundException' });
  });
}

/** Fault injection: the connection goes away once the body starts arriving (or at once, if there is none). */
function dropConnection(req: IncomingMessage): void {
  const destroy = (): void => {
    req.socket.destroy();
  };
  if (req.complete) return destroy();
  req.once('data', destroy);
  req.once('end', destroy);
}

import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A real HTTP server on 127.0.0.1:0 answering the part of AWS IAM that creating an execution role
 * uses — GetRole, CreateRole, AttachRolePolicy, ListAttachedRolePolicies — the way IAM does for
 * `@aws-sdk/client-iam`: the AWS Query protocol (a form-encoded POST to `/` carrying
 * `Action=…&Version=2010-05-08`), answers as `<XResponse><XResult>…</XResult>` XML, policy
 * documents URL-encoded inside it, errors as `<ErrorResponse><Error><Type/><Code/><Message/>` with
 * IAM's status codes. It records every request with its decoded parameters and the SigV4 scope it
 * was signed for, and can deny actions (403 AccessDenied) to play a user without IAM rights.
 */

export interface IamRequest {
  action: string;
  /** The form parameters, decoded (`Tags.member.1.Key` and so on stay flat). */
  params: Record<string, string>;
  status: number;
  accessKeyId?: string;
  /** The service and region of the SigV4 credential scope (IAM signs as `iam`). */
  signingService?: string;
  signingRegion?: string;
}

export interface StoredRole {
  name: string;
  id: string;
  arn: string;
  path: string;
  created: Date;
  /** The trust policy as JSON text (answered URL-encoded, as IAM does). */
  trustPolicy: string;
  description?: string;
  tags: Record<string, string>;
  attached: Set<string>;
}

export interface IamContractServerOptions {
  /** `aws` by default; `aws-cn` etc. change every ARN (and which managed policy ARNs exist). */
  partition?: string;
  accountId?: string;
}

export interface IamContractServer {
  endpoint: string;
  partition: string;
  accountId: string;
  roles: Map<string, StoredRole>;
  requests: IamRequest[];
  /** Actions of the recorded requests, in order. */
  actions(): string[];
  /** Every later request of `action` (e.g. `CreateRole`) fails with 403 AccessDenied. */
  deny(action: string): void;
  /** A role made elsewhere (console, another tool). */
  addRole(role: { name: string; trustPolicy: unknown; tags?: Record<string, string>; attached?: string[] }): StoredRole;
  close(): Promise<void>;
}

const namespace = 'https://iam.amazonaws.com/doc/2010-05-08/';
const roleNamePattern = /^[\w+=,.@-]{1,64}$/;
const tagKeyPattern = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u;

class IamError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export async function startIamContractServer(options: IamContractServerOptions = {}): Promise<IamContractServer> {
  const partition = options.partition ?? 'aws';
  const accountId = options.accountId ?? '123456789012';
  const roles = new Map<string, StoredRole>();
  const requests: IamRequest[] = [];
  const denied = new Set<string>();
  const sockets = new Set<Socket>();
  // The AWS managed policies this IAM knows; attaching any other `arn:…:iam::aws:policy/…` fails as on IAM.
  const managedPolicies = new Set([`arn:${partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole`, `arn:${partition}:iam::aws:policy/ReadOnlyAccess`]);

  const server: Server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const params = Object.fromEntries(new URLSearchParams(body));
      const record: IamRequest = { action: params.Action ?? '', params, status: 0 };
      const scope = /Credential=([^/]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(req.headers.authorization ?? '');
      if (scope) Object.assign(record, { accessKeyId: scope[1], signingRegion: scope[2], signingService: scope[3] });
      requests.push(record);
      try {
        if (req.method !== 'POST' || new URL(req.url ?? '/', 'http://x').pathname !== '/') throw new IamError(404, 'InvalidAction', `${req.method} ${req.url} is not an IAM request`);
        if (!String(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) throw new IamError(400, 'InvalidParameterValue', 'IAM requests are form-encoded');
        if (!scope) throw new IamError(403, 'MissingAuthenticationToken', 'Request is missing Authentication Token');
        if (params.Version !== '2010-05-08') throw new IamError(400, 'InvalidParameterValue', `Version ${params.Version} is not 2010-05-08`);
        if (denied.has(record.action)) {
          throw new IamError(
            403,
            'AccessDenied',
            `User: arn:${partition}:iam::${accountId}:user/developer is not authorized to perform: iam:${record.action} on resource: ${roleArn(params.RoleName ?? '*')} because no identity-based policy allows the iam:${record.action} action`,
          );
        }
        send(res, record, 200, record.action, handle(record.action, params));
      } catch (error) {
        const failure = error instanceof IamError ? error : new IamError(500, 'ServiceFailure', String(error));
        sendError(res, record, failure);
      }
    })();
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  function roleArn(name: string, path = '/'): string {
    return `arn:${partition}:iam::${accountId}:role${path}${name}`;
  }

  function existingRole(name: string | undefined): StoredRole {
    const role = roles.get(name ?? '');
    if (!role) throw new IamError(404, 'NoSuchEntity', `The role with name ${name} cannot be found.`);
    return role;
  }

  function handle(action: string, params: Record<string, string>): string {
    switch (action) {
      case 'GetRole':
        return `<Role>${roleXml(existingRole(params.RoleName))}</Role>`;
      case 'CreateRole': {
        const name = params.RoleName ?? '';
        if (!roleNamePattern.test(name)) throw new IamError(400, 'ValidationError', `1 validation error detected: Value '${name}' at 'roleName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+`);
        if (roles.has(name)) throw new IamError(409, 'EntityAlreadyExists', `Role with name ${name} already exists.`);
        const trustPolicy = params.AssumeRolePolicyDocument ?? '';
        checkPolicy(trustPolicy);
        const tags = tagsOf(params);
        const path = params.Path ?? '/';
        const role: StoredRole = { name, id: roleId(), arn: roleArn(name, path), path, created: new Date(), trustPolicy, tags, attached: new Set(), ...(params.Description ? { description: params.Description } : {}) };
        roles.set(name, role);
        return `<Role>${roleXml(role)}</Role>`;
      }
      case 'AttachRolePolicy': {
        const role = existingRole(params.RoleName);
        const policy = params.PolicyArn ?? '';
        if (!/^arn:[\w-]+:iam::(aws|\d{12}):policy\/.+/.test(policy)) throw new IamError(400, 'InvalidInput', `ARN ${policy} is not valid.`);
        if (!managedPolicies.has(policy)) throw new IamError(404, 'NoSuchEntity', `Policy ${policy} does not exist or is not attachable.`);
        role.attached.add(policy);
        return '';
      }
      case 'ListAttachedRolePolicies': {
        const role = existingRole(params.RoleName);
        const members = [...role.attached].map((arn) => `<member><PolicyArn>${xml(arn)}</PolicyArn><PolicyName>${xml(arn.split('/').pop() ?? '')}</PolicyName></member>`);
        return `<IsTruncated>false</IsTruncated><AttachedPolicies>${members.join('')}</AttachedPolicies>`;
      }
      default:
        throw new IamError(400, 'InvalidAction', `Could not find operation ${action} for version 2010-05-08`);
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    partition,
    accountId,
    roles,
    requests,
    actions: () => requests.map((r) => r.action),
    deny: (action) => void denied.add(action),
    addRole(spec) {
      const role: StoredRole = {
        name: spec.name,
        id: roleId(),
        arn: roleArn(spec.name),
        path: '/',
        created: new Date(),
        trustPolicy: JSON.stringify(spec.trustPolicy),
        tags: { ...spec.tags },
        attached: new Set(spec.attached ?? []),
      };
      roles.set(spec.name, role);
      return role;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** IAM refuses a trust policy that is not a JSON policy document (MalformedPolicyDocument). */
function checkPolicy(text: string): void {
  let policy: unknown;
  try {
    policy = JSON.parse(text);
  } catch {
    throw new IamError(400, 'MalformedPolicyDocument', 'This policy contains invalid Json');
  }
  const statements = (policy as { Statement?: unknown }).Statement;
  if (typeof policy !== 'object' || policy === null || !(Array.isArray(statements) || typeof statements === 'object')) {
    throw new IamError(400, 'MalformedPolicyDocument', 'Syntax errors in policy.');
  }
}

function tagsOf(params: Record<string, string>): Record<string, string> {
  const tags: Record<string, string> = {};
  for (let i = 1; params[`Tags.member.${i}.Key`] !== undefined; i++) {
    const key = params[`Tags.member.${i}.Key`];
    if (!tagKeyPattern.test(key)) throw new IamError(400, 'InvalidInput', `Tag key ${key} is not valid.`);
    tags[key] = params[`Tags.member.${i}.Value`] ?? '';
  }
  return tags;
}

function roleId(): string {
  return `AROA${randomBytes(8).toString('hex').toUpperCase()}`;
}

function roleXml(role: StoredRole): string {
  const tags = Object.entries(role.tags).map(([key, value]) => `<member><Key>${xml(key)}</Key><Value>${xml(value)}</Value></member>`);
  return [
    `<Path>${xml(role.path)}</Path>`,
    `<RoleName>${xml(role.name)}</RoleName>`,
    `<RoleId>${role.id}</RoleId>`,
    `<Arn>${xml(role.arn)}</Arn>`,
    `<CreateDate>${role.created.toISOString()}</CreateDate>`,
    // IAM answers policy documents URL-encoded (RFC 3986), inside the XML.
    `<AssumeRolePolicyDocument>${xml(encodeURIComponent(role.trustPolicy))}</AssumeRolePolicyDocument>`,
    role.description !== undefined ? `<Description>${xml(role.description)}</Description>` : '',
    '<MaxSessionDuration>3600</MaxSessionDuration>',
    tags.length ? `<Tags>${tags.join('')}</Tags>` : '',
  ].join('');
}

function xml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve(''));
  });
}

function send(res: ServerResponse, record: IamRequest, status: number, action: string, result: string): void {
  record.status = status;
  const requestId = randomUUID();
  const text = `<${action}Response xmlns="${namespace}">${result ? `<${action}Result>${result}</${action}Result>` : ''}<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`;
  res.writeHead(status, { 'content-type': 'text/xml', 'content-length': Buffer.byteLength(text), 'x-amzn-requestid': requestId });
  res.end(text);
}

function sendError(res: ServerResponse, record: IamRequest, error: IamError): void {
  record.status = error.status;
  const requestId = randomUUID();
  const text = `<ErrorResponse xmlns="${namespace}"><Error><Type>${error.status >= 500 ? 'Receiver' : 'Sender'}</Type><Code>${error.code}</Code><Message>${xml(error.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
  res.writeHead(error.status, { 'content-type': 'text/xml', 'content-length': Buffer.byteLength(text), 'x-amzn-requestid': requestId });
  res.end(text);
}

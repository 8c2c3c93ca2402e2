import { createHash, randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { FunctionUrlSpec } from '../project/functionSpec';
import { buildEventV2, type requestParts } from './apiEvents';
import type { ApiRoute } from './apiRoutes';

/**
 * The event a Lambda function URL sends: payload format 2.0, as an HTTP API's `$default` route
 * would send it, with the differences AWS documents and shows: `accountId` is `anonymous` unless
 * the URL uses AWS_IAM (then the owner's account, and `authorizer.iam` describes the caller), the
 * request id is a UUID, and there are never path parameters or stage variables.
 */

export interface FunctionUrlEventContext {
  functionName: string;
  authType: FunctionUrlSpec['authType'];
  /** The function owner's account (the emulator's). */
  accountId: string;
}

type RequestParts = ReturnType<typeof requestParts>;

/** The caller of an AWS_IAM URL, as `requestContext.authorizer.iam` describes it. */
export interface IamCaller {
  accessKey: string;
  accountId: string;
  callerId: string;
  cognitoIdentity: null;
  principalOrgId: string | null;
  userArn: string;
  userId: string;
}

export type FunctionUrlEvent = APIGatewayProxyEventV2 & { requestContext: { authorizer?: { iam: IamCaller } } };

const urlIdAlphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';

/**
 * A stable stand-in for the 32-character id AWS gives a URL (`<url-id>.lambda-url.<region>.on.aws`),
 * derived from the function's name so it survives restarts.
 */
export function functionUrlId(functionName: string): string {
  const digest = createHash('sha256').update(`function-url:${functionName}`).digest();
  let id = '';
  for (let i = 0; i < 32; i++) id += urlIdAlphabet[digest[i] % urlIdAlphabet.length];
  return id;
}

export function buildFunctionUrlEvent(req: IncomingMessage, parts: RequestParts, ctx: FunctionUrlEventContext): FunctionUrlEvent {
  // A function URL has no routes: every request is its `$default` route.
  const route: ApiRoute = { functionName: ctx.functionName, kind: 'httpApi', method: 'ANY', path: '$default', routeKey: '$default', segments: [] };
  const iam = ctx.authType === 'AWS_IAM';
  const event: FunctionUrlEvent = buildEventV2(req, parts, { route }, { accountId: iam ? ctx.accountId : 'anonymous', apiId: functionUrlId(ctx.functionName), restStage: '$default' });
  event.requestContext.requestId = randomUUID();
  if (iam) event.requestContext.authorizer = { iam: iamCaller(req, ctx.accountId) };
  return event;
}

/**
 * The caller an AWS_IAM URL describes. Locally no signature is checked, so the caller is a
 * placeholder user of the local account; the access key is the one the request was signed with,
 * when it was.
 */
function iamCaller(req: IncomingMessage, accountId: string): IamCaller {
  const userId = 'AIDALOCALCALLER000000';
  return {
    accessKey: signingAccessKey(req.headers.authorization) ?? 'AKIALOCALEMULATOR000',
    accountId,
    callerId: userId,
    cognitoIdentity: null,
    principalOrgId: null,
    userArn: `arn:aws:iam::${accountId}:user/local`,
    userId,
  };
}

/** `AWS4-HMAC-SHA256 Credential=AKIA…/20240101/us-east-1/lambda/aws4_request, …` → `AKIA…`. */
export function signingAccessKey(authorization: string | undefined): string | undefined {
  return authorization ? /Credential=([^/,\s]+)\//.exec(authorization)?.[1] : undefined;
}

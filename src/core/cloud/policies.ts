import { randomUUID } from 'node:crypto';
import { CloudError, functionNotFound, invalidParameter } from './cloudErrors';
import { functionArn, type CloudIdentity } from './configuration';
import { resourceNotFound } from './functionUrlConfigs';
import type { FunctionRecord, PolicyRecord, PolicyStatement } from './model';
import { optionalBoolean, optionalString, type JsonObject } from './validate';

/**
 * Resource-based policies (AddPermission, GetPolicy, RemovePermission): one per qualifier (the
 * function itself, a version or an alias), statements in IAM's JSON shape as Lambda writes them.
 * Stored and shown, never enforced: the local cloud checks no credentials. These functions check
 * and change a record; the caller saves it.
 */

const STATEMENT_ID = /^[a-zA-Z0-9_.-]{1,100}$/;
const ACTION = /^(lambda:[*]|lambda:[a-zA-Z]+|[*])$/;

/** The policy's key in `record.policies`: `''` for the function itself, else an existing version or alias. */
export function policyKey(identity: CloudIdentity, record: FunctionRecord, qualifier: string | undefined): string {
  if (qualifier === undefined || qualifier === '$LATEST') return '';
  const exists = /^\d+$/.test(qualifier) ? record.versions.some((v) => v.version === qualifier) : record.aliases.some((a) => a.name === qualifier);
  if (!exists) throw functionNotFound(functionArn(identity, record.name, qualifier));
  return qualifier;
}

export function addPermission(identity: CloudIdentity, record: FunctionRecord, qualifier: string | undefined, input: JsonObject): PolicyStatement {
  if (qualifier === '$LATEST') throw invalidParameter('We currently do not support adding policies for $LATEST.');
  const sid = required(input, 'StatementId', 'statementId', STATEMENT_ID, '([a-zA-Z0-9-_.]+)');
  const action = required(input, 'Action', 'action', ACTION, '(lambda:[*]|lambda:[a-zA-Z]+|[*])');
  const principal = required(input, 'Principal', 'principal', /^\S+$/, '[^\\s]+');
  const authType = optionalString(input, 'FunctionUrlAuthType', 'functionUrlAuthType');
  if (authType !== undefined && authType !== 'NONE' && authType !== 'AWS_IAM') {
    throw invalidParameter(`1 validation error detected: Value '${authType}' at 'functionUrlAuthType' failed to satisfy constraint: Member must satisfy enum value set: [AWS_IAM, NONE]`);
  }
  const key = policyKey(identity, record, qualifier);
  const policy = record.policies?.[key];
  checkRevision(policy, optionalString(input, 'RevisionId', 'revisionId'));
  if (policy?.statements.some((s) => s.Sid === sid)) {
    throw new CloudError('ResourceConflictException', `The statement id (${sid}) provided already exists. Please provide a new statement id, or remove the existing statement.`);
  }
  const condition: NonNullable<PolicyStatement['Condition']> = {};
  const add = (operator: string, key: string, value: string | undefined): void => {
    if (value !== undefined) condition[operator] = { ...condition[operator], [key]: value };
  };
  add('StringEquals', 'AWS:SourceAccount', optionalString(input, 'SourceAccount', 'sourceAccount'));
  add('StringEquals', 'aws:PrincipalOrgID', optionalString(input, 'PrincipalOrgID', 'principalOrgID'));
  add('StringEquals', 'lambda:EventSourceToken', optionalString(input, 'EventSourceToken', 'eventSourceToken'));
  add('StringEquals', 'lambda:FunctionUrlAuthType', authType);
  add('ArnLike', 'AWS:SourceArn', optionalString(input, 'SourceArn', 'sourceArn'));
  if (optionalBoolean(input, 'InvokedViaFunctionUrl', 'invokedViaFunctionUrl')) add('Bool', 'lambda:InvokedViaFunctionUrl', 'true');
  const statement: PolicyStatement = {
    Sid: sid,
    Effect: 'Allow',
    Principal: principalOf(principal),
    Action: action,
    Resource: functionArn(identity, record.name, key || undefined),
    ...(Object.keys(condition).length ? { Condition: condition } : {}),
  };
  record.policies = { ...record.policies, [key]: { revisionId: randomUUID(), statements: [...(policy?.statements ?? []), statement] } };
  return statement;
}

export function removePermission(identity: CloudIdentity, record: FunctionRecord, qualifier: string | undefined, sid: string, revisionId: string | undefined): void {
  const key = policyKey(identity, record, qualifier);
  const policy = record.policies?.[key];
  if (!policy) throw new CloudError('ResourceNotFoundException', 'No policy is associated with the given resource.');
  checkRevision(policy, revisionId);
  if (!policy.statements.some((s) => s.Sid === sid)) throw new CloudError('ResourceNotFoundException', `Statement ${sid} is not found in resource policy.`);
  const statements = policy.statements.filter((s) => s.Sid !== sid);
  const policies = { ...record.policies };
  if (statements.length) policies[key] = { revisionId: randomUUID(), statements };
  else delete policies[key];
  record.policies = policies;
}

/** GetPolicy's answer: the document as a JSON string, and its revision. */
export function policyOutput(identity: CloudIdentity, record: FunctionRecord, qualifier: string | undefined): { Policy: string; RevisionId: string } {
  const policy = record.policies?.[policyKey(identity, record, qualifier)];
  if (!policy) throw resourceNotFound();
  return { Policy: JSON.stringify({ Version: '2012-10-17', Id: 'default', Statement: policy.statements }), RevisionId: policy.revisionId };
}

/** A version or alias that goes takes its policy with it. */
export function dropPolicy(record: FunctionRecord, qualifier: string): void {
  if (!record.policies?.[qualifier]) return;
  const policies = { ...record.policies };
  delete policies[qualifier];
  record.policies = policies;
}

/** Lambda writes `*` as is, an account as its root ARN, a service as `Service`, any other ARN as `AWS`. */
function principalOf(principal: string): PolicyStatement['Principal'] {
  if (principal === '*') return '*';
  if (/^\d{12}$/.test(principal)) return { AWS: `arn:aws:iam::${principal}:root` };
  if (principal.startsWith('arn:')) return { AWS: principal };
  return principal.includes('.') ? { Service: principal } : { AWS: principal };
}

function checkRevision(policy: PolicyRecord | undefined, revisionId: string | undefined): void {
  if (revisionId !== undefined && revisionId !== policy?.revisionId) {
    throw new CloudError('PreconditionFailedException', 'The Revision Id provided does not match the latest Revision Id. Call the GetPolicy API to retrieve the latest Revision Id');
  }
}

function required(input: JsonObject, key: string, member: string, pattern: RegExp, rule: string): string {
  const value = optionalString(input, key, member);
  if (value === undefined) throw invalidParameter(`1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`);
  if (!pattern.test(value)) throw invalidParameter(`1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: Member must satisfy regular expression pattern: ${rule}`);
  return value;
}

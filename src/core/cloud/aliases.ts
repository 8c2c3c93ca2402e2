import { randomUUID } from 'node:crypto';
import { CloudError, invalidParameter, revisionMismatch } from './cloudErrors';
import { functionArn, type CloudIdentity } from './configuration';
import type { AliasRecord, FunctionRecord } from './model';
import { ALIAS_NAME, optionalString, type JsonObject } from './validate';

/**
 * Aliases: named pointers to `$LATEST` or a published version, optionally splitting traffic
 * with one additional version (`RoutingConfig.AdditionalVersionWeights`). These functions check
 * and change a record; the caller saves it.
 */

export function findAlias(identity: CloudIdentity, record: FunctionRecord, name: string): AliasRecord {
  const alias = record.aliases.find((a) => a.name === name);
  if (!alias) throw new CloudError('ResourceNotFoundException', `Cannot find alias arn: ${functionArn(identity, record.name, name)}`);
  return alias;
}

export function createAlias(identity: CloudIdentity, record: FunctionRecord, input: JsonObject): AliasRecord {
  const name = optionalString(input, 'Name', 'name', 128);
  if (name === undefined) throw invalidParameter("1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null");
  if (!ALIAS_NAME.test(name)) {
    throw invalidParameter(`1 validation error detected: Value '${name}' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: (?!^[0-9]+$)([a-zA-Z0-9-_]+)`);
  }
  const functionVersion = requiredVersion(identity, record, input);
  if (record.aliases.some((a) => a.name === name)) {
    throw new CloudError('ResourceConflictException', `Alias already exists: ${functionArn(identity, record.name, name)}`);
  }
  const alias: AliasRecord = {
    name,
    functionVersion,
    description: optionalString(input, 'Description', 'description', 256) ?? '',
    revisionId: randomUUID(),
  };
  const weights = routingWeights(identity, record, input, functionVersion);
  if (weights) alias.additionalVersionWeights = weights;
  record.aliases.push(alias);
  return alias;
}

export function updateAlias(identity: CloudIdentity, record: FunctionRecord, name: string, input: JsonObject): AliasRecord {
  const alias = findAlias(identity, record, name);
  const revisionId = optionalString(input, 'RevisionId', 'revisionId');
  if (revisionId !== undefined && revisionId !== alias.revisionId) throw revisionMismatch('GetAlias');
  const functionVersion = input.FunctionVersion === undefined ? alias.functionVersion : requiredVersion(identity, record, input);
  const weights = input.RoutingConfig === undefined ? alias.additionalVersionWeights : routingWeights(identity, record, input, functionVersion);
  alias.functionVersion = functionVersion;
  alias.description = optionalString(input, 'Description', 'description', 256) ?? alias.description;
  if (weights && Object.keys(weights).length) alias.additionalVersionWeights = weights;
  else delete alias.additionalVersionWeights;
  alias.revisionId = randomUUID();
  return alias;
}

export function deleteAlias(identity: CloudIdentity, record: FunctionRecord, name: string): void {
  const alias = findAlias(identity, record, name);
  record.aliases = record.aliases.filter((a) => a !== alias);
}

/** The version an invoke through `alias` runs: the primary one, or the additional one by its weight. */
export function routeAlias(alias: AliasRecord, random: () => number = Math.random): string {
  let roll = random();
  for (const [version, weight] of Object.entries(alias.additionalVersionWeights ?? {})) {
    if (roll < weight) return version;
    roll -= weight;
  }
  return alias.functionVersion;
}

function requiredVersion(identity: CloudIdentity, record: FunctionRecord, input: JsonObject): string {
  const version = optionalString(input, 'FunctionVersion', 'functionVersion', 1024);
  if (version === undefined) throw invalidParameter("1 validation error detected: Value null at 'functionVersion' failed to satisfy constraint: Member must not be null");
  checkVersionExists(identity, record, version);
  return version;
}

function checkVersionExists(identity: CloudIdentity, record: FunctionRecord, version: string): void {
  if (version === '$LATEST' || record.versions.some((v) => v.version === version)) return;
  throw new CloudError('ResourceNotFoundException', `Function not found: ${functionArn(identity, record.name, version)}`);
}

function routingWeights(identity: CloudIdentity, record: FunctionRecord, input: JsonObject, primary: string): Record<string, number> | undefined {
  const routing = input.RoutingConfig;
  if (routing === undefined || routing === null) return undefined;
  const weights = (routing as { AdditionalVersionWeights?: unknown }).AdditionalVersionWeights;
  if (weights === undefined || weights === null) return undefined;
  if (typeof weights !== 'object' || Array.isArray(weights)) throw invalidParameter('RoutingConfig.AdditionalVersionWeights must be a map of version to weight.');
  const entries = Object.entries(weights as Record<string, unknown>);
  if (entries.length > 1) throw invalidParameter('Number of items in AdditionalVersionWeights cannot be greater than 1');
  const out: Record<string, number> = {};
  for (const [version, weight] of entries) {
    if (typeof weight !== 'number' || !(weight >= 0 && weight <= 1)) throw invalidParameter(`Invalid weight ${String(weight)} for version ${version}: it must be between 0.0 and 1.0.`);
    if (version === '$LATEST' || primary === '$LATEST') throw invalidParameter('$LATEST is not supported for an alias pointing to more than 1 version');
    if (version === primary) throw invalidParameter(`Version ${version} cannot be both the primary and the additional version of an alias.`);
    checkVersionExists(identity, record, version);
    out[version] = weight;
  }
  return out;
}

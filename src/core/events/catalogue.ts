/**
 * The event catalogue: look events up by name, and generate one from parameter values given as
 * strings (as they come from `--param key=value` or an input box), converted by parameter type.
 */
import { UserError } from '../errors';
import { awsEvents } from './aws';
import { azureEvents } from './azure';
import { gcpEvents } from './gcp';
import type { EventDefinition, EventParameter, EventProvider } from './types';
import { eventProviders, GeneratedDefault } from './types';

export const allEvents: readonly EventDefinition[] = [...awsEvents, ...azureEvents, ...gcpEvents];

export function listEvents(provider?: string): EventDefinition[] {
  if (provider === undefined) return [...allEvents];
  if (!(eventProviders as readonly string[]).includes(provider)) {
    throw new UserError(`unknown provider "${provider}"; valid providers: ${eventProviders.join(', ')}`);
  }
  return allEvents.filter((event) => event.provider === (provider as EventProvider));
}

/** By full name (`aws:sqs`), or by the part after the colon when only one provider has it (`sqs`). */
export function findEvent(name: string): EventDefinition | undefined {
  const exact = allEvents.find((event) => event.name === name);
  if (exact) return exact;
  if (name.includes(':')) return undefined;
  const suffixed = allEvents.filter((event) => event.name.endsWith(`:${name}`));
  return suffixed.length === 1 ? suffixed[0] : undefined;
}

export function getEvent(name: string): EventDefinition {
  const event = findEvent(name);
  if (event) return event;
  // Narrow the list to the provider the name starts with, when it names one.
  const provider = name.split(':')[0];
  const candidates = name.includes(':') && (eventProviders as readonly string[]).includes(provider) ? listEvents(provider) : allEvents;
  throw new UserError(`unknown event "${name}"; valid events: ${candidates.map((e) => e.name).join(', ')}`);
}

/** How a default shows in listings: the value, or what a generated one is ("a fresh UUID"). */
export function describeDefault(parameter: EventParameter): string {
  const value = parameter.default;
  if (value instanceof GeneratedDefault) return `<${value.describe}>`;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

const truthy = ['true', 'yes', '1', 'on'];
const falsy = ['false', 'no', '0', 'off'];

export function convertParam(event: EventDefinition, parameter: EventParameter, raw: string): unknown {
  const where = `parameter "${parameter.name}" of ${event.name}`;
  switch (parameter.type) {
    case 'string':
      return raw;
    case 'number': {
      const value = Number(raw);
      if (raw.trim() === '' || !Number.isFinite(value)) throw new UserError(`${where} must be a number, got "${raw}"`);
      return value;
    }
    case 'boolean': {
      const lower = raw.trim().toLowerCase();
      if (truthy.includes(lower)) return true;
      if (falsy.includes(lower)) return false;
      throw new UserError(`${where} must be true or false, got "${raw}"`);
    }
    case 'json':
      try {
        return JSON.parse(raw) as unknown;
      } catch (error) {
        throw new UserError(`${where} must be JSON: ${error instanceof Error ? error.message : String(error)}`);
      }
  }
}

/** Every parameter's value: converted from `given`, else its default (fresh when generated). */
export function resolveParams(event: EventDefinition, given: Record<string, string>): Record<string, unknown> {
  const known = new Set(event.parameters.map((p) => p.name));
  const unknown = Object.keys(given).filter((name) => !known.has(name));
  if (unknown.length) {
    const list = event.parameters.map((p) => p.name).join(', ') || '(none)';
    throw new UserError(`unknown parameter${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => `"${n}"`).join(', ')} for ${event.name}; valid parameters: ${list}`);
  }
  const values: Record<string, unknown> = {};
  for (const parameter of event.parameters) {
    if (Object.prototype.hasOwnProperty.call(given, parameter.name)) values[parameter.name] = convertParam(event, parameter, given[parameter.name]);
    else if (parameter.default instanceof GeneratedDefault) values[parameter.name] = parameter.default.make();
    // A copy, so a generator can never change the catalogue's default objects.
    else values[parameter.name] = structuredClone(parameter.default);
  }
  return values;
}

export function generateEvent(name: string, params: Record<string, string> = {}): unknown {
  const event = getEvent(name);
  return event.generate(resolveParams(event, params));
}

/** `["bucket=photos", "key=a=b.jpg"]` → `{ bucket: 'photos', key: 'a=b.jpg' }` (split at the first `=`). */
export function parseParamAssignments(assignments: string[]): Record<string, string> {
  const params: Record<string, string> = {};
  for (const assignment of assignments) {
    const index = assignment.indexOf('=');
    if (index <= 0) throw new UserError(`--param must be key=value, got "${assignment}"`);
    params[assignment.slice(0, index)] = assignment.slice(index + 1);
  }
  return params;
}

import type { EventDefinition } from '../../core/events';
import type { FunctionSpec } from '../../core/project/functionSpec';
import { emptyEventName } from './eventResolution';

/**
 * Names of saved events as the editor proposes and checks them, and which catalogue entries fit
 * a function's declared triggers. No `vscode` here: unit-tested under plain Node.
 */

/** The input box's check: undefined when `value` can be a new saved event's name. */
export function validateEventName(value: string, existing: ReadonlySet<string>): string | undefined {
  const name = value.trim();
  if (name === '') return 'Enter a name for the event';
  if (/[/\\]/.test(name) || name.includes('..') || name.includes('\0')) return 'A name must not contain path separators or ".."';
  if (name === emptyEventName) return `"${emptyEventName}" stands for the empty event; choose another name`;
  if (existing.has(name.replace(/\.json$/i, ''))) return `An event named "${name}" already exists; choose another name`;
  return undefined;
}

/** `base`, else `base-2`, `base-3`, … — the first not in `existing`. */
export function uniqueEventName(base: string, existing: ReadonlySet<string>): string {
  if (!existing.has(base)) return base;
  for (let n = 2; ; n++) if (!existing.has(`${base}-${n}`)) return `${base}-${n}`;
}

/** The name a catalogue entry is saved under by default: `aws:s3-put` → `s3-put`. */
export function defaultEventName(entry: Pick<EventDefinition, 'name'>): string {
  return entry.name.slice(entry.name.indexOf(':') + 1);
}

/** A function's trigger type (discovery's vocabulary, shared by SAM and serverless.yml) → catalogue entries. */
const catalogueByTrigger: Record<string, string[]> = {
  httpApi: ['aws:apigateway-v2'],
  http: ['aws:apigateway-v1'],
  alb: ['aws:alb'],
  s3: ['aws:s3-put', 'aws:s3-delete'],
  sqs: ['aws:sqs', 'aws:sqs-batch'],
  sns: ['aws:sns'],
  schedule: ['aws:eventbridge-scheduled'],
  eventBridge: ['aws:eventbridge'],
  dynamodb: ['aws:dynamodb-insert', 'aws:dynamodb-modify', 'aws:dynamodb-remove'],
  stream: ['aws:dynamodb-insert', 'aws:kinesis'],
  kinesis: ['aws:kinesis'],
  cloudwatchLog: ['aws:cloudwatch-logs'],
  iot: ['aws:iot'],
  cognitoUserPool: ['aws:cognito-pre-signup', 'aws:cognito-post-confirmation'],
  msk: ['aws:msk'],
  kafka: ['aws:kafka'],
};

/** Catalogue entry names that match the function's declared events, in declaration order. */
export function suggestedCatalogueEvents(spec: Pick<FunctionSpec, 'events'>): string[] {
  return [...new Set(spec.events.flatMap((event) => catalogueByTrigger[event.type] ?? []))];
}

/** Catalogue entries with the suggested ones first (each list keeps the catalogue's order). */
export function orderCatalogue<T extends Pick<EventDefinition, 'name'>>(entries: readonly T[], suggested: readonly string[]): { entry: T; suggested: boolean }[] {
  const wanted = new Set(suggested);
  const first = entries.filter((entry) => wanted.has(entry.name)).map((entry) => ({ entry, suggested: true }));
  const rest = entries.filter((entry) => !wanted.has(entry.name)).map((entry) => ({ entry, suggested: false }));
  return [...first, ...rest];
}

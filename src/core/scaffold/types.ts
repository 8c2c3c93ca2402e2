/**
 * The vocabulary of scaffolding: which runtimes and triggers a new function can be made with, and
 * what one trigger template provides for each language.
 */

export type ScaffoldLanguage = 'typescript' | 'javascript' | 'python';

/** The runtime choices: a Lambda runtime plus the language its code is written in. */
export const scaffoldRuntimeIds = ['nodejs20.x-ts', 'nodejs20.x', 'python3.12', 'python3.11'] as const;
export type ScaffoldRuntimeId = (typeof scaffoldRuntimeIds)[number];

export const scaffoldTriggerIds = ['http', 's3', 'sqs', 'schedule', 'dynamodb'] as const;
export type ScaffoldTriggerId = (typeof scaffoldTriggerIds)[number];

/** Providers a template may one day be written for; only `aws` has templates today. */
export const scaffoldProviderIds = ['aws', 'azure', 'gcp'] as const;
export type ScaffoldProviderId = (typeof scaffoldProviderIds)[number];

export interface ScaffoldRuntime {
  id: ScaffoldRuntimeId;
  /** The Lambda runtime written into the manifest or template. */
  lambdaRuntime: string;
  language: ScaffoldLanguage;
  label: string;
  description: string;
}

/** The two files of a function's code for one language: the handler and its unit test. */
export interface LanguageCode {
  handler: string;
  test: string;
}

/** A value written with a CloudFormation short-form tag (`!Ref X`, `!GetAtt X.Arn`). */
export interface TaggedValue {
  tag: '!Ref' | '!GetAtt' | '!Sub';
  value: string;
}

export type TemplateValue = string | number | boolean | TaggedValue | TemplateValue[] | { [key: string]: TemplateValue };

/** What a trigger adds to a SAM template: the function's event, plus the resources it listens to. */
export interface SamTrigger {
  /** The key under the function's `Events`. */
  eventName: string;
  event: { Type: string; Properties: { [key: string]: TemplateValue } };
  /** Extra resources by logical ID (e.g. the queue an SQS trigger reads). */
  resources: Record<string, { [key: string]: TemplateValue }>;
}

export interface TriggerTemplate {
  id: ScaffoldTriggerId;
  label: string;
  description: string;
  /** The catalogue event (`src/core/events`) the sample event is generated from, with its parameters. */
  sampleEvent(name: string): { catalogueName: string; params: Record<string, string> };
  /** The manifest's `events` (HTTP routes are served locally; other sources are kept for the editor and deploy) and a description. */
  manifest(name: string): { description: string; events: ManifestEvent[] };
  sam(name: string): SamTrigger;
  code: Record<ScaffoldLanguage, (name: string) => LanguageCode>;
}

/** One runtime × trigger combination, as `listTemplates` returns it for pickers. */
export interface TemplateInfo {
  provider: 'aws';
  runtime: ScaffoldRuntimeId;
  runtimeLabel: string;
  lambdaRuntime: string;
  language: ScaffoldLanguage;
  trigger: ScaffoldTriggerId;
  triggerLabel: string;
  description: string;
}

export interface ScaffoldOptions {
  /** The workspace folder: where `serverless-workbench.json` or `template.yaml`, `functions/` and `.events/` are. */
  root: string;
  name: string;
  provider: string;
  runtime: string;
  trigger: string;
  /** Replace files that already exist (never an existing function's declaration). */
  overwrite?: boolean;
}

export interface ScaffoldResult {
  /** Absolute paths of every file created or updated, the manifest or template last. */
  files: string[];
  functionName: string;
  handlerFile: string;
  eventFile: string;
  /** The manifest or SAM template the function was declared in. */
  manifestFile: string;
  manifestKind: 'manifest' | 'sam';
}

/** An event of serverless-workbench.json: `{ type: 'httpApi', method, path }` or another source with its settings. */
export type ManifestEvent = { type: string; [setting: string]: unknown };

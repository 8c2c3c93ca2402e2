import * as path from 'node:path';
import { evaluateWithPlaceholders, isRecord, scalarText } from './cfnIntrinsics';
import type { IntrinsicContext, JsonObject } from './cfnIntrinsics';

/**
 * Nested stacks of a template: `AWS::Serverless::Application` (`Location`) and
 * `AWS::CloudFormation::Stack` (`TemplateURL`). A local template path is followed, as `sam build`
 * and `sam local invoke` do, and its functions are named `<Application>/<Function>`; the
 * parameters the parent passes resolve in the parent.
 */

export const applicationTypes: Record<string, string> = {
  'AWS::Serverless::Application': 'Location',
  'AWS::CloudFormation::Stack': 'TemplateURL',
};

export interface NestedApplication {
  /** The application's logical ID: the prefix of its functions' names. */
  id: string;
  /** Absolute path of the child template. */
  templateFile: string;
  /** What the parent passes (`Parameters`), as text, as CloudFormation passes it. */
  parameters: Record<string, string>;
  /** The line of the template path in the parent template. */
  line?: number;
}

export type ApplicationRead =
  | { ok: true; application: NestedApplication; notes: { at: string[]; message: string }[] }
  | { ok: false; at: string[]; message: string };

export function readApplication(id: string, type: string, props: JsonObject, templateDir: string, ctx: IntrinsicContext): ApplicationRead {
  const key = applicationTypes[type]!;
  const location = props[key];
  if (isRecord(location) && 'ApplicationId' in location) {
    return { ok: false, at: [key], message: `${id} is an application of the Serverless Application Repository; its functions are not listed` };
  }
  const resolved = evaluateWithPlaceholders(location, ctx);
  const uri = resolved.ok ? scalarText(resolved.value) : undefined;
  if (uri === undefined || resolved.guesses.length > 0) {
    return { ok: false, at: [key], message: `${key} of nested application ${id} cannot be resolved locally; its functions are not listed` };
  }
  if (/^(https?|s3):\/\//i.test(uri)) {
    return { ok: false, at: [key], message: `${id} is a nested application at ${uri}, not a local template; its functions are not listed` };
  }
  const parameters: Record<string, string> = {};
  const notes: { at: string[]; message: string }[] = [];
  for (const [name, raw] of Object.entries(isRecord(props.Parameters) ? props.Parameters : {})) {
    const r = evaluateWithPlaceholders(raw, ctx);
    const text = r.ok ? (Array.isArray(r.value) ? r.value.map(scalarText).join(',') : scalarText(r.value)) : undefined;
    if (text === undefined) {
      notes.push({ at: ['Parameters', name], message: `parameter ${name} of nested application ${id} cannot be resolved locally (${r.ok ? 'not a string' : r.reason}); the child's Default is used` });
      continue;
    }
    parameters[name] = text;
    if (r.ok && r.guesses.length > 0) {
      notes.push({ at: ['Parameters', name], message: `parameter ${name} of nested application ${id}: ${r.guesses[0]}; it is "${text}" locally` });
    }
  }
  return { ok: true, application: { id, templateFile: path.resolve(templateDir, uri), parameters }, notes };
}

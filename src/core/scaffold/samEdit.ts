import { isMap, isScalar, parseDocument, Scalar, YAMLMap } from 'yaml';
import type { Document, Node, ToStringOptions } from 'yaml';
import { UserError } from '../errors';
import { isCloudFormationTemplate } from '../project/sam';
import type { TemplateValue } from './types';
import { emitMapping, isTagged } from './yamlEmit';
import type { YamlStyle } from './yamlEmit';

/**
 * Adds resources to an AWS SAM template while keeping the template as the user wrote it. In the
 * usual case (a block-style `Resources` mapping) the new resources are inserted as text after the
 * last resource, so every other byte — comments, quoting, short-form tags like `!Ref`, blank
 * lines — is unchanged. Otherwise (no or an empty `Resources`), `yaml`'s Document API adds them:
 * comments and tags survive, spacing may be normalised.
 */

export type TemplateResource = { [key: string]: TemplateValue };

export interface ParsedTemplate {
  /** Every resource logical ID (they are unique across a template, functions or not). */
  resourceIds: Set<string>;
}

/**
 * Reads a template for editing. Short-form tags are left unresolved on purpose (parsing them as
 * CloudFormation's long form would turn `!Ref X` into `Ref: X` when written back); `yaml` keeps an
 * unknown tag on its node and writes it out again.
 */
function parseForEdit(text: string, label: string): Document.Parsed {
  const doc = parseDocument(text, { keepSourceTokens: false });
  const error = doc.errors[0];
  if (error) {
    const line = error.linePos?.[0]?.line;
    throw new UserError(`cannot add the function to ${label}: YAML error${line ? ` at line ${line}` : ''}: ${error.message.split('\n')[0]}`);
  }
  return doc;
}

/** Undefined when the YAML is not a CloudFormation template (a `template.yaml` can be anything). */
export function parseTemplate(text: string, label: string): ParsedTemplate | undefined {
  const doc = parseForEdit(text, label);
  const value: unknown = doc.toJS({ maxAliasCount: 1000 });
  if (!isCloudFormationTemplate(value)) return undefined;
  const resources = (value as { Resources?: unknown }).Resources;
  const ids = resources && typeof resources === 'object' && !Array.isArray(resources) ? Object.keys(resources) : [];
  return { resourceIds: new Set(ids) };
}

/** `text` with `resources` added under `Resources`, in order. */
export function addSamResources(text: string, label: string, resources: Record<string, TemplateResource>): string {
  const doc = parseForEdit(text, label);
  const section = doc.get('Resources', true);
  const sequenceOffset = sequenceDashOffset(text);
  if (isMap(section) && !section.flow && section.items.length > 0 && section.range) {
    const inserted = insertAsText(text, section, resources, sequenceOffset);
    if (inserted !== undefined) return inserted;
  }
  return addWithDocument(doc, section, resources, { indentSeq: sequenceOffset === undefined || sequenceOffset > 0, lineWidth: 0 });
}

function insertAsText(text: string, section: YAMLMap, resources: Record<string, TemplateResource>, sequenceOffset: number | undefined): string | undefined {
  const firstKey = section.items[0].key as Node | null;
  if (!firstKey?.range) return undefined;
  const keyStart = firstKey.range[0];
  const column = keyStart - (text.lastIndexOf('\n', keyStart - 1) + 1);
  if (!/^ *$/.test(text.slice(keyStart - column, keyStart))) return undefined;
  const indent = nestedIndent(text, section) ?? (column || 2);
  const style: YamlStyle = { indent, sequenceOffset: sequenceOffset ?? indent };
  // A template whose resources are separated by blank lines gets its new ones separated too.
  const spaced = section.items.slice(1).some((pair) => (pair.key as Node | null)?.spaceBefore === true);
  const lines = Object.entries(resources).flatMap(([id, resource]) => [...(spaced ? [''] : []), ...emitMapping({ [id]: resource }, column, style)]);
  const at = section.range![1];
  const before = text.slice(0, at);
  const added = `${before.endsWith('\n') ? '' : '\n'}${lines.join('\n')}\n`;
  // Windows line endings stay Windows line endings.
  return `${before}${text.includes('\r\n') ? added.replace(/\n/g, '\r\n') : added}${text.slice(at)}`;
}

/** The indentation step inside the first resource (from its first nested key), when it has one. */
function nestedIndent(text: string, section: YAMLMap): number | undefined {
  const pair = section.items[0];
  const keyNode = pair.key as Node | null;
  if (!isMap(pair.value) || pair.value.flow || !keyNode?.range) return undefined;
  const nested = pair.value.items[0]?.key as Node | null | undefined;
  if (!nested?.range) return undefined;
  const column = (offset: number): number => offset - (text.lastIndexOf('\n', offset - 1) + 1);
  const step = column(nested.range[0]) - column(keyNode.range[0]);
  return step > 0 ? step : undefined;
}

function addWithDocument(doc: Document.Parsed, section: unknown, resources: Record<string, TemplateResource>, style: ToStringOptions): string {
  let map: YAMLMap;
  if (isMap(section)) {
    map = section;
    map.flow = false;
  } else {
    map = new YAMLMap();
    // `Resources:` with no value keeps any comment written on it.
    if (isScalar(section) && section.comment) map.comment = section.comment;
    doc.set('Resources', map);
  }
  for (const [id, resource] of Object.entries(resources)) map.set(id, toNode(resource));
  return doc.toString(style);
}

/** Template values as YAML nodes: tagged values become scalars carrying their short-form tag. */
function toNode(value: TemplateValue): unknown {
  if (Array.isArray(value)) return value.map(toNode);
  if (isTagged(value)) {
    const node = new Scalar(value.value);
    node.tag = value.tag;
    return node;
  }
  if (typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, toNode(item)]));
  return value;
}

/**
 * Where the template puts a sequence's dash relative to its key: 2 for `Key:\n  - item`, 0 for
 * `Key:\n- item`; judged from its first block sequence, undefined when it has none.
 */
function sequenceDashOffset(text: string): number | undefined {
  const match = /^( *)[^\s#-][^\n]*:[ \t]*(?:#[^\n]*)?\r?\n(?:[ \t]*(?:#[^\n]*)?\r?\n)*( *)- /m.exec(text);
  return match ? Math.max(0, match[2].length - match[1].length) : undefined;
}

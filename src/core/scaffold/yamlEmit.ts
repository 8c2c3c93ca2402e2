import { stringify } from 'yaml';
import type { TaggedValue, TemplateValue } from './types';

/**
 * Writes template values as block YAML in a given house style. `yaml`'s own stringifier ties a
 * sequence's dash position to the indent step, so a template that writes `Key:\n    - item` or
 * `Key:\n- item` with 4-space indentation could not be matched; scalars still go through `yaml`,
 * which knows when a string needs quotes.
 */
export interface YamlStyle {
  /** Spaces per nesting level of mappings. */
  indent: number;
  /** Where a sequence's `-` sits relative to its key (0: at the key's column). */
  sequenceOffset: number;
}

export function isTagged(value: unknown): value is TaggedValue {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 2 && 'tag' in value && typeof value.tag === 'string' && value.tag.startsWith('!') && 'value' in value;
}

function scalar(value: TemplateValue): string {
  if (isTagged(value)) return `${value.tag} ${scalar(value.value)}`;
  return stringify(value, { lineWidth: 0 }).trimEnd();
}

function isCollection(value: TemplateValue): value is TemplateValue[] | { [key: string]: TemplateValue } {
  return typeof value === 'object' && !isTagged(value) && (Array.isArray(value) ? value.length > 0 : Object.keys(value).length > 0);
}

/** The lines of a mapping whose keys start at column `column`. */
export function emitMapping(map: { [key: string]: TemplateValue }, column: number, style: YamlStyle): string[] {
  const pad = ' '.repeat(column);
  const lines: string[] = [];
  for (const [key, value] of Object.entries(map)) {
    const label = `${pad}${scalar(key)}:`;
    if (!isCollection(value)) lines.push(`${label} ${scalar(value)}`);
    else if (Array.isArray(value)) lines.push(label, ...emitSequence(value, column + style.sequenceOffset, style));
    else lines.push(label, ...emitMapping(value, column + style.indent, style));
  }
  return lines;
}

function emitSequence(items: TemplateValue[], column: number, style: YamlStyle): string[] {
  const dash = `${' '.repeat(column)}- `;
  return items.flatMap((item) => {
    if (!isCollection(item)) return [`${dash}${scalar(item)}`];
    if (Array.isArray(item)) throw new Error('nested sequences are not used in templates');
    // A mapping item starts on the dash's line; its other keys align under the first.
    const [first, ...rest] = emitMapping(item, column + 2, style);
    return [dash + first.trimStart(), ...rest];
  });
}

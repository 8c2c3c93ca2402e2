import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { Document, Node } from 'yaml';
import { cloudFormationTags } from './cloudFormationTags';
import type { ProjectDiagnostic } from './diagnostics';

/** A parsed YAML (or JSON) project file: its plain-JS value plus what is needed to point at lines in it. */
export interface YamlSource {
  file: string;
  value: unknown;
  /** 1-based line of the key at `path` (or of the item, for a sequence index); the deepest line found when the path stops early. */
  lineOf(path: readonly (string | number)[]): number | undefined;
}

export type YamlLoadResult = { ok: true; source: YamlSource } | { ok: false; diagnostic: ProjectDiagnostic };

/**
 * Parses YAML or JSON (JSON is read as YAML so errors carry lines the same way), with
 * CloudFormation's short-form tags. A syntax error yields one diagnostic: the first error, which
 * is the cause; later ones are usually its echoes.
 */
export function loadYamlSource(text: string, file: string): YamlLoadResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, customTags: cloudFormationTags, merge: true, prettyErrors: true });
  const error = doc.errors[0];
  if (error) {
    const pos = error.linePos?.[0];
    return {
      ok: false,
      diagnostic: {
        file,
        line: pos?.line,
        column: pos?.col,
        message: `YAML syntax error: ${shortYamlMessage(error.message)}`,
        severity: 'error',
      },
    };
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 1000 });
  } catch (e) {
    // toJS only throws on alias abuse (e.g. billion-laughs) or an undefined alias.
    return { ok: false, diagnostic: { file, message: `YAML error: ${(e as Error).message}`, severity: 'error' } };
  }
  return {
    ok: true,
    source: { file, value, lineOf: (path) => lineAt(doc, lineCounter, path) },
  };
}

/** `yaml`'s pretty messages end with " at line N, column M:" and a source excerpt; the diagnostic carries the position already. */
function shortYamlMessage(message: string): string {
  const first = message.split('\n')[0] ?? message;
  return first.replace(/ at line \d+, column \d+:?$/, '').trim();
}

function lineAt(doc: Document, lineCounter: LineCounter, path: readonly (string | number)[]): number | undefined {
  let node: unknown = doc.contents;
  let line = startLine(node, lineCounter);
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment));
      if (!pair) return line;
      line = startLine(pair.key, lineCounter) ?? line;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item: unknown = node.items[segment];
      if (item === undefined) return line;
      line = startLine(item, lineCounter) ?? line;
      node = item;
    } else {
      return line;
    }
  }
  return line;
}

function startLine(node: unknown, lineCounter: LineCounter): number | undefined {
  const range = (node as Node | null | undefined)?.range;
  return range ? lineCounter.linePos(range[0]).line : undefined;
}

import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

/**
 * Code written in the template (SAM `InlineCode`, CloudFormation `Code.ZipFile`) runs from a
 * folder of its own, as Lambda runs it: CloudFormation saves it as `index.js` (Node.js) or
 * `index.py` (Python). The folder is named after the code's hash, outside the workspace, so
 * discovery never writes into the project and an unchanged template reuses the same folder.
 */

export interface InlineCodeFile {
  /** The function's code folder. */
  dir: string;
  fileName: 'index.js' | 'index.py';
  text: string;
}

export function defaultInlineCodeRoot(): string {
  return path.join(tmpdir(), 'serverless-workbench', 'inline-code');
}

/** Where inline code of this runtime would live, or `undefined` for runtimes CloudFormation cannot take inline code for. */
export function inlineCodeFile(runtime: string, text: string, root: string): InlineCodeFile | undefined {
  const fileName = runtime.startsWith('nodejs') ? 'index.js' : runtime.startsWith('python') ? 'index.py' : undefined;
  if (!fileName) return undefined;
  const hash = createHash('sha256').update(`${fileName}\n${text}`).digest('hex').slice(0, 16);
  return { dir: path.join(root, hash), fileName, text };
}

/** Writes the files that are missing or differ; a write failure is returned, not thrown, so the rest of discovery goes on. */
export async function writeInlineCode(files: readonly InlineCodeFile[]): Promise<{ file: InlineCodeFile; error: string }[]> {
  const failures: { file: InlineCodeFile; error: string }[] = [];
  for (const file of files) {
    const target = path.join(file.dir, file.fileName);
    try {
      const current = await readFile(target, 'utf8').catch(() => undefined);
      if (current === file.text) continue;
      await mkdir(file.dir, { recursive: true });
      await writeFile(target, file.text);
    } catch (error) {
      failures.push({ file, error: (error as Error).message });
    }
  }
  return failures;
}

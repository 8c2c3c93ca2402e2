import { existsSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { UserError } from '../errors';

/** Source extensions tried for a Node handler's module, in order. */
export const nodeSourceExtensions = ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs'] as const;
export const nodeOutputExtensions = ['.js', '.mjs', '.cjs'] as const;

/**
 * Splits a Lambda handler string as the runtimes do: the module is everything up to the first dot
 * of the last path segment (`handlers/orders.create` → `handlers/orders`, export `create`).
 */
export function splitHandler(handler: string): { modulePath: string; exportName: string } {
  const slash = handler.lastIndexOf('/');
  const dot = handler.indexOf('.', slash + 1);
  if (dot <= slash + 1 || dot === handler.length - 1) {
    throw new UserError(`handler "${handler}" must look like <file>.<function>, e.g. index.handler`);
  }
  const modulePath = handler.slice(0, dot).replace(/^(\.\/)+/, '');
  if (path.posix.isAbsolute(modulePath) || modulePath.split('/').includes('..')) {
    throw new UserError(`handler "${handler}" must name a file inside the code folder`);
  }
  return { modulePath, exportName: handler.slice(dot + 1) };
}

/** Finds `<codeDir>/<module>.<ext>` for the first extension that exists. */
export function resolveHandlerFile(codeDir: string, handler: string, extensions: readonly string[] = nodeSourceExtensions): { file: string; modulePath: string; extension: string } {
  const { modulePath } = splitHandler(handler);
  for (const extension of extensions) {
    const file = path.join(codeDir, modulePath + extension);
    if (existsSync(file) && statSync(file).isFile()) return { file, modulePath, extension };
  }
  throw new UserError(`handler "${handler}": no ${modulePath}{${extensions.join(',')}} in ${codeDir}`);
}

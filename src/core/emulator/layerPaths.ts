import * as path from 'node:path';
import type { FunctionSpec } from '../project/functionSpec';

/**
 * Where a function's local layers put their files on the module search paths, as Lambda's
 * runtimes see them under `/opt`: Node.js looks in `/opt/nodejs/node<major>/node_modules` and
 * `/opt/nodejs/node_modules`, Python in `/opt/python/lib/python3.X/site-packages` and
 * `/opt/python`, executables in `/opt/bin`. Lambda extracts layers in order, a later one's files
 * over an earlier one's, so later layers come first here. Layers that are not local (an ARN, an
 * S3 object) have no folder and are left out (discovery warns about them).
 */
export interface LayerPaths {
  node: string[];
  python: string[];
  bin: string[];
}

export function layerPaths(spec: Pick<FunctionSpec, 'runtime' | 'layers'>): LayerPaths {
  const paths: LayerPaths = { node: [], python: [], bin: [] };
  const nodeMajor = /^nodejs(\d+)/.exec(spec.runtime)?.[1];
  const pythonVersion = /^python(\d+\.\d+)/.exec(spec.runtime)?.[1];
  for (const layer of [...(spec.layers ?? [])].reverse()) {
    if (!layer.contentDir) continue;
    const dir = layer.contentDir;
    const mount = layer.mountPath ?? '/opt';
    // The folder that appears as /opt/nodejs and /opt/python, when the layer has one.
    const nodeRoot = mount === '/opt/nodejs' ? dir : mount === '/opt' ? path.join(dir, 'nodejs') : undefined;
    const pythonRoot = mount === '/opt/python' ? dir : mount === '/opt' ? path.join(dir, 'python') : undefined;
    if (nodeRoot) {
      if (nodeMajor) paths.node.push(path.join(nodeRoot, `node${nodeMajor}`, 'node_modules'));
      paths.node.push(path.join(nodeRoot, 'node_modules'));
    }
    if (pythonRoot) {
      if (pythonVersion) paths.python.push(path.join(pythonRoot, 'lib', `python${pythonVersion}`, 'site-packages'));
      paths.python.push(pythonRoot);
    }
    if (mount === '/opt') paths.bin.push(path.join(dir, 'bin'));
  }
  return paths;
}

/** The local folders of a function's layers (watched like its code: an edit reloads it). */
export function layerFolders(spec: Pick<FunctionSpec, 'layers'>): string[] {
  return (spec.layers ?? []).flatMap((layer) => (layer.contentDir ? [layer.contentDir] : []));
}

import * as path from 'node:path';
import { evaluate, isIntrinsic, isRecord, shortForm } from './cfnIntrinsics';
import type { IntrinsicContext, JsonObject } from './cfnIntrinsics';
import type { FunctionLayerSpec } from './functionSpec';

/**
 * Layers of a template (`AWS::Serverless::LayerVersion` with `ContentUri`, `AWS::Lambda::LayerVersion`
 * with `Content`) and a function's `Layers` list resolved against them: `!Ref MyLayer` becomes the
 * layer's local folder and where Lambda would mount it; an ARN stays a name with no local content.
 */

const layerTypes = new Set(['AWS::Serverless::LayerVersion', 'AWS::Lambda::LayerVersion']);

export interface TemplateLayer {
  contentDir?: string;
  mountPath?: FunctionLayerSpec['mountPath'];
  /** Why the layer's content is not local, or how it may differ from what Lambda gets. */
  note?: string;
}

/** The layers declared in `resources`, by logical ID. */
export function templateLayers(resources: JsonObject, templateDir: string, ctx: IntrinsicContext): Map<string, TemplateLayer> {
  const layers = new Map<string, TemplateLayer>();
  for (const [id, resource] of Object.entries(resources)) {
    if (!isRecord(resource) || typeof resource.Type !== 'string' || !layerTypes.has(resource.Type)) continue;
    const props = isRecord(resource.Properties) ? resource.Properties : {};
    const raw = resource.Type === 'AWS::Serverless::LayerVersion' ? props.ContentUri : props.Content;
    const metadata = isRecord(resource.Metadata) ? resource.Metadata : {};
    layers.set(id, layerContent(raw, templateDir, ctx, metadata.BuildMethod));
  }
  return layers;
}

function layerContent(raw: unknown, templateDir: string, ctx: IntrinsicContext, buildMethod: unknown): TemplateLayer {
  const r = isIntrinsic(raw) ? evaluate(raw, ctx) : { ok: true as const, value: raw };
  if (!r.ok) return { note: `its content cannot be resolved locally: ${r.reason}` };
  const uri = r.value;
  if (typeof uri !== 'string' || /^s3:\/\//i.test(uri)) {
    return { note: `its content is ${typeof uri === 'string' ? uri : 'an S3 object'}, not a local folder` };
  }
  const contentDir = path.resolve(templateDir, uri);
  const method = typeof buildMethod === 'string' ? buildMethod : undefined;
  // `sam build` puts a built layer's sources (and installed packages) under nodejs/ or python/.
  if (method?.startsWith('nodejs')) return { contentDir, mountPath: '/opt/nodejs' };
  if (method?.startsWith('python')) return { contentDir, mountPath: '/opt/python' };
  if (method === 'makefile') return { contentDir, mountPath: '/opt', note: 'it is built by its Makefile; its folder is used as it is, unbuilt' };
  return { contentDir, mountPath: '/opt' };
}

export interface FunctionLayers {
  layers: FunctionLayerSpec[];
  /** Per item of `Layers` (its index), what a local run will miss. */
  problems: { index: number; message: string }[];
}

export function functionLayers(raw: unknown, declared: Map<string, TemplateLayer>, ctx: IntrinsicContext): FunctionLayers {
  const result: FunctionLayers = { layers: [], problems: [] };
  if (!Array.isArray(raw)) {
    if (raw !== undefined) result.problems.push({ index: -1, message: 'Layers must be a list of layer ARNs or !Ref of layers' });
    return result;
  }
  raw.forEach((item, index) => {
    const id = isRecord(item) && typeof item.Ref === 'string' && Object.keys(item).length === 1 ? item.Ref : undefined;
    const layer = id === undefined ? undefined : declared.get(id);
    if (id !== undefined && layer) {
      result.layers.push({ name: id, ...(layer.contentDir ? { contentDir: layer.contentDir } : {}), ...(layer.mountPath ? { mountPath: layer.mountPath } : {}) });
      if (layer.note) result.problems.push({ index, message: `layer ${id}: ${layer.note}` });
      return;
    }
    const r = evaluate(item, ctx);
    if (r.ok && typeof r.value === 'string') {
      result.layers.push({ name: r.value });
      result.problems.push({ index, message: `layer ${r.value} is not in this template; modules from it are not available locally` });
      return;
    }
    result.problems.push({ index, message: `layer ${shortForm(item)} cannot be resolved locally${r.ok ? '' : `: ${r.reason}`}` });
  });
  return result;
}

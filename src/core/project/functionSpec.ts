/**
 * `FunctionSpec` is what project discovery yields for one function, whatever declared it
 * (serverless-workbench.json, an AWS SAM template, serverless.yml). Everything downstream —
 * emulator, packaging, providers, the editor — works from it.
 */
export interface FunctionSpec {
  /** The function's name in the workspace: manifest key, SAM logical ID, or serverless.yml key. */
  name: string;
  provider: 'aws' | 'azure' | 'gcp';
  /** Lambda runtime identifier, e.g. `nodejs20.x`, `python3.12`, `provided.al2023`. */
  runtime: string;
  /** Absolute path of the code folder (Lambda's task root). */
  codeDir: string;
  /** Lambda's handler string, e.g. `index.handler`, `handlers/orders.create`, `app.lambda_handler`. */
  handler: string;
  /** Seconds, 1–900 (Lambda's default 3). */
  timeout: number;
  /** MB, 128–10240 (Lambda's default 128). */
  memorySize: number;
  environment: Record<string, string>;
  events: FunctionEventSpec[];
  /** The deployed name when declared (SAM `FunctionName`, manifest `functionName`). */
  functionName?: string;
  description?: string;
  architectures?: ('x86_64' | 'arm64')[];
  /** Lambda's log format option: `Text` (default) or `JSON`. */
  logFormat?: 'Text' | 'JSON';
  /**
   * The region the project deploys to when it says so (samconfig `region`, serverless.yml
   * `provider.region` or `--region`): the emulator's `AWS_REGION` and ARNs for the function, as
   * `sam local` and `serverless invoke local` set them.
   */
  region?: string;
  /** Lambda layers, in the declared order (Lambda extracts them into /opt in that order, a later layer's files winning). */
  layers?: FunctionLayerSpec[];
  /** Its Lambda function URL, when it has one (SAM `FunctionUrlConfig`, serverless.yml `url`, the manifest's `url`). */
  url?: FunctionUrlSpec;
  /** Where it was declared, for "Reveal in Template" and diagnostics. */
  source?: { kind: 'manifest' | 'sam' | 'serverless'; file: string; line?: number };
}

/** A function URL: an HTTPS endpoint of the function itself, with payload format 2.0 events. */
export interface FunctionUrlSpec {
  /** `AWS_IAM` URLs want signed requests; locally, as with credentials everywhere, nothing is checked. */
  authType: 'NONE' | 'AWS_IAM';
  /** `RESPONSE_STREAM` sends a streaming function's response as it is written. */
  invokeMode: 'BUFFERED' | 'RESPONSE_STREAM';
  cors?: FunctionUrlCors;
}

/** The CORS a function URL answers preflights and adds headers with (Lambda's `Cors` object). */
export interface FunctionUrlCors {
  allowCredentials?: boolean;
  allowHeaders?: string[];
  allowMethods?: string[];
  allowOrigins?: string[];
  exposeHeaders?: string[];
  maxAge?: number;
}

/** One layer of a function (SAM `Layers`): where its files are locally, and where Lambda would show them. */
export interface FunctionLayerSpec {
  /** The layer's logical ID in the template, or its ARN when it is not declared there. */
  name: string;
  /** Absolute path of the layer's local content; absent when the layer is not local (an ARN, an S3 object). */
  contentDir?: string;
  /**
   * Where `contentDir` appears in the function's file system: `/opt` (the folder is the layer as
   * zipped: `nodejs/node_modules`, `python/`, `bin/`…), or `/opt/nodejs` / `/opt/python` when
   * `sam build` builds the layer from sources (`Metadata.BuildMethod: nodejs*|python*`).
   */
  mountPath?: '/opt' | '/opt/nodejs' | '/opt/python';
}

/** An event source of a function. `httpApi` → API Gateway HTTP API payload 2.0; `http` → REST API payload 1.0. */
export type FunctionEventSpec =
  | { type: 'httpApi'; method: string; path: string }
  | { type: 'http'; method: string; path: string }
  | { type: string; [key: string]: unknown };

export const lambdaDefaults = { timeout: 3, memorySize: 128 } as const;

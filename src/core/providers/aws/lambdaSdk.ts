import type * as ClientLambda from '@aws-sdk/client-lambda';

/**
 * `@aws-sdk/client-lambda` is large; it is loaded on first use so activating the extension and
 * starting the CLI stay fast. (esbuild bundles it; the dynamic import only defers evaluating it.)
 */
export type LambdaSdk = typeof ClientLambda;

let loading: Promise<LambdaSdk> | undefined;

export function loadLambdaSdk(): Promise<LambdaSdk> {
  // The SDK's first client prints a nine-line notice about its own future Node.js requirement to
  // stderr, which would land in the middle of `swb deploy` output; users can opt back in.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  loading ??= import('@aws-sdk/client-lambda');
  return loading;
}

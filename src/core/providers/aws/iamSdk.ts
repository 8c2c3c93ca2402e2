import type * as ClientIam from '@aws-sdk/client-iam';

/**
 * `@aws-sdk/client-iam` is needed only when someone asks to create an execution role, so it is
 * loaded then, not when the extension or the CLI starts (esbuild bundles it; the dynamic import
 * only defers evaluating it).
 */
export type IamSdk = typeof ClientIam;

let loading: Promise<IamSdk> | undefined;

export function loadIamSdk(): Promise<IamSdk> {
  // Same as the Lambda client: keep the SDK's Node.js-version notice out of `swb deploy` output.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  loading ??= import('@aws-sdk/client-iam');
  return loading;
}

import type * as ClientIam from '@aws-sdk/client-iam';
import { lazyAwsSdk } from '../../awsSdk';

/**
 * `@aws-sdk/client-iam` is needed only when someone asks to create an execution role, so it is
 * loaded then, not when the extension or the CLI starts (esbuild bundles it; the dynamic import
 * only defers evaluating it).
 */
export type IamSdk = typeof ClientIam;

export const loadIamSdk: () => Promise<IamSdk> = lazyAwsSdk(() => import('@aws-sdk/client-iam'));

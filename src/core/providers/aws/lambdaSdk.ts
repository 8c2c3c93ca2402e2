import type * as ClientLambda from '@aws-sdk/client-lambda';
import { lazyAwsSdk } from '../../awsSdk';

/**
 * `@aws-sdk/client-lambda` is large; it is loaded on first use so activating the extension and
 * starting the CLI stay fast. (esbuild bundles it; the dynamic import only defers evaluating it.)
 */
export type LambdaSdk = typeof ClientLambda;

export const loadLambdaSdk: () => Promise<LambdaSdk> = lazyAwsSdk(() => import('@aws-sdk/client-lambda'));

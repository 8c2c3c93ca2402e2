import { createHash } from 'node:crypto';

/** Base64 SHA-256 of a deployment package: the format of Lambda's `CodeSha256`, so a local build compares with a deployed function directly. */
export function computeCodeSha256(zip: Uint8Array): string {
  return createHash('sha256').update(zip).digest('base64');
}

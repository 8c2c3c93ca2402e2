import { invalidParameter } from './cloudErrors';

/**
 * The runtime identifiers Lambda's API recognises: the `Runtime` enum of its service model
 * (as shipped in @aws-sdk/client-lambda and botocore), current and deprecated alike, since Lambda
 * still reports and partly accepts the deprecated ones. The emulator runs only some of them; the
 * control plane accepts all, as Lambda's own validation does, and runs what it can on invoke.
 */
export const LAMBDA_RUNTIMES: readonly string[] = [
  'nodejs',
  'nodejs4.3',
  'nodejs4.3-edge',
  'nodejs6.10',
  'nodejs8.10',
  'nodejs10.x',
  'nodejs12.x',
  'nodejs14.x',
  'nodejs16.x',
  'nodejs18.x',
  'nodejs20.x',
  'nodejs22.x',
  'nodejs24.x',
  'nodejs26.x',
  'python2.7',
  'python3.6',
  'python3.7',
  'python3.8',
  'python3.9',
  'python3.10',
  'python3.11',
  'python3.12',
  'python3.13',
  'python3.14',
  'python3.15',
  'java8',
  'java8.al2',
  'java8.al2023',
  'java11',
  'java11.al2023',
  'java17',
  'java17.al2023',
  'java21',
  'java25',
  'dotnetcore1.0',
  'dotnetcore2.0',
  'dotnetcore2.1',
  'dotnetcore3.1',
  'dotnet6',
  'dotnet8',
  'dotnet10',
  'go1.x',
  'ruby2.5',
  'ruby2.7',
  'ruby3.2',
  'ruby3.3',
  'ruby3.4',
  'ruby4.0',
  'provided',
  'provided.al2',
  'provided.al2023',
];

const known = new Set(LAMBDA_RUNTIMES);

/** Lambda's answer to an unknown runtime: the value and the allowed set, in its validation wording. */
export function checkRuntime(runtime: string): void {
  if (known.has(runtime)) return;
  throw invalidParameter(
    `1 validation error detected: Value '${runtime}' at 'runtime' failed to satisfy constraint: Member must satisfy enum value set: [${LAMBDA_RUNTIMES.join(', ')}]`,
  );
}

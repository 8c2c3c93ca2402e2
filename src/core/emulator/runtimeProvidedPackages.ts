/**
 * Packages Lambda's managed runtimes bring along, which a function may use without bundling:
 * the AWS SDK for JavaScript v3 (`@aws-sdk/*`) in nodejs18.x and later, v2 (`aws-sdk`) in
 * nodejs16.x and earlier, boto3/botocore in every Python runtime. Locally they must be installed;
 * when a function fails to import one, this names the fix (the error itself stays AWS's).
 */
export function providedPackageHint(runtime: string, errorType: string, errorMessage: string): string | undefined {
  if (errorType !== 'Runtime.ImportModuleError') return undefined;
  const node = /^nodejs(\d+)/.exec(runtime);
  if (node) {
    const missing = /Cannot find (?:package|module) '((?:@aws-sdk\/[^/']+)|aws-sdk)[/']/.exec(errorMessage)?.[1];
    if (!missing) return undefined;
    const modern = Number(node[1]) >= 18;
    if (modern !== missing.startsWith('@aws-sdk/')) return undefined;
    const sdk = modern ? 'the AWS SDK for JavaScript v3' : 'the AWS SDK for JavaScript v2';
    return `Lambda's ${runtime} runtime includes ${sdk}, so ${missing} is not in the function's code; to run it locally, install it in the project (npm install --save-dev ${missing}).`;
  }
  if (runtime.startsWith('python')) {
    const missing = /No module named '(boto3|botocore)\b/.exec(errorMessage)?.[1];
    if (!missing) return undefined;
    return `Lambda's ${runtime} runtime includes ${missing}, so it is not in the function's code; to run it locally, install it for the interpreter that runs the function (pip install boto3, or Debian's python3-boto3).`;
  }
  return undefined;
}

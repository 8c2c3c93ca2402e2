// Types for scripts/setup-clients.mjs, so TypeScript tests can import it.

export interface AwsCli {
  path: string;
  /** `aws-cli/2.9.19`, from `aws --version`. */
  version: string;
  major: number;
}

export interface Boto3Python {
  path: string;
  boto3: string;
  botocore: string;
}

export interface FoundClients {
  aws?: AwsCli;
  python?: Boto3Python;
  /** Other AWS CLIs on PATH (any major version), one per version. */
  extraAws: AwsCli[];
  /** Other boto3 pythons on PATH, one per botocore version. */
  extraPythons: Boto3Python[];
}

export function ensureClients(options?: { log?: (line: string) => void }): Required<FoundClients>;
export function findClients(): FoundClients;
export function isolatedAwsEnv(configFile: string, credentialsFile: string, base?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;

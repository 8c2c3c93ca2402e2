/** A file destined for the zip: its path inside the package and its bytes (or where to read them). */
export interface PackageFile {
  /** Relative path inside the zip, forward slashes. */
  path: string;
  /** Unix permission bits; only "executable or not" survives into the zip. */
  mode: number;
  /** In-memory content (bundles); otherwise read from `source`. */
  data?: Buffer;
  /** Absolute path on disk. */
  source?: string;
  size: number;
}

export type PackageStage = 'collect' | 'bundle' | 'vendor' | 'zip' | 'hash' | 'done';

export type ProgressCallback = (stage: PackageStage, detail: string) => void;

/** Lambda's code-size quotas, in bytes; injectable so tests need not build 50 MB files. */
export interface PackageLimits {
  /** Largest zip accepted as `ZipFile` bytes in CreateFunction/UpdateFunctionCode. */
  zipped: number;
  /** Largest unzipped code (function plus layers) Lambda accepts. */
  unzipped: number;
}

export const lambdaLimits: PackageLimits = { zipped: 50 * 1024 * 1024, unzipped: 250 * 1024 * 1024 };

export interface FileSelectionOptions {
  /** Only files matching these globs are packaged (with bundling: extra files copied beside the bundle). */
  include?: string[];
  /** Added after the default excludes; `!pattern` re-includes something a default excluded. */
  exclude?: string[];
  /** Apply the default excludes (.git, .env*, tests, caches…). Default true. */
  defaultExcludes?: boolean;
}

export interface NodeBundleOptions {
  /** Bundle with esbuild (default true); false zips the folder with production node_modules. */
  bundle?: boolean;
  minify?: boolean;
  /** Emit `<file>.map` beside the bundle; the function then needs NODE_OPTIONS=--enable-source-maps. Default false. */
  sourcemap?: boolean;
  /** Bundle `@aws-sdk/*` even though nodejs18.x+ runtimes provide SDK v3. Default false. */
  bundleAwsSdk?: boolean;
  /** Extra modules left out of the bundle (package names, `*` wildcards as esbuild allows). */
  external?: string[];
  /** What to do with native `.node` addons: fail (default) or leave them external with a warning. */
  nativeAddons?: 'error' | 'external';
}

export interface PythonPackageOptions {
  /** Interpreter that runs pip (default `python3`). */
  python?: string;
  /** Ask pip for manylinux wheels for the function's architecture and Python version. */
  crossPlatform?: boolean;
  /** Extra arguments for `pip install` (e.g. `--no-index`, `--find-links DIR`). */
  pipArgs?: string[];
}

export interface PackageOptions extends FileSelectionOptions, NodeBundleOptions, PythonPackageOptions {
  onProgress?: ProgressCallback;
  signal?: AbortSignal;
  limits?: Partial<PackageLimits>;
  /** Files to leave out whatever the globs say (absolute), e.g. the zip being written into the code folder. */
  ignorePaths?: string[];
}

export interface PackageResult {
  zip: Buffer;
  /** Base64 SHA-256 of the zip, exactly Lambda's `CodeSha256`. */
  sha256: string;
  /** Zip size in bytes. */
  size: number;
  unzippedSize: number;
  /** Paths inside the zip, sorted. */
  files: string[];
  /** Things the user should know that did not stop packaging (e.g. a native addon left external). */
  warnings: string[];
  /** How it was packaged, e.g. "bundled with esbuild". */
  method: string;
}

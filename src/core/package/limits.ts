import { UserError } from '../errors';
import { lambdaLimits, type PackageFile, type PackageLimits } from './types';

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

export function resolveLimits(limits: Partial<PackageLimits> | undefined): PackageLimits {
  return { ...lambdaLimits, ...limits };
}

/** The top-level folders and files taking the most space, to say what to trim. */
function largestParts(files: readonly PackageFile[], count = 3): string {
  const totals = new Map<string, number>();
  for (const file of files) {
    const top = file.path.split('/')[0];
    totals.set(top, (totals.get(top) ?? 0) + file.size);
  }
  return [...totals]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, count)
    .map(([name, size]) => `${name} ${formatBytes(size)}`)
    .join(', ');
}

/** Checked before compressing: Lambda refuses code over 250 MB unzipped, whatever the upload path. */
export function checkUnzippedSize(files: readonly PackageFile[], limits: PackageLimits): number {
  const total = files.reduce((sum, f) => sum + f.size, 0);
  if (total > limits.unzipped) {
    throw new UserError(`package is ${formatBytes(total)} unzipped, over Lambda's ${formatBytes(limits.unzipped)} limit (largest: ${largestParts(files)}); exclude files or move dependencies to a layer`);
  }
  return total;
}

/** A zip over 50 MB cannot be sent as `ZipFile` bytes in CreateFunction/UpdateFunctionCode. */
export function checkZippedSize(size: number, limits: PackageLimits): void {
  if (size > limits.zipped) {
    throw new UserError(`package is ${formatBytes(size)} zipped, over Lambda's ${formatBytes(limits.zipped)} limit for direct upload; exclude files, minify, or upload through S3`);
  }
}

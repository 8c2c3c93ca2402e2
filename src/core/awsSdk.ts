/**
 * One AWS SDK client package, loaded on first use so activating the extension and starting the CLI
 * stay fast (esbuild bundles it; the dynamic import only defers evaluating it). The SDK's first
 * client prints a nine-line notice about its own future Node.js requirement to stderr, which would
 * land in the middle of `swb` output: it is turned off unless the user set the variable.
 */
export function lazyAwsSdk<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () => {
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
    loading ??= load();
    return loading;
  };
}

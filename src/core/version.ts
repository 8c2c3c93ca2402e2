declare const SWB_VERSION: string | undefined;

/** The package version, injected by esbuild; falls back for code run straight from source (tests). */
export const version: string = typeof SWB_VERSION === 'string' ? SWB_VERSION : '0.0.0-dev';

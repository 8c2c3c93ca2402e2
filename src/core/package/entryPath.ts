/** Forward slashes, no leading `./`; refuses paths that would land outside the extraction folder. */
export function normaliseEntryPath(raw: string): string {
  const p = raw.replace(/\\/g, '/').replace(/^(\.\/)+/, '');
  if (p === '' || p.endsWith('/')) throw new Error(`zip: invalid file path "${raw}"`);
  if (unsafeEntryPath(p)) throw new Error(`zip: unsafe path "${raw}" (absolute or containing "..")`);
  return p;
}

/** True for paths that escape the folder they are extracted into ("zip slip"). */
export function unsafeEntryPath(p: string): boolean {
  const slashed = p.replace(/\\/g, '/');
  if (slashed.startsWith('/') || /^[A-Za-z]:/.test(slashed)) return true;
  return slashed.split('/').some((segment) => segment === '..');
}

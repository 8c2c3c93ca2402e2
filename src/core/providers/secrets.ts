/**
 * Environment values that look like secrets are never printed: not in deploy output, not in
 * `swb functions get`, not in error messages. The test is on the variable's name, as people name
 * them (`DB_PASSWORD`, `STRIPE_SECRET_KEY`, `GITHUB_TOKEN`, `API_KEY`).
 */
const secretName = /SECRET|TOKEN|PASSWORD|PASSWD|PWD|KEY|CREDENTIAL|PRIVATE|AUTH/i;

export const maskedValue = '********';

export function isSecretName(name: string): boolean {
  return secretName.test(name);
}

/** A copy with secret-looking values replaced by `********`. */
export function maskSecrets(environment: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(environment)) out[name] = isSecretName(name) ? maskedValue : value;
  return out;
}

/** Replaces every occurrence of a secret value in `text` (for messages that may echo a request). */
export function redactSecrets(text: string, environment: Readonly<Record<string, string>> | undefined): string {
  if (!environment) return text;
  let out = text;
  for (const [name, value] of Object.entries(environment)) {
    // Very short values would blank out unrelated text; they are not worth hiding either.
    if (isSecretName(name) && value.length >= 4) out = out.split(value).join(maskedValue);
  }
  return out;
}

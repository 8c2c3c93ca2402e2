/**
 * Function names become a folder (`functions/<name>/`), a saved-events folder, a manifest key or
 * a CloudFormation logical ID, and Lambda's function name: so nothing that could leave its folder,
 * and nothing Lambda or CloudFormation would refuse.
 */

/** Where the function is declared: manifest keys allow `-` and `_`; SAM logical IDs are alphanumeric. */
export type NameStyle = 'manifest' | 'sam';

const maxLength = 64;

/** Why `name` cannot name a new function, or undefined when it can. */
export function functionNameProblem(name: string, style: NameStyle): string | undefined {
  if (name.trim() === '') return 'the function name must not be empty';
  if (/[/\\]/.test(name)) return `"${name}" must not contain path separators (it names the folder functions/<name>/)`;
  if (name.length > maxLength) return `"${name}" is longer than ${maxLength} characters (Lambda's limit for function names)`;
  if (style === 'sam') {
    if (!/^[A-Za-z0-9]+$/.test(name)) return `"${name}" must be letters and digits only: in template.yaml it is the resource's logical ID`;
    return undefined;
  }
  if (!/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(name)) return `"${name}" must be letters, digits, - and _, starting with a letter or digit`;
  return undefined;
}

/** The name already used by a function, or by any resource of the template (logical IDs are unique across a template). */
export function nameInUseProblem(name: string, used: ReadonlySet<string>, where: string): string | undefined {
  return used.has(name) ? `"${name}" is already declared in ${where}; choose another name` : undefined;
}

/**
 * Matches a request path against an API Gateway resource template such as `/items/{id}` or
 * `/files/{proxy+}`, so the generated `pathParameters` always agree with `path`.
 */
export function matchRoute(template: string, path: string): Record<string, string> | undefined {
  const templateParts = template.split('/').filter(Boolean);
  const pathParts = path.split('/').filter(Boolean);
  const params: Record<string, string> = {};
  for (let i = 0; i < templateParts.length; i += 1) {
    const part = templateParts[i];
    const greedy = /^\{(\w+)\+\}$/.exec(part);
    if (greedy) {
      if (i !== templateParts.length - 1 || pathParts.length <= i) return undefined;
      params[greedy[1]] = pathParts.slice(i).map(decode).join('/');
      return params;
    }
    const value = pathParts[i];
    if (value === undefined) return undefined;
    const variable = /^\{(\w+)\}$/.exec(part);
    if (variable) params[variable[1]] = decode(value);
    else if (part !== value) return undefined;
  }
  return pathParts.length === templateParts.length ? params : undefined;
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

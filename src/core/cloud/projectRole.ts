/**
 * The role the local cloud reports for the project's own functions (served from the workspace,
 * read-only): no role is assumed locally, and deploy tools tell such a function from a deployed one
 * by it. Kept apart from `projectFunctions.ts` so that deploy can check it without loading discovery.
 */
export const PROJECT_FUNCTION_ROLE_NAME = 'serverless-workbench-project-function';

/** Whether a configuration (e.g. GetFunction's) is a project function served from the workspace, not a deployed one. */
export function isProjectFunctionConfiguration(configuration: { Role?: string } | undefined): boolean {
  return configuration?.Role?.endsWith(`:role/${PROJECT_FUNCTION_ROLE_NAME}`) === true;
}

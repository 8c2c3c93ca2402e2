/** Scaffolding: new functions from templates (handler, unit test, sample event, declaration). */
export { checkScaffoldChoices, listTemplates, ScaffoldConflictError, scaffoldFunction } from './scaffold';
export { languageLayouts, scaffoldRuntimes } from './languages';
export { functionNameProblem, nameInUseProblem } from './names';
export type { NameStyle } from './names';
export { triggerTemplates } from './templates';
export { scaffoldTarget } from './workspace';
export type { ScaffoldTarget } from './workspace';
export { scaffoldProviderIds, scaffoldRuntimeIds, scaffoldTriggerIds } from './types';
export type {
  ScaffoldLanguage,
  ScaffoldOptions,
  ScaffoldProviderId,
  ScaffoldResult,
  ScaffoldRuntime,
  ScaffoldRuntimeId,
  ScaffoldTriggerId,
  TemplateInfo,
} from './types';

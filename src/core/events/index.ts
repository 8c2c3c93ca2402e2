/** Sample events (a catalogue of generators) and the events saved per function in the workspace. */
export { allEvents, describeDefault, findEvent, generateEvent, getEvent, listEvents, parseParamAssignments, resolveParams } from './catalogue';
export { deleteSavedEvent, listSavedEvents, parseEventJson, readSavedEvent, saveEvent, savedEventPath, savedEventsDir, savedEventsFolder } from './savedEvents';
export type { SavedEvent } from './savedEvents';
export type { EventDefinition, EventParameter, EventProvider, ParamType } from './types';
export { eventProviders } from './types';

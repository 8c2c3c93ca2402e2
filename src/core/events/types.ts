/**
 * The shape of the event catalogue: each sample event is a generator with named, typed parameters,
 * so the CLI (`--param key=value`) and the editor can fill them in and list them.
 */

export type EventProvider = 'aws' | 'azure' | 'gcp';
export const eventProviders: readonly EventProvider[] = ['aws', 'azure', 'gcp'];

export type ParamType = 'string' | 'number' | 'boolean' | 'json';

/** The run-time value a parameter of each type holds once converted. */
export type ParamValue<T extends ParamType = ParamType> = T extends 'string'
  ? string
  : T extends 'number'
    ? number
    : T extends 'boolean'
      ? boolean
      : unknown;

/**
 * A default made fresh on every generation (ids, "now"): a fixed default would make every
 * generated event share one request id, which is not what the services send.
 */
export class GeneratedDefault<V> {
  constructor(
    /** Shown in listings instead of a value, e.g. "a fresh UUID". */
    readonly describe: string,
    readonly make: () => V,
  ) {}
}

export interface EventParameter<N extends string = string, T extends ParamType = ParamType> {
  name: N;
  type: T;
  description: string;
  default: ParamValue<T> | GeneratedDefault<ParamValue<T>>;
}

/** One catalogue entry as the catalogue, CLI and editor see it (parameter types erased). */
export interface EventDefinition {
  /** `<provider>:<kind>`, e.g. `aws:s3-put`. */
  name: string;
  provider: EventProvider;
  description: string;
  parameters: readonly EventParameter[];
  /** Every parameter is present, converted to its type (defaults already applied). */
  generate(params: Record<string, unknown>): unknown;
}

/** Maps a parameter list to the object `generate` receives: `{ bucket: string, size: number, … }`. */
export type ParamsOf<P extends readonly EventParameter[]> = {
  [K in P[number] as K['name']]: ParamValue<K['type']>;
};

/**
 * Declares a catalogue entry. The `const` type parameter keeps each parameter's name and type, so
 * `generate` gets a typed object and a misspelt parameter name is a compile error.
 */
export function defineEvent<const P extends readonly EventParameter[]>(definition: {
  name: string;
  provider: EventProvider;
  description: string;
  parameters: P;
  generate(params: ParamsOf<P>): unknown;
}): EventDefinition {
  return {
    ...definition,
    generate: (params) => definition.generate(params as ParamsOf<P>),
  };
}

function make<T extends ParamType>(type: T) {
  return <const N extends string>(
    name: N,
    description: string,
    defaultValue: ParamValue<T> | GeneratedDefault<ParamValue<T>>,
  ): EventParameter<N, T> => ({ name, type, description, default: defaultValue });
}

/** Parameter constructors: `param.string('bucket', 'Bucket name', 'example-bucket')`. */
export const param = {
  string: make('string'),
  number: make('number'),
  boolean: make('boolean'),
  json: make('json'),
};

export function generated<V>(describe: string, makeValue: () => V): GeneratedDefault<V> {
  return new GeneratedDefault(describe, makeValue);
}

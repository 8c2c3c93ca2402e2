import { Pair, Scalar, YAMLMap } from 'yaml';
import type { CollectionTag, ScalarTag, YAMLSeq } from 'yaml';

/**
 * CloudFormation's short-form YAML tags (`!Ref X`, `!Sub '…'`, `!GetAtt A.B`, …), each read as
 * the long form CloudFormation itself expands it to (`{ Ref: X }`, `{ "Fn::Sub": … }`), so the
 * rest of discovery only ever sees the JSON shape. Serverless Framework accepts the same tags in
 * serverless.yml.
 */
const longFormKeys: Record<string, string> = {
  Ref: 'Ref',
  Condition: 'Condition',
  Sub: 'Fn::Sub',
  GetAtt: 'Fn::GetAtt',
  If: 'Fn::If',
  Join: 'Fn::Join',
  Select: 'Fn::Select',
  Split: 'Fn::Split',
  FindInMap: 'Fn::FindInMap',
  GetAZs: 'Fn::GetAZs',
  ImportValue: 'Fn::ImportValue',
  Base64: 'Fn::Base64',
  Cidr: 'Fn::Cidr',
  Equals: 'Fn::Equals',
  And: 'Fn::And',
  Or: 'Fn::Or',
  Not: 'Fn::Not',
  Transform: 'Fn::Transform',
  // AWS::LanguageExtensions functions: rarer, but templates using them must still parse.
  ToJsonString: 'Fn::ToJsonString',
  Length: 'Fn::Length',
  ForEach: 'Fn::ForEach',
};

/** The long-form key (`Fn::Sub`, `Ref`) a short-form tag name (`Sub`, `Ref`) stands for. */
export function longFormKey(shortName: string): string | undefined {
  return longFormKeys[shortName];
}

function scalarTag(name: string, key: string): ScalarTag {
  return {
    tag: `!${name}`,
    // `!GetAtt Res.Attr` is the one short form whose scalar is not the long form's argument.
    resolve: (value: string) => ({ [key]: name === 'GetAtt' ? splitGetAtt(value) : value }),
  };
}

function splitGetAtt(value: string): string[] {
  const dot = value.indexOf('.');
  // Attributes may themselves contain dots (`Endpoint.Address`): only the first dot separates.
  return dot < 0 ? [value] : [value.slice(0, dot), value.slice(dot + 1)];
}

function collectionTag(name: string, key: string, collection: 'map' | 'seq'): CollectionTag {
  return {
    tag: `!${name}`,
    collection,
    // Wrapping the parsed node (rather than converting it to plain JS) keeps its source range,
    // so line lookups keep working inside tagged collections.
    resolve: (node: YAMLMap.Parsed | YAMLSeq.Parsed) => {
      const wrapper = new YAMLMap();
      wrapper.items.push(new Pair(new Scalar(key), node));
      return wrapper;
    },
  };
}

/** Custom tags for the `yaml` package: every short form, in its scalar, sequence and mapping shapes. */
export const cloudFormationTags: (ScalarTag | CollectionTag)[] = Object.entries(longFormKeys).flatMap(
  ([name, key]) => [scalarTag(name, key), collectionTag(name, key, 'seq'), collectionTag(name, key, 'map')],
);

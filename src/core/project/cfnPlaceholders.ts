import { createHash } from 'node:crypto';

/**
 * What `!Ref` and `!GetAtt` of a template's own resources give once the stack is deployed, shaped
 * like the real values (a queue URL, a table ARN, an API id), so that a function run locally gets a
 * string its code can parse rather than a template expression. A name the template declares
 * (`TableName: orders`) is the real name; otherwise CloudFormation would generate one, and the
 * placeholder says so by being `<stack>-<LogicalId>`.
 */

/** Where the stack would be deployed: the pseudo parameters' values. */
export interface StackPlace {
  partition: string;
  region: string;
  accountId: string;
  stackName: string;
  urlSuffix: string;
}

type Arn = (name: string, place: StackPlace) => string;
type Attribute = (name: string, place: StackPlace, arn: string) => string;

interface ResourceShape {
  /** The property that names the resource; CloudFormation generates a name when it is absent. */
  nameProperty?: string;
  /** What `!Ref` returns. `id`: an identifier the service generates (an API id), never declared. */
  ref: 'name' | 'arn' | 'queueUrl' | 'id';
  arn: Arn;
  attributes?: Record<string, Attribute>;
  /** S3 bucket names are lower case. */
  lowerCaseName?: boolean;
}

const regional =
  (service: string, resource: (name: string) => string): Arn =>
  (name, p) =>
    `arn:${p.partition}:${service}:${p.region}:${p.accountId}:${resource(name)}`;

const lambdaFunction: ResourceShape = { nameProperty: 'FunctionName', ref: 'name', arn: regional('lambda', (n) => `function:${n}`) };
const dynamoTable: ResourceShape = {
  nameProperty: 'TableName',
  ref: 'name',
  arn: regional('dynamodb', (n) => `table/${n}`),
  attributes: { StreamArn: (_n, _p, arn) => `${arn}/stream/1970-01-01T00:00:00.000` },
};
const stateMachine = (nameProperty: string): ResourceShape => ({
  nameProperty,
  ref: 'arn',
  arn: regional('states', (n) => `stateMachine:${n}`),
  attributes: { Name: (n) => n },
});
const apiId: ResourceShape = {
  ref: 'id',
  arn: (id, p) => `arn:${p.partition}:apigateway:${p.region}::/restapis/${id}`,
  attributes: { RootResourceId: (id) => placeholderId(`${id}/root`, 10), ApiEndpoint: (id, p) => `https://${id}.execute-api.${p.region}.${p.urlSuffix}` },
};
const layerVersion: ResourceShape = { nameProperty: 'LayerName', ref: 'arn', arn: regional('lambda', (n) => `layer:${n}:1`) };

const shapes: Record<string, ResourceShape> = {
  'AWS::Serverless::Function': lambdaFunction,
  'AWS::Lambda::Function': lambdaFunction,
  'AWS::DynamoDB::Table': dynamoTable,
  'AWS::Serverless::SimpleTable': dynamoTable,
  'AWS::SQS::Queue': {
    nameProperty: 'QueueName',
    ref: 'queueUrl',
    arn: regional('sqs', (n) => n),
    attributes: { QueueName: (n) => n, QueueUrl: (n, p) => queueUrl(n, p) },
  },
  'AWS::SNS::Topic': { nameProperty: 'TopicName', ref: 'arn', arn: regional('sns', (n) => n), attributes: { TopicArn: (_n, _p, arn) => arn, TopicName: (n) => n } },
  'AWS::S3::Bucket': {
    nameProperty: 'BucketName',
    ref: 'name',
    lowerCaseName: true,
    arn: (n, p) => `arn:${p.partition}:s3:::${n}`,
    attributes: {
      DomainName: (n, p) => `${n}.s3.${p.urlSuffix}`,
      RegionalDomainName: (n, p) => `${n}.s3.${p.region}.${p.urlSuffix}`,
      WebsiteURL: (n, p) => `http://${n}.s3-website-${p.region}.${p.urlSuffix}`,
    },
  },
  'AWS::Kinesis::Stream': { nameProperty: 'Name', ref: 'name', arn: regional('kinesis', (n) => `stream/${n}`) },
  'AWS::Serverless::StateMachine': stateMachine('Name'),
  'AWS::StepFunctions::StateMachine': stateMachine('StateMachineName'),
  'AWS::Events::EventBus': { nameProperty: 'Name', ref: 'name', arn: regional('events', (n) => `event-bus/${n}`), attributes: { Name: (n) => n } },
  'AWS::Events::Rule': { nameProperty: 'Name', ref: 'name', arn: regional('events', (n) => `rule/${n}`) },
  'AWS::IAM::Role': { nameProperty: 'RoleName', ref: 'name', arn: (n, p) => `arn:${p.partition}:iam::${p.accountId}:role/${n}` },
  'AWS::Logs::LogGroup': { nameProperty: 'LogGroupName', ref: 'name', arn: regional('logs', (n) => `log-group:${n}:*`) },
  'AWS::SecretsManager::Secret': { nameProperty: 'Name', ref: 'arn', arn: regional('secretsmanager', (n) => `secret:${n}-AbCdEf`) },
  'AWS::SSM::Parameter': { nameProperty: 'Name', ref: 'name', arn: regional('ssm', (n) => `parameter/${n.replace(/^\//, '')}`) },
  'AWS::Serverless::LayerVersion': layerVersion,
  'AWS::Lambda::LayerVersion': layerVersion,
  'AWS::Serverless::Api': apiId,
  'AWS::ApiGateway::RestApi': apiId,
  'AWS::Serverless::HttpApi': apiId,
  'AWS::ApiGatewayV2::Api': apiId,
  'AWS::Cognito::UserPool': {
    ref: 'id',
    arn: regional('cognito-idp', (id) => `userpool/${id}`),
    attributes: { ProviderURL: (id, p) => `https://cognito-idp.${p.region}.${p.urlSuffix}/${id}` },
  },
  'AWS::KMS::Key': { ref: 'id', arn: regional('kms', (id) => `key/${id}`), attributes: { KeyId: (id) => id } },
};

/** What the caller knows about one resource of the template. */
export interface ResourceFacts {
  id: string;
  type: string;
  /** The value of the shape's name property, when the template declares one that resolves. */
  declaredName?: string;
}

/** A placeholder, and whether it is only a guess (the deployed value will differ) or the real value. */
export interface Placeholder {
  value: string;
  guessed: boolean;
}

/** The property naming a resource of this type (`TableName`…), whose value the caller resolves for `declaredName`. */
export function nameProperty(type: string): string | undefined {
  return shapes[type]?.nameProperty;
}

export function refPlaceholder(facts: ResourceFacts, place: StackPlace): Placeholder {
  const shape = shapes[facts.type];
  const { name, guessed } = physicalName(facts, shape, place);
  if (!shape) return { value: name, guessed };
  switch (shape.ref) {
    case 'name':
      return { value: name, guessed };
    case 'arn':
      return { value: shape.arn(name, place), guessed };
    case 'queueUrl':
      return { value: queueUrl(name, place), guessed };
    case 'id':
      return { value: name, guessed: true };
  }
}

/** `undefined` for an attribute this module cannot shape (e.g. `Outputs.X` of a nested stack). */
export function attributePlaceholder(facts: ResourceFacts, attribute: string, place: StackPlace): Placeholder | undefined {
  const shape = shapes[facts.type];
  const { name, guessed } = physicalName(facts, shape, place);
  const service = facts.type.split('::')[1]?.toLowerCase() ?? 'unknown';
  const arn = shape ? shape.arn(name, place) : `arn:${place.partition}:${service}:${place.region}:${place.accountId}:${name}`;
  if (attribute === 'Arn') return { value: arn, guessed };
  const attr = shape?.attributes?.[attribute];
  return attr ? { value: attr(name, place, arn), guessed } : undefined;
}

function physicalName(facts: ResourceFacts, shape: ResourceShape | undefined, place: StackPlace): { name: string; guessed: boolean } {
  if (shape?.ref === 'id') return { name: generatedId(facts, place), guessed: true };
  if (facts.declaredName !== undefined) return { name: facts.declaredName, guessed: false };
  const generated = `${place.stackName}-${facts.id}`;
  return { name: shape?.lowerCaseName ? generated.toLowerCase() : generated, guessed: true };
}

function generatedId(facts: ResourceFacts, place: StackPlace): string {
  if (facts.type === 'AWS::Cognito::UserPool') return `${place.region}_${placeholderId(facts.id, 9)}`;
  if (facts.type === 'AWS::KMS::Key') {
    const hex = createHash('sha256').update(facts.id).digest('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
  }
  return placeholderId(facts.id, 10);
}

function queueUrl(name: string, place: StackPlace): string {
  return `https://sqs.${place.region}.${place.urlSuffix}/${place.accountId}/${name}`;
}

/** A stable lower-case id of `length` characters, so the same template always gives the same placeholder. */
export function placeholderId(seed: string, length: number): string {
  const digest = createHash('sha256').update(seed).digest();
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  let id = '';
  for (let i = 0; i < length; i++) id += alphabet[digest[i]! % alphabet.length];
  return id;
}

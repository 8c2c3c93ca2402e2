import type { FunctionSpec } from '../project/functionSpec';
import { CloudError, functionNotFound } from './cloudErrors';
import { functionArn, type CloudIdentity } from './configuration';
import { resourceNotFound } from './functionUrlConfigs';
import type { Reply } from './localLambda';
import { paginate, versionKey } from './pagination';
import type { ProjectFunctions } from './projectFunctions';
import type { Operation } from './routes';

/**
 * The control-plane operations on a project function: reads answer from its spec (it has only
 * `$LATEST`, no versions, aliases, tags or policy; its URL is the one the workspace serves), every
 * change is a ResourceConflictException.
 */
export function projectFunctionReply(
  project: ProjectFunctions,
  identity: CloudIdentity,
  spec: FunctionSpec,
  request: { operation: Operation; qualifier?: string; alias?: string; marker: string | null; maxItems: number },
): Reply {
  const latestOnly = (): void => {
    if (request.qualifier !== undefined && request.qualifier !== '$LATEST') throw functionNotFound(functionArn(identity, spec.name, request.qualifier));
  };
  switch (request.operation) {
    case 'GetFunction':
      latestOnly();
      // No Code.Location: the code is the workspace folder, not a stored package.
      return { status: 200, body: { Configuration: project.configuration(spec, { arnQualifier: request.qualifier }), Code: { RepositoryType: 'S3' } } };
    case 'GetFunctionConfiguration':
      latestOnly();
      return { status: 200, body: project.configuration(spec, { arnQualifier: request.qualifier }) };
    case 'ListVersionsByFunction': {
      const { page, nextMarker } = paginate(['$LATEST'], versionKey, request.marker, request.maxItems);
      return { status: 200, body: { Versions: page.map((v) => project.configuration(spec, { arnQualifier: v })), ...(nextMarker ? { NextMarker: nextMarker } : {}) } };
    }
    case 'ListAliases':
      return { status: 200, body: { Aliases: [] } };
    case 'GetAlias':
      throw new CloudError('ResourceNotFoundException', `Cannot find alias arn: ${functionArn(identity, spec.name, request.alias)}`);
    case 'ListTags':
      return { status: 200, body: { Tags: {} } };
    case 'GetFunctionUrlConfig': {
      latestOnly();
      const config = project.urlConfiguration(spec);
      if (!config) throw resourceNotFound();
      return { status: 200, body: config };
    }
    case 'ListFunctionUrlConfigs': {
      const config = project.urlConfiguration(spec);
      return { status: 200, body: { FunctionUrlConfigs: config ? [config] : [] } };
    }
    case 'GetPolicy':
      latestOnly();
      throw resourceNotFound();
    default:
      throw project.readOnly(spec);
  }
}

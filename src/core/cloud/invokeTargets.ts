import type { EmulatorApi, FunctionRunOptions, Invocation, InvokeRequest } from '../emulator/types';
import { lambdaServiceError } from '../emulator/lambdaErrors';
import { announceExecutedVersion } from '../emulator/responseStreamApi';
import type { FunctionSpec } from '../project/functionSpec';
import { CloudError } from './cloudErrors';
import type { LocalLambda } from './localLambda';

/**
 * The emulator as the local cloud's Invoke API sees it: `has` knows the deployed functions, and
 * `invoke(name, { qualifier })` runs the version the qualifier names (a version number, an alias
 * — weighted routing included — or `$LATEST`) and reports it in `X-Amz-Executed-Version`
 * (`request.responseStream`, which InvokeWithResponseStream streams into, passes through). An
 * invoke while the function is still being created is Lambda's ResourceConflictException.
 */
export function deployedFunctionsView(emulator: EmulatorApi, lambda: LocalLambda): EmulatorApi {
  return {
    has: (name: string) => lambda.has(name),
    invoke: async (name: string, request: InvokeRequest): Promise<Invocation> => {
      let resolved: { target: string; executedVersion: string };
      try {
        resolved = lambda.resolveInvoke(name, request.qualifier);
      } catch (error) {
        // The Invoke API maps errors named after Lambda's exceptions to their statuses.
        throw error instanceof CloudError ? lambdaServiceError(error.type, error.message) : error;
      }
      const { target, executedVersion } = resolved;
      // A streamed answer sends its headers before this invocation reports the version.
      announceExecutedVersion(request.responseStream, executedVersion);
      const invocation = await emulator.invoke(target, request);
      return { ...invocation, functionName: name, executedVersion };
    },
    register: (spec: FunctionSpec, options?: FunctionRunOptions) => emulator.register(spec, options),
    unregister: (name: string) => emulator.unregister(name),
    functions: () => emulator.functions(),
    prewarm: (name: string, count: number) => emulator.prewarm(name, count),
    // The emulator belongs to whoever made the control plane; closing the view leaves it running.
    close: async () => undefined,
  };
}

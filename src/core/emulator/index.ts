export { Emulator } from './emulator';
export { MAX_REQUEST_BYTES, MAX_RESPONSE_BYTES, MAX_STREAMED_RESPONSE_BYTES } from './lambdaErrors';
export type { EnvironmentState } from './environment';
export type {
  EmulatorApi,
  EmulatorOptions,
  FunctionRunOptions,
  Invocation,
  InvokeRequest,
  Isolation,
  LambdaErrorPayload,
  ResponseStreamSink,
} from './types';
export { HTTP_INTEGRATION_CONTENT_TYPE } from './types';

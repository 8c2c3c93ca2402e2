export { createLambdaControlPlane, MAX_UPLOAD_REQUEST_BYTES } from './controlPlane';
export type { ControlPlaneFaults, ControlPlaneRequest, LambdaControlPlane, LambdaControlPlaneOptions } from './controlPlane';
export type { AliasConfigurationOutput, FunctionConfigurationOutput } from './model';
export type { Operation as ControlPlaneOperation } from './routes';
export { lambdaTimestamp } from './configuration';
export { defaultCloudStateDir } from './stateDir';

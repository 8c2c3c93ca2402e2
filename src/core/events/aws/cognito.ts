/** Cognito user pool Lambda triggers: pre sign-up, post confirmation, pre token generation. */
import type {
  BasePreTokenGenerationTriggerEvent,
  PostConfirmationTriggerEvent,
  PreSignUpTriggerEvent,
  PreTokenGenerationTriggerEvent,
} from 'aws-lambda';
import { defineEvent, generated, param } from '../types';
import { uuid } from '../ids';
import { asStringArray, asStringMap, oneOf } from '../values';
import { region } from './common';

const userPoolId = param.string('userPoolId', 'user pool id', 'us-east-1_aBcDeFgHi');
const clientId = param.string('clientId', 'app client id', '1example23456789abcdefghij');
const userName = param.string('userName', 'user name (a UUID when users sign in with their email)', 'jane.doe');
const email = param.string('email', "the user's email address", 'jane.doe@example.com');
const attributes = param.json('userAttributes', 'extra user attributes, {"name": "value"}', {});
const sub = param.string('sub', "the user's sub (immutable id)", generated('a fresh UUID', uuid));

interface CommonParams {
  region: string;
  userPoolId: string;
  clientId: string;
  userName: string;
}

function common<T extends string>(p: CommonParams, triggerSource: T) {
  return {
    version: '1',
    region: p.region,
    userPoolId: p.userPoolId,
    triggerSource,
    userName: p.userName,
    callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: p.clientId },
  };
}

export const cognitoPreSignUp = defineEvent({
  name: 'aws:cognito-pre-signup',
  provider: 'aws',
  description: 'Cognito user pool pre sign-up trigger',
  parameters: [
    param.string('triggerSource', 'PreSignUp_SignUp, PreSignUp_AdminCreateUser or PreSignUp_ExternalProvider', 'PreSignUp_SignUp'),
    userName,
    email,
    attributes,
    param.json('validationData', 'validation data sent with the sign-up, {"name": "value"}', {}),
    userPoolId,
    clientId,
    region,
  ],
  generate: (p): PreSignUpTriggerEvent => {
    const validationData = asStringMap(p.validationData, 'validationData');
    return {
      ...common(p, oneOf(p.triggerSource, ['PreSignUp_SignUp', 'PreSignUp_AdminCreateUser', 'PreSignUp_ExternalProvider'], 'triggerSource')),
      request: {
        userAttributes: { email: p.email, ...asStringMap(p.userAttributes, 'userAttributes') },
        ...(Object.keys(validationData).length ? { validationData } : {}),
      },
      response: { autoConfirmUser: false, autoVerifyEmail: false, autoVerifyPhone: false },
    };
  },
});

export const cognitoPostConfirmation = defineEvent({
  name: 'aws:cognito-post-confirmation',
  provider: 'aws',
  description: 'Cognito user pool post confirmation trigger',
  parameters: [
    param.string('triggerSource', 'PostConfirmation_ConfirmSignUp or PostConfirmation_ConfirmForgotPassword', 'PostConfirmation_ConfirmSignUp'),
    userName,
    email,
    sub,
    attributes,
    userPoolId,
    clientId,
    region,
  ],
  generate: (p): PostConfirmationTriggerEvent => ({
    ...common(p, oneOf(p.triggerSource, ['PostConfirmation_ConfirmSignUp', 'PostConfirmation_ConfirmForgotPassword'], 'triggerSource')),
    request: {
      userAttributes: {
        sub: p.sub,
        'cognito:user_status': 'CONFIRMED',
        email_verified: 'true',
        email: p.email,
        ...asStringMap(p.userAttributes, 'userAttributes'),
      },
    },
    response: {},
  }),
});

const tokenSources = [
  'TokenGeneration_HostedAuth',
  'TokenGeneration_Authentication',
  'TokenGeneration_NewPasswordChallenge',
  'TokenGeneration_AuthenticateDevice',
  'TokenGeneration_RefreshTokens',
] as const;

/** Cognito sends `claimsOverrideDetails: null`; the handler fills it in. */
type PreTokenGenerationInput = Omit<BasePreTokenGenerationTriggerEvent<PreTokenGenerationTriggerEvent['triggerSource']>, 'response'> & {
  response: { claimsOverrideDetails: null };
};

export const cognitoPreTokenGeneration = defineEvent({
  name: 'aws:cognito-pre-token-generation',
  provider: 'aws',
  description: 'Cognito user pool pre token generation trigger (version 1)',
  parameters: [
    param.string('triggerSource', tokenSources.join(', '), 'TokenGeneration_Authentication'),
    userName,
    email,
    sub,
    param.json('groups', 'groups the user belongs to', ['customers']),
    attributes,
    userPoolId,
    clientId,
    region,
  ],
  generate: (p): PreTokenGenerationInput => ({
    ...common(p, oneOf(p.triggerSource, tokenSources, 'triggerSource')),
    request: {
      userAttributes: {
        sub: p.sub,
        'cognito:user_status': 'CONFIRMED',
        email_verified: 'true',
        email: p.email,
        ...asStringMap(p.userAttributes, 'userAttributes'),
      },
      groupConfiguration: { groupsToOverride: asStringArray(p.groups, 'groups'), iamRolesToOverride: [] },
    },
    response: { claimsOverrideDetails: null },
  }),
});

import type { ProviderDescription, ProviderId } from './types';

/**
 * How each provider's part of the Deployed Functions tree is laid out and what it deploys.
 * Azure and Google Cloud are described ahead of their implementations so the tree and the
 * settings can be designed once.
 */
export const providerDescriptions: Readonly<Record<ProviderId, ProviderDescription>> = {
  aws: {
    id: 'aws',
    label: 'AWS Lambda',
    treeLevels: [
      { kind: 'profile', label: 'Profile' },
      { kind: 'region', label: 'Region' },
      { kind: 'function', label: 'Function' },
    ],
    deployUnit: 'function',
  },
  local: {
    id: 'local',
    label: 'Local cloud',
    treeLevels: [
      { kind: 'endpoint', label: 'Endpoint' },
      { kind: 'function', label: 'Function' },
    ],
    deployUnit: 'function',
  },
  azure: {
    id: 'azure',
    label: 'Azure Functions',
    treeLevels: [
      { kind: 'subscription', label: 'Subscription' },
      { kind: 'app', label: 'Function App' },
      { kind: 'function', label: 'Function' },
    ],
    deployUnit: 'app',
  },
  gcp: {
    id: 'gcp',
    label: 'Google Cloud Functions',
    treeLevels: [
      { kind: 'project', label: 'Project' },
      { kind: 'region', label: 'Region' },
      { kind: 'function', label: 'Function' },
    ],
    deployUnit: 'function',
  },
};

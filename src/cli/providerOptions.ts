import { UserError } from '../core/errors';
import type { Provider } from '../core/providers';
import { createProvider, defaultLocalEndpoint } from '../core/providers';
import { stringFlag } from './args';
import type { CliIo, FlagOptions, ParsedArgs } from './command';

/** The flags every command that talks to a provider takes (`deploy`, `functions …`). */
export const providerFlags: FlagOptions = {
  provider: { type: 'string' },
  profile: { type: 'string' },
  region: { type: 'string' },
  'endpoint-url': { type: 'string' },
};

export const providerHelp = [
  '  --provider aws|local    where to: local is the local cloud of `swb serve` (no account needed);',
  '                          default: $SWB_PROVIDER, else aws when --profile is given, else local',
  '  --profile NAME          AWS shared-config profile (default: $AWS_PROFILE, then the default chain)',
  '  --region REGION         AWS region (default: $AWS_REGION, the profile\'s, then us-east-1)',
  `  --endpoint-url URL      the local cloud (default ${defaultLocalEndpoint}), or a Lambda-compatible endpoint for aws`,
];

const known = ['aws', 'local', 'azure', 'gcp'] as const;

/** The provider the flags ask for, with the CLI's environment; credentials come from the AWS CLI's chain. */
export function providerFromFlags(args: ParsedArgs, io: CliIo, extra: { role?: string } = {}): Provider {
  const profile = stringFlag(args, 'profile');
  const region = stringFlag(args, 'region');
  const endpoint = stringFlag(args, 'endpoint-url');
  const chosen = stringFlag(args, 'provider') ?? io.env.SWB_PROVIDER ?? (profile ? 'aws' : 'local');
  if (!(known as readonly string[]).includes(chosen)) throw new UserError(`unknown provider "${chosen}" (use aws or local)`);
  const provider = chosen as (typeof known)[number];
  if (provider === 'local' && profile) throw new UserError('--profile applies to --provider aws; the local cloud needs no credentials');
  return createProvider({
    provider,
    ...(profile ? { profile } : {}),
    ...(region ? { region } : {}),
    ...(endpoint ? { endpoint } : provider === 'local' && io.env.SWB_LOCAL_ENDPOINT ? { endpoint: io.env.SWB_LOCAL_ENDPOINT } : {}),
    ...(extra.role ? { role: extra.role } : {}),
    env: io.env,
  });
}

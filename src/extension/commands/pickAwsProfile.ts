import { readProfile, sharedConfigPaths } from '../../core/providers/aws/sharedConfig';
import { profileChoices, regionChoices } from '../cloud/awsProfiles';
import { updateCloudSetting } from '../cloud/cloudSettings';
import type { CommandDefinition } from './registerCommand';

/** The AWS status bar item's picker: profile (from ~/.aws/config and credentials), then region; saved in the settings. */
export const pickAwsProfile: CommandDefinition = {
  id: 'pickAwsProfile',
  what: 'Pick AWS profile',
  async run(services): Promise<{ profile: string; region: string }> {
    const settings = services.cloud.settings();
    const profile = await services.ui.pick(profileChoices(settings, process.env), {
      title: 'AWS Profile',
      placeholder: 'The profile Deploy and the Deployed Functions view use',
      step: 1,
      totalSteps: 2,
    });
    const profileRegion = readProfile(profile || process.env.AWS_PROFILE || 'default', sharedConfigPaths(process.env)).region;
    const region = await services.ui.pick(regionChoices(settings.awsRegion, profileRegion), { title: 'AWS Region', placeholder: 'The region', step: 2, totalSteps: 2 });
    await updateCloudSetting('aws.profile', profile);
    await updateCloudSetting('aws.region', region);
    return { profile, region };
  },
};

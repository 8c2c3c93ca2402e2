import { toAliasConfiguration, toConfiguration, type CloudIdentity } from './configuration';
import type { FunctionConfigurationOutput, FunctionRecord } from './model';
import { paginate, versionKey } from './pagination';

/** The List operations' pages and GetAccountSettings, computed from the records. */

/** A function listed beside the deployed ones (a project function): it has `$LATEST` only. */
export interface ExtraListedFunction {
  name: string;
  configuration(arnQualifier: string | undefined): FunctionConfigurationOutput;
}

export function functionsPage(
  identity: CloudIdentity,
  records: readonly FunctionRecord[],
  marker: string | null,
  maxItems: number,
  allVersions: boolean,
  extra: readonly ExtraListedFunction[] = [],
) {
  // One sort key space for both kinds, so a marker resumes the merged order wherever it stopped.
  const extraEntries = extra.map((f) => ({
    key: allVersions ? `${f.name}\0${versionKey('$LATEST')}` : f.name,
    config: () => f.configuration(allVersions ? '$LATEST' : undefined),
  }));
  const entries = records.flatMap((record) => {
    const latest = {
      key: allVersions ? `${record.name}\0${versionKey('$LATEST')}` : record.name,
      config: () => toConfiguration(identity, record, record.latest, { listing: true, arnQualifier: allVersions ? '$LATEST' : undefined }),
    };
    if (!allVersions) return [latest];
    const versions = record.versions.map((v) => ({
      key: `${record.name}\0${versionKey(v.version)}`,
      config: () => toConfiguration(identity, record, v, { listing: true, arnQualifier: v.version }),
    }));
    return [latest, ...versions];
  });
  const { page, nextMarker } = paginate([...entries, ...extraEntries], (e) => e.key, marker, maxItems);
  return { Functions: page.map((e) => e.config()), ...(nextMarker ? { NextMarker: nextMarker } : {}) };
}

export function versionsPage(identity: CloudIdentity, record: FunctionRecord, marker: string | null, maxItems: number) {
  const { page, nextMarker } = paginate([record.latest, ...record.versions], (s) => versionKey(s.version), marker, maxItems);
  return { Versions: page.map((s) => toConfiguration(identity, record, s, { arnQualifier: s.version })), ...(nextMarker ? { NextMarker: nextMarker } : {}) };
}

export function aliasesPage(identity: CloudIdentity, record: FunctionRecord, version: string | null, marker: string | null, maxItems: number) {
  const aliases = record.aliases.filter((a) => version === null || a.functionVersion === version);
  const { page, nextMarker } = paginate(aliases, (a) => a.name, marker, maxItems);
  return { Aliases: page.map((a) => toAliasConfiguration(identity, record, a)), ...(nextMarker ? { NextMarker: nextMarker } : {}) };
}

/** Lambda's default quotas, and the usage of what is deployed. */
export function accountSettings(records: readonly FunctionRecord[]) {
  // Lambda counts each version's package, even when versions share one.
  const totalCodeSize = records.reduce((sum, r) => sum + r.latest.code.size + r.versions.reduce((s, v) => s + v.code.size, 0), 0);
  return {
    AccountLimit: {
      TotalCodeSize: 80_530_636_800,
      CodeSizeUnzipped: 262_144_000,
      CodeSizeZipped: 52_428_800,
      ConcurrentExecutions: 1000,
      UnreservedConcurrentExecutions: 1000,
    },
    AccountUsage: { TotalCodeSize: totalCodeSize, FunctionCount: records.length },
  };
}

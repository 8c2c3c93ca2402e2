import { listAll } from '../../core/providers';
import type { DeployedFunction, Provider } from '../../core/providers/types';
import type { AwsProfileEntry } from '../cloud/awsProfiles';
import type { LocalCloudState } from '../cloud/localCloud';
import type { ProviderTarget } from '../cloud/providerTargets';
import { localTarget, targetKey } from '../cloud/providerTargets';
import type { DeployedNode } from './deployedNodes';
import { deployedFunctionNode, errorNodes, loadMoreNode, localStoppedNode, noFunctionsNode } from './deployedNodes';

/**
 * What the Deployed Functions view shows: the local cloud and AWS (the default provider first and
 * expanded), AWS as profile → region → functions, the local cloud as endpoint → functions.
 * Function lists are fetched a page at a time and kept until `clear` (Refresh, a deploy), so
 * re-rendering the tree and "Load more" do not list again. No `vscode` here: unit-tested under
 * Node against a real local cloud.
 */
export interface DeployedModelDeps {
  defaultProvider(): 'local' | 'aws';
  localCloud: { readonly state: LocalCloudState; readonly endpoint?: string };
  /** Profiles to show under AWS, the selected one first. */
  awsProfiles(): AwsProfileEntry[];
  /** The target of an AWS profile entry (the selected one follows the settings, e.g. no profile = the default chain). */
  awsTarget(entry: AwsProfileEntry): ProviderTarget;
  providers: { get(target: ProviderTarget): Promise<Provider> };
  /** Functions per page (the cloud's default, 50 on Lambda, when undefined). */
  pageSize?: number;
  now?: () => number;
  /** The tree must render again (a page was added). */
  onDidChange(): void;
}

interface Listing {
  target: ProviderTarget;
  items: DeployedFunction[];
  nextToken?: string;
  first: Promise<void>;
}

export class DeployedFunctionsModel {
  private readonly listings = new Map<string, Listing>();

  constructor(private readonly deps: DeployedModelDeps) {}

  roots(): DeployedNode[] {
    const local = this.localRoot();
    const aws = this.awsRoot();
    return this.deps.defaultProvider() === 'aws' ? [aws, local] : [local, aws];
  }

  /** Forgets fetched lists (all, or one provider's), so the next render lists again. */
  clear(provider?: ProviderTarget['provider']): void {
    for (const [key, listing] of this.listings) {
      if (provider === undefined || listing.target.provider === provider) this.listings.delete(key);
    }
  }

  /** Fetches the next page of a list shown with "Load more". */
  async loadMore(key: string): Promise<void> {
    const listing = this.listings.get(key);
    if (!listing?.nextToken) return;
    const provider = await this.deps.providers.get(listing.target);
    const page = await provider.listFunctions({ pageToken: listing.nextToken, pageSize: this.deps.pageSize });
    listing.items.push(...page.items);
    listing.nextToken = page.nextToken;
    this.deps.onDidChange();
  }

  /** The node of a deployed function as the tree shows it (for "Show in Tree"), when it is in a loaded page. */
  async findFunction(target: ProviderTarget, name: string): Promise<DeployedNode | undefined> {
    const key = targetKey(target);
    let level = this.roots().filter((node) => node.contains?.(key));
    while (level.length) {
      const lister = level.find((node) => node.lists === key);
      if (lister) return (await lister.children!()).find((node: DeployedNode) => node.deployed?.name === name);
      const next: DeployedNode[] = [];
      for (const node of level) if (node.children) next.push(...((await node.children()) as DeployedNode[]).filter((child) => child.contains?.(key)));
      level = next;
    }
    return undefined;
  }

  private localRoot(): DeployedNode {
    const { state, endpoint } = this.deps.localCloud;
    const expanded = this.deps.defaultProvider() === 'local';
    const root: DeployedNode = {
      id: 'deployed:local',
      label: 'Local cloud',
      // The endpoint is the node below.
      description: state === 'running' ? 'running' : state === 'stopped' ? 'not running' : `${state}…`,
      tooltip: 'The local cloud: Lambda’s API on this machine, no account needed.',
      icon: 'cloud',
      contextValue: state === 'running' ? 'deployedProvider.local.running' : 'deployedProvider.local.stopped',
      expanded,
      contains: (key) => key === 'local',
    };
    root.children = async () => {
      if (state === 'starting' || state === 'stopping') {
        return [{ id: 'deployed:local/busy', label: state === 'starting' ? 'Starting the local cloud…' : 'Stopping the local cloud…', icon: 'loading~spin', parent: root }];
      }
      if (state !== 'running' || !endpoint) return [localStoppedNode(root)];
      const endpointNode: DeployedNode = {
        id: 'deployed:local/endpoint',
        label: new URL(endpoint).host,
        description: 'endpoint',
        tooltip: `${endpoint} — use it with the AWS CLI and SDKs (--endpoint-url)`,
        icon: 'plug',
        contextValue: 'deployedEndpoint',
        expanded: true,
        parent: root,
        contains: (key) => key === 'local',
        lists: 'local',
      };
      endpointNode.children = () => this.functionNodes(localTarget, endpointNode);
      return [endpointNode];
    };
    return root;
  }

  private awsRoot(): DeployedNode {
    const root: DeployedNode = {
      id: 'deployed:aws',
      label: 'AWS Lambda',
      tooltip: 'AWS Lambda through your AWS profiles (~/.aws/config, ~/.aws/credentials, SSO).',
      icon: 'cloud',
      contextValue: 'deployedProvider.aws',
      expanded: this.deps.defaultProvider() === 'aws',
      contains: (key) => key.startsWith('aws:'),
    };
    root.children = async () => {
      const profiles = this.deps.awsProfiles();
      return profiles.map((entry) => this.profileNode(entry, root));
    };
    return root;
  }

  private profileNode(entry: AwsProfileEntry, root: DeployedNode): DeployedNode {
    const target = this.deps.awsTarget(entry);
    const key = targetKey(target);
    const node: DeployedNode = {
      id: `deployed:aws/p:${entry.name}`,
      label: entry.name,
      description: [entry.selected ? 'selected' : '', entry.sso ? 'SSO' : ''].filter(Boolean).join(' · ') || undefined,
      tooltip: `AWS profile ${entry.name}${entry.selected ? ' (the one Deploy uses: pick another in the status bar)' : ''}`,
      icon: 'account',
      contextValue: entry.selected ? 'deployedProfile.selected' : 'deployedProfile',
      expanded: entry.selected,
      parent: root,
      contains: (wanted) => wanted === key,
    };
    const region: DeployedNode = {
      id: `${node.id}/r:${entry.region}`,
      label: entry.region,
      description: 'region',
      icon: 'globe',
      contextValue: 'deployedRegion',
      expanded: true,
      parent: node,
      contains: (wanted) => wanted === key,
      lists: key,
    };
    region.children = () => this.functionNodes(target, region);
    node.children = async () => [region];
    return node;
  }

  private async functionNodes(target: ProviderTarget, parent: DeployedNode): Promise<DeployedNode[]> {
    const key = targetKey(target);
    let provider: Provider;
    try {
      provider = await this.deps.providers.get(target);
      await this.listing(key, target, provider).first;
    } catch (error) {
      // Not kept: the next render (Retry) lists again.
      this.listings.delete(key);
      return errorNodes(error, target, parent);
    }
    const listing = this.listings.get(key)!;
    const location = provider.location.label;
    const now = (this.deps.now ?? Date.now)();
    if (listing.items.length === 0) return [noFunctionsNode(location, parent)];
    const nodes = listing.items.map((fn) =>
      deployedFunctionNode(fn, {
        target,
        location,
        parent,
        now,
        versions: () => listAll((pageToken) => provider.listVersions(fn.name, { pageToken })),
        aliases: () => listAll((pageToken) => provider.listAliases(fn.name, { pageToken })),
      }),
    );
    if (listing.nextToken) nodes.push(loadMoreNode(key, parent, listing.items.length));
    return nodes;
  }

  private listing(key: string, target: ProviderTarget, provider: Provider): Listing {
    let listing = this.listings.get(key);
    if (!listing) {
      const created: Listing = { target, items: [], first: Promise.resolve() };
      created.first = provider.listFunctions({ pageSize: this.deps.pageSize }).then((page) => {
        created.items = page.items;
        created.nextToken = page.nextToken;
      });
      listing = created;
      this.listings.set(key, listing);
    }
    return listing;
  }
}


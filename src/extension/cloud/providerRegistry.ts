import type { Provider, ProviderConfig } from '../../core/providers';
import { createProvider } from '../../core/providers';
import type { CloudSettings, ProviderTarget } from './providerTargets';
import { providerConfig } from './providerTargets';

export interface ProviderRegistryDeps {
  settings(): CloudSettings;
  /** The local cloud's endpoint, starting it when it is not running (deploy and invoke are "first use"). */
  localEndpoint(): Promise<string>;
  /** Default `createProvider`; tests may count or wrap what is made. */
  create?: (config: ProviderConfig) => Provider;
}

/**
 * The window's providers, one per configuration (target, endpoint, settings), reused so the SDK's
 * connections stay warm between tree loads, deploys and invokes. `reset` (settings changed, local
 * cloud restarted) drops them all. No `vscode` here: unit-tested under plain Node.
 */
export class ProviderRegistry {
  private readonly providers = new Map<string, { provider: Provider; kind: ProviderTarget['provider'] }>();

  constructor(private readonly deps: ProviderRegistryDeps) {}

  async get(target: ProviderTarget): Promise<Provider> {
    const endpoint = target.provider === 'local' ? await this.deps.localEndpoint() : undefined;
    const config = providerConfig(target, this.deps.settings(), endpoint);
    const key = JSON.stringify(config);
    let entry = this.providers.get(key);
    if (!entry) {
      entry = { provider: (this.deps.create ?? createProvider)(config), kind: target.provider };
      this.providers.set(key, entry);
    }
    return entry.provider;
  }

  /** Closes every provider (or those of one kind); the next `get` makes new ones. */
  reset(kind?: ProviderTarget['provider']): void {
    for (const [key, entry] of this.providers) {
      if (kind !== undefined && entry.kind !== kind) continue;
      entry.provider.dispose();
      this.providers.delete(key);
    }
  }

  dispose(): void {
    this.reset();
  }
}

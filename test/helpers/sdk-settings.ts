/**
 * Settings for the official Looker SDK pointed at one instance. `NodeSettings.readConfig()` returns environment
 * values only, and the session calls it at every login, so credentials handed to the constructor would be
 * ignored: this subclass returns them from readConfig(), as sdk-codegen's looker-sample.ini suggests. The empty
 * environment prefix keeps any LOOKERSDK_* variable of the machine running the tests out.
 */
import { NodeSettings } from '@looker/sdk-node';

export interface SdkCredentials {
  readonly client_id: string;
  readonly client_secret: string;
}

export class InstanceSettings extends NodeSettings {
  readonly #credentials: SdkCredentials;
  constructor(baseUrl: string, credentials: SdkCredentials) {
    super('', {
      base_url: baseUrl,
      verify_ssl: true,
      timeout: 10,
      agentTag: 'looker-audit-tests',
      isConfigured: () => true,
      readConfig: () => ({}),
    });
    this.#credentials = credentials;
  }

  override readConfig(): Record<string, string> {
    return { ...this.#credentials };
  }
}

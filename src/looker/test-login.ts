/** `accounts --test`: log in, read the release (GET /versions), log out: three calls. */
import type { LookerClient } from './client.js';
import { withSession } from './fetch-account.js';

export async function testLogin(client: LookerClient): Promise<{ release: string | null; apiCalls: number }> {
  const release = await withSession(client, async () => {
    const { body } = await client.getJson<{ looker_release_version?: unknown }>('versions', { fields: 'looker_release_version' });
    return typeof body.looker_release_version === 'string' ? body.looker_release_version : null;
  });
  return { release, apiCalls: client.calls };
}

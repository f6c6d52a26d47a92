/** `accounts --test`: log in, read the release (GET /versions), log out: three calls. */
import type { LookerClient } from './client.js';
import { readRelease, withSession } from './fetch-account.js';

export async function checkLogin(client: LookerClient): Promise<{ release: string | null; apiCalls: number }> {
  const release = await withSession(client, () => readRelease(client));
  return { release, apiCalls: client.calls };
}

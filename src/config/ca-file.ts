/**
 * `ca_file`, checked before any API call: a regular file of at most 4 MiB holding a PEM certificate. The Looker
 * client reads it again when it builds the account's connection (synchronously, while it sets up TLS), so what it
 * reads must be a file that cannot block: a named pipe or a device is refused here, and a file that is not a CA
 * bundle is named without any of its content.
 */
import { InputProblem, readInputText, sizeText } from '../input-file.js';

/** Mozilla's whole CA bundle is about 220 KiB; a corporate bundle a few dozen certificates more. */
export const MAX_CA_FILE_BYTES = 4 * 1024 * 1024;

/** Why `path` cannot be the account's ca_file, or null when it can. */
export async function caFileProblem(path: string, signal?: AbortSignal): Promise<string | null> {
  let text: string;
  try {
    text = await readInputText(path, { maxBytes: MAX_CA_FILE_BYTES, regularOnly: true, signal });
  } catch (error) {
    if (!(error instanceof InputProblem)) throw error;
    if (error.kind === 'not-a-file') return `ca_file ${path}: it is not a regular file (a pipe or a device)`;
    if (error.kind === 'too-large') return `ca_file ${path}: it is larger than ${sizeText(MAX_CA_FILE_BYTES)}`;
    return `ca_file ${path}: ${error.message}`;
  }
  return text.includes('-----BEGIN CERTIFICATE-----')
    ? null
    : `ca_file ${path} holds no PEM certificate (-----BEGIN CERTIFICATE-----)`;
}

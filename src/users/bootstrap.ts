/**
 * First start with internal auth and no users: an `admin` user (or GOSSIPPER_BOOTSTRAP_USERNAME)
 * with a random password printed once (or GOSSIPPER_BOOTSTRAP_PASSWORD). Unlike the reference,
 * there is no well-known default password: a fresh install is never open to `admin/sipcapture`.
 */
import { randomBytes } from 'node:crypto';
import type { InternalAuth } from './internal-auth.ts';

export interface BootstrapResult {
  readonly username: string;
  /** The password when it was generated here (to be printed once); undefined when from env. */
  readonly generatedPassword?: string;
}

/** Creates the first admin when there is no user at all; undefined when there already was one. */
export async function bootstrapAdmin(
  auth: InternalAuth,
  env: Readonly<Record<string, string | undefined>>,
): Promise<BootstrapResult | undefined> {
  if (auth.store.countUsers() > 0) return undefined;
  const username = env.GOSSIPPER_BOOTSTRAP_USERNAME || 'admin';
  const fromEnv = env.GOSSIPPER_BOOTSTRAP_PASSWORD;
  // 18 random bytes: 144 bits, 24 characters of base64url (nothing to escape in a shell).
  const password = fromEnv || randomBytes(18).toString('base64url');
  const user = await auth.store.addFirstUser(username, password);
  if (user === undefined) return undefined;
  return { username: user.username, generatedPassword: fromEnv ? undefined : password };
}

/** The lines printed at start after a bootstrap. */
export function bootstrapNotice(result: BootstrapResult, sqlitePath: string): string {
  if (result.generatedPassword === undefined)
    return (
      `gossipper server: created admin user "${result.username}" in ${sqlitePath} ` +
      '(password from GOSSIPPER_BOOTSTRAP_PASSWORD)\n'
    );
  return (
    `gossipper server: created admin user "${result.username}" in ${sqlitePath}\n` +
    `gossipper server: its password, shown this once: ${result.generatedPassword}\n` +
    'gossipper server: change it with: gossipper auth user-passwd -config <file.json> ' +
    `-username ${result.username} -password-stdin\n`
  );
}

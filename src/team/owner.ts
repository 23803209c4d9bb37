import os from 'node:os';

/** Who logs runs on this machine, as the team store names owners: `user@host`, as the Python client does. */
export function thisOwner(): string {
  return `${os.userInfo().username}@${thisHost()}`;
}

export function thisHost(): string {
  return os.hostname();
}

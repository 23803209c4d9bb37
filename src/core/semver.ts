/**
 * Registry versions as GTO spells them: `v` + a semantic version (https://semver.org), e.g.
 * `v1.2.0`, `v2.0.0-rc.1`, `v1.0.0+build.5`. GTO parses them with python-semver after the `v`;
 * this is the same grammar, ordering and bumping.
 */

export interface SemVer {
  major: number;
  minor: number;
  patch: number;
  /** Dot-separated pre-release identifiers (`rc.1` → ['rc', '1']); empty for a release. */
  prerelease: string[];
  build: string | null;
}

export type Bump = 'patch' | 'minor' | 'major';
export const BUMPS: readonly Bump[] = ['patch', 'minor', 'major'];

const NUMBER = '0|[1-9]\\d*';
const PRERELEASE_ID = '0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*';
/** The semver grammar GTO uses (semver.org's regular expression), after a leading `v`. */
export const VERSION_PATTERN =
  `v(?:${NUMBER})\\.(?:${NUMBER})\\.(?:${NUMBER})` +
  `(?:-(?:${PRERELEASE_ID})(?:\\.(?:${PRERELEASE_ID}))*)?` +
  `(?:\\+[0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*)?`;
const VERSION_RE = new RegExp(
  `^v(${NUMBER})\\.(${NUMBER})\\.(${NUMBER})(?:-((?:${PRERELEASE_ID})(?:\\.(?:${PRERELEASE_ID}))*))?(?:\\+([0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*))?$`,
);

export function parseVersion(text: string): SemVer | null {
  const m = VERSION_RE.exec(text);
  if (!m) return null;
  const [major, minor, patch] = [Number(m[1]), Number(m[2]), Number(m[3])];
  // Beyond 2^53 the numbers would compare wrongly; no registry needs them.
  if (![major, minor, patch].every(Number.isSafeInteger)) return null;
  return { major, minor, patch, prerelease: m[4] ? m[4].split('.') : [], build: m[5] ?? null };
}

export function isVersion(text: string): boolean {
  return parseVersion(text) !== null;
}

export function formatVersion(v: SemVer): string {
  return `v${v.major}.${v.minor}.${v.patch}${v.prerelease.length ? `-${v.prerelease.join('.')}` : ''}${v.build ? `+${v.build}` : ''}`;
}

/** Semver precedence: negative when a < b. Build metadata does not count (semver §10). */
export function compareVersions(a: SemVer, b: SemVer): number {
  const core = a.major - b.major || a.minor - b.minor || a.patch - b.patch;
  if (core !== 0) return Math.sign(core);
  // A release ranks above its pre-releases.
  if (a.prerelease.length === 0 || b.prerelease.length === 0) return Math.sign(b.prerelease.length - a.prerelease.length);
  for (let i = 0; i < Math.min(a.prerelease.length, b.prerelease.length); i++) {
    const order = compareIdentifier(a.prerelease[i]!, b.prerelease[i]!);
    if (order !== 0) return order;
  }
  return Math.sign(a.prerelease.length - b.prerelease.length);
}

function compareIdentifier(a: string, b: string): number {
  const an = /^\d+$/.test(a);
  const bn = /^\d+$/.test(b);
  if (an && bn) return Math.sign(Number(a) - Number(b));
  if (an !== bn) return an ? -1 : 1; // numeric identifiers rank below alphanumeric ones
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Compares two version strings; an unparsable one ranks below every valid one. */
export function compareVersionText(a: string, b: string): number {
  const pa = parseVersion(a);
  const pb = parseVersion(b);
  if (pa && pb) return compareVersions(pa, pb);
  if (pa || pb) return pa ? 1 : -1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The next version after `latest` (python-semver's bump, as GTO uses it: pre-release and build
 * are dropped). With no version yet: v0.0.1, v0.1.0 or v1.0.0 (GTO's first version is v0.0.1).
 */
export function bumpVersion(latest: string | null, bump: Bump): string {
  const v = latest === null ? null : parseVersion(latest);
  if (latest !== null && v === null) throw new Error(`not a version: ${latest}`);
  if (v === null) return bump === 'major' ? 'v1.0.0' : bump === 'minor' ? 'v0.1.0' : 'v0.0.1';
  if (bump === 'major') return formatVersion({ major: v.major + 1, minor: 0, patch: 0, prerelease: [], build: null });
  if (bump === 'minor') return formatVersion({ major: v.major, minor: v.minor + 1, patch: 0, prerelease: [], build: null });
  return formatVersion({ major: v.major, minor: v.minor, patch: v.patch + 1, prerelease: [], build: null });
}

/** The greatest of `versions` by semver precedence; null when none is a version. */
export function greatestVersion(versions: Iterable<string>): string | null {
  let best: string | null = null;
  for (const v of versions) {
    if (!isVersion(v)) continue;
    if (best === null || compareVersionText(v, best) > 0) best = v;
  }
  return best;
}

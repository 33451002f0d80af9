/**
 * A login name as stored, looked up and rate limited: compatibility-normalised (NFKC, so
 * full-width `ｆａｍｉｌｙ` is `family`), lower case and trimmed. MariaDB's collation already
 * compares names that differ only so as equal (trailing spaces, width, case) while SQLite and
 * JavaScript do not; normalising once, the same everywhere, makes each such spelling one name:
 * it logs in as that user, counts against that user's limit, and cannot be registered twice.
 */
export function normaliseUsername(name: string): string {
  // NFKC again after lower-casing, since a lower-case letter may have a composed form of its own.
  return name.normalize('NFKC').toLowerCase().normalize('NFKC').trim();
}

/** Groups of names that are one name once normalised (each group as spelt). */
export function clashingUsernames(names: readonly string[]): string[][] {
  const spellings = new Map<string, string[]>();
  for (const name of names) {
    const key = normaliseUsername(name);
    spellings.set(key, [...(spellings.get(key) ?? []), name]);
  }
  return [...spellings.values()].filter((group) => group.length > 1);
}

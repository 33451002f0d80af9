import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { API_TYPES_FILE, apiDocument } from '../../api/openapi-types';

/** The types `npm run api:types` makes of a document (run through tsx: the generator is an ES module). */
function typesOf(document: object): string {
  const script = path.resolve(__dirname, '../../api/openapi-types.ts');
  return execFileSync(process.execPath, [require.resolve('tsx/cli'), script, '--stdin'], { input: JSON.stringify(document), encoding: 'utf8' });
}

/** Where two texts first part, to say what went stale. */
function firstDifference(committed: string, fresh: string): string {
  const [a, b] = [committed.split('\n'), fresh.split('\n')];
  const line = a.findIndex((text, i) => text !== b[i]);
  const at = line === -1 ? a.length : line;
  return `line ${at + 1}: committed ${JSON.stringify(a[at])}, generated ${JSON.stringify(b[at])}`;
}

describe("architecture: the web's API types are the OpenAPI document's", () => {
  it('web/src/api/schema.d.ts is what `npm run api:types` writes from the routes today', () => {
    const committed = fs.readFileSync(API_TYPES_FILE, 'utf8');
    const fresh = typesOf(apiDocument());
    if (committed !== fresh) {
      throw new Error(`web/src/api/schema.d.ts no longer matches the routes' OpenAPI document: run \`npm run api:types\` and commit it (${firstDifference(committed, fresh)})`);
    }
  });

  it('a route the document loses is gone from the generated types, so the check above can fail', () => {
    const document = apiDocument();
    const { '/api/v1/sites': sites, ...otherPaths } = document.paths ?? {};
    expect(sites).toBeDefined();
    expect(typesOf({ ...document, paths: otherPaths })).not.toContain('"/api/v1/sites": {');
  });
});
